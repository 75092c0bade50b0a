namespace PartyActors.Client;

/// <summary>The body of <c>POST /api/v1/orgs/{orgId}/split</c>.</summary>
/// <param name="GridIds">Grids of the split community that go, with their subtrees (and the members living there).</param>
/// <param name="MemberIds">Members of record of the split community that transfer to the new one.</param>
/// <param name="MoveItems">Open items counted at the split community that go too; the rest stays.</param>
public sealed record SplitCommunityRequest(
    NewCommunity NewOrg,
    IReadOnlyList<string> GridIds,
    IReadOnlyList<string> MemberIds,
    IReadOnlyList<ReshapeItem>? MoveItems = null);

/// <summary>The community a split creates: its id and name; its kind is the split one's, its parent the same unless given.</summary>
public sealed record NewCommunity(string Id, string Name, string? ParentId = null, string? Kind = null);

/// <summary>An item counted at a community: <see cref="Kind"/> one of <see cref="ReshapeItemKinds"/>.</summary>
public sealed record ReshapeItem(string Kind, string Id);

/// <summary>The kinds of item a split moves (the wire names).</summary>
public static class ReshapeItemKinds
{
    /// <summary>A commitment (承诺) counted at the community.</summary>
    public const string Commitment = "commitment";

    public const string Project = "project";

    /// <summary>A resident's request (群众诉求) filed at the community.</summary>
    public const string ResidentRequest = "resident-request";

    /// <summary>A unit stationed in the community (驻区单位), by the unit's organization id.</summary>
    public const string OrganizationReportIn = "organization-report-in";
}

/// <summary>The body of <c>POST /api/v1/orgs/{orgId}/merge</c>: the community absorbed.</summary>
public sealed record MergeCommunityRequest(string FromOrgId);

/// <summary>A split or merge as <c>GET /api/v1/reshapes/{id}</c> returns it.</summary>
/// <param name="Kind"><c>split</c> or <c>merge</c>.</param>
/// <param name="Status">One of <see cref="ReshapeStatuses"/>.</param>
/// <param name="OtherOrgId">The new community of a split; the absorbed one of a merge.</param>
/// <param name="Errors">What could not follow (the reshape went on without it), or why it failed.</param>
public sealed record Reshape(
    string Id,
    string Kind,
    string Status,
    string OrgId,
    string OtherOrgId,
    int StepsDone,
    int StepsTotal,
    IReadOnlyList<ReshapeError>? Errors,
    string By,
    DateTimeOffset AcceptedAt,
    DateTimeOffset? FinishedAt)
{
    public IReadOnlyList<ReshapeError> Errors { get; init; } = Errors ?? [];

    /// <summary>Whether it has stopped for good (completed or failed).</summary>
    public bool IsFinished => Status is ReshapeStatuses.Completed or ReshapeStatuses.Failed;
}

/// <summary>A step that could not be done.</summary>
public sealed record ReshapeError(string Step, string Code, string Message);

/// <summary>Where a reshape stands (the wire names).</summary>
public static class ReshapeStatuses
{
    public const string Running = "running";

    public const string Completed = "completed";

    public const string Failed = "failed";
}

/// <summary>The splits and merges an organization took part in.</summary>
public sealed record OrganizationLineage(
    LineageLink? SplitFrom,
    IReadOnlyList<LineageLink>? SplitInto,
    IReadOnlyList<LineageLink>? MergedFrom,
    LineageLink? MergedInto)
{
    public IReadOnlyList<LineageLink> SplitInto { get; init; } = SplitInto ?? [];

    public IReadOnlyList<LineageLink> MergedFrom { get; init; } = MergedFrom ?? [];
}

/// <summary>The other organization of a split or merge, when, by whom, and the operation.</summary>
public sealed record LineageLink(string OrgId, DateTimeOffset At, string By, string ReshapeId);
