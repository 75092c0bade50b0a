namespace PartyActors.Grains;

/// <summary>What a project keeps durable.</summary>
internal sealed class ProjectState
{
    /// <summary>Null until published.</summary>
    public ProjectDefinition? Definition { get; set; }

    public DateTimeOffset PublishedAt { get; set; }

    /// <summary>Closed by hand or by its <see cref="ProjectDefinition.ClosesAt"/> passing.</summary>
    public bool Closed { get; set; }

    /// <summary>
    /// When it closed (its <see cref="ProjectDefinition.ClosesAt"/> when that closed it): the no-show
    /// deadline counts from it. Null for projects closed before it was kept, which charge no no-shows.
    /// </summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Claims in the order they were made. A rated claim whose <see cref="ProjectClaim.Points"/> is null still owes its award.</summary>
    public List<ProjectClaim> Claims { get; set; } = [];

    /// <summary>Grows with every committed change; stamps the contribution sent to the organization.</summary>
    public long Version { get; set; }

    public ProjectState Copy()
    {
        var copy = (ProjectState)MemberwiseClone();
        copy.Claims = [.. Claims];
        return copy;
    }
}

/// <summary>The projects published at one organization.</summary>
internal sealed class ProjectIndexState
{
    public List<string> ProjectIds { get; set; } = [];
}

/// <summary>The projects a member has claimed on.</summary>
internal sealed class MemberProjectsState
{
    public List<string> Ids { get; set; } = [];
}
