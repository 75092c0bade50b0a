namespace PartyActors.Client;

/// <summary>The body of <c>PUT /api/v1/orgs/{orgId}</c>.</summary>
/// <param name="Kind">One of <see cref="OrganizationKinds"/>.</param>
/// <param name="ParentId">Null only for a root; a new parent moves the subtree and its roll-ups.</param>
public sealed record PutOrganizationRequest(string Name, string Kind, string? ParentId);

/// <summary>An organization as <c>GET /api/v1/orgs/{orgId}</c> returns it.</summary>
/// <param name="ReportedIn">For a unit stationed in a community, where it is reported in (双报到); null otherwise.</param>
/// <param name="Lineage">The splits and merges it took part in (docs/reshaping.md); null when none.</param>
public sealed record Organization(
    string Id,
    string Name,
    string Kind,
    string? ParentId,
    IReadOnlyList<string>? ChildIds,
    Rollup? Rollup,
    OrganizationReportIn? ReportedIn = null,
    OrganizationLineage? Lineage = null)
{
    public IReadOnlyList<string> ChildIds { get; init; } = ChildIds ?? [];
}

/// <summary>The answer of <c>GET /api/v1/orgs/{orgId}/children</c>.</summary>
public sealed record OrganizationChildren(IReadOnlyList<OrganizationSummary>? Items)
{
    public IReadOnlyList<OrganizationSummary> Items { get; init; } = Items ?? [];
}

/// <summary>A child in a listing: its name, kind and roll-up.</summary>
public sealed record OrganizationSummary(string Id, string Name, string Kind, Rollup? Rollup);

/// <summary>What a <c>PUT</c> did: 201 created the resource, 200 replaced it.</summary>
public enum PutOutcome
{
    Updated,
    Created,
}

/// <summary>The direction of a ranking (<c>order=asc|desc</c>).</summary>
public enum SortOrder
{
    Ascending,
    Descending,
}

/// <summary>
/// The organization kinds api.md lists. Kinds travel as strings so that a kind the server adds
/// later does not break reading an organization.
/// </summary>
public static class OrganizationKinds
{
    /// <summary>District (区).</summary>
    public const string District = "district";

    /// <summary>Street (街道).</summary>
    public const string Street = "street";

    /// <summary>Township (乡镇).</summary>
    public const string Township = "township";

    /// <summary>Urban community (社区).</summary>
    public const string Community = "community";

    /// <summary>Village (村).</summary>
    public const string Village = "village";

    /// <summary>Grid (网格), the smallest unit of community management.</summary>
    public const string Grid = "grid";

    /// <summary>Party committee (党委).</summary>
    public const string Committee = "committee";

    /// <summary>General Party branch (党总支).</summary>
    public const string GeneralBranch = "general-branch";

    /// <summary>Party branch (党支部).</summary>
    public const string Branch = "branch";

    /// <summary>Party group (党小组).</summary>
    public const string PartyGroup = "party-group";

    public const string Agency = "agency";
    public const string Institution = "institution";
    public const string Enterprise = "enterprise";

    /// <summary>Social organization (社会组织).</summary>
    public const string SocialOrg = "social-org";

    /// <summary>Joint branch (联合党支部) of several small units.</summary>
    public const string JointBranch = "joint-branch";

    /// <summary>Temporary Party organization (临时党组织).</summary>
    public const string Temporary = "temporary";
}
