using System.Text.Json.Serialization;

namespace PartyActors.Client;

/// <summary>
/// The body of <c>PUT /api/v1/orgs/{orgId}/points-rules</c>: the organization's whole table, inherited
/// by its subtree unless overridden below. A deduction left out takes its default (1 for a no-show,
/// 2 for an overdue commitment), not an ancestor's value.
/// </summary>
/// <param name="Mode">One of <see cref="PointsModes"/>.</param>
/// <param name="Points">Points per hour served (<c>per-hour</c>) or per rated claim (<c>per-event</c>).</param>
/// <param name="CapPerActivity">The most one claim earns; null: no cap.</param>
/// <param name="DailyCap">The most a member earns in a day (China Standard Time); null: no cap.</param>
public sealed record PutPointsRulesRequest(
    string Mode,
    int Points,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? CapPerActivity = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? DailyCap = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? NoShowDeduction = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? OverdueDeduction = null);

/// <summary>The points rules that apply at an organization, as <c>GET /api/v1/orgs/{orgId}/points-rules</c> returns them.</summary>
/// <param name="DefinedAt">The organization whose own table applies (the organization itself or its closest ancestor with one); null for the defaults.</param>
/// <param name="Mode">One of <see cref="PointsModes"/>.</param>
public sealed record PointsRules(
    string OrgId,
    string? DefinedAt,
    string Mode,
    int Points,
    int? CapPerActivity,
    int? DailyCap,
    int NoShowDeduction,
    int OverdueDeduction);

/// <summary>How a rule table counts points.</summary>
public static class PointsModes
{
    /// <summary>Points per hour served, rounded to whole points, halves up.</summary>
    public const string PerHour = "per-hour";

    /// <summary>Points per completed and rated claim, whatever its length.</summary>
    public const string PerEvent = "per-event";
}

/// <summary>The members of record in a subtree ranked by points earned in a period.</summary>
/// <param name="Period">The period asked for: <c>2026</c>, <c>2026-Q4</c> or <c>2026-11</c>, China Standard Time.</param>
public sealed record MemberRanking(string OrgId, string Period, IReadOnlyList<RankedMember>? Items)
{
    /// <summary>The ranked members, first place first.</summary>
    public IReadOnlyList<RankedMember> Items { get; init; } = Items ?? [];
}

/// <summary>A member's place in a ranking; <paramref name="OrgId"/> is its organization of record.</summary>
public sealed record RankedMember(int Rank, string MemberId, string OrgId, long Points);

/// <summary>An organization's children ranked by the points their subtrees' members of record earned in a period.</summary>
public sealed record ChildRanking(string OrgId, string Period, IReadOnlyList<RankedOrganization>? Items)
{
    /// <summary>The ranked children, first place first.</summary>
    public IReadOnlyList<RankedOrganization> Items { get; init; } = Items ?? [];
}

/// <summary>An organization's place in a ranking of siblings.</summary>
public sealed record RankedOrganization(int Rank, string OrgId, string Name, long Points);
