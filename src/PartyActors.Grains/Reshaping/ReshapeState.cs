namespace PartyActors.Grains;

/// <summary>
/// What a reshape keeps durable as it runs: what it is, how far it got, and what it could not do. The
/// plan (<see cref="ReshapePlan"/>) has a row of its own, written once: this record is written every
/// <see cref="ReshapeOptions.Parallelism"/> steps, and with the plan in it each write grew with the
/// community, so a reshape wrote in all a volume growing with the square of its members.
/// </summary>
internal sealed class ReshapeState
{
    /// <summary>Null until the order is accepted.</summary>
    public ReshapeKind? Kind { get; set; }

    public string OrgId { get; set; } = "";

    /// <summary>The new community of a split; the absorbed one of a merge.</summary>
    public string OtherOrgId { get; set; } = "";

    /// <summary>Only in a record written before the plan had a row of its own: moved there on activation.</summary>
    public SplitOrder? Split { get; set; }

    /// <summary>The kind of the reshaped communities (the new one of a split takes it).</summary>
    public OrganizationKind OrgKind { get; set; }

    /// <summary>Only in a record written before the plan had a row of its own: moved there on activation.</summary>
    public List<ReshapeStep> Steps { get; set; } = [];

    /// <summary>How many steps, from the first, are done (durable every <see cref="ReshapeOptions.Parallelism"/> steps).</summary>
    public int Done { get; set; }

    public List<ReshapeError> Errors { get; set; } = [];

    public ReshapeStatus Status { get; set; }

    public string By { get; set; } = "";

    public DateTimeOffset AcceptedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>A reshape's order and its steps, written once when the order is accepted, before the 202.</summary>
internal sealed class ReshapePlan
{
    /// <summary>The order of a split (the new community's id, name and parent are read from it); null for a merge.</summary>
    public SplitOrder? Split { get; set; }

    /// <summary>The steps in the order they run; each is idempotent, so a step repeated after a crash changes nothing.</summary>
    public List<ReshapeStep> Steps { get; set; } = [];
}

/// <summary>One step: what it does (<see cref="ReshapeAction"/>) and to what (an organization, a member, a source key).</summary>
internal sealed record ReshapeStep(ReshapeAction Action, string Target);

internal enum ReshapeAction
{
    /// <summary>Creates the new community of a split (under its parent).</summary>
    CreateOrg,

    /// <summary>Moves a grid (split) or a child (merge) under the new or surviving community, with its subtree.</summary>
    MoveChild,

    /// <summary>Relocates a source (<see cref="SourceKey"/> text) from the old community to the new or surviving one.</summary>
    Relocate,

    /// <summary>Merge: relocates and moves whatever arrived at the absorbed community since the plan, then dissolves it.</summary>
    Dissolve,

    /// <summary>Records the lineage on both organizations.</summary>
    Lineage,
}

/// <summary>What an organization's lineage grain keeps durable.</summary>
internal sealed class OrganizationLineageState
{
    public LineageLink? SplitFrom { get; set; }

    public List<LineageLink> SplitInto { get; set; } = [];

    public List<LineageLink> MergedFrom { get; set; } = [];

    public LineageLink? MergedInto { get; set; }

    /// <summary>The reshape running on the organization, if any.</summary>
    public string? ReservedBy { get; set; }
}
