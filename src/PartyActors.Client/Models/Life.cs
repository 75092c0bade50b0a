using System.Text.Json.Serialization;

namespace PartyActors.Client;

/// <summary>The activities of organizational life (三会一课), as a requirement's <c>activity</c> and a meeting's <c>type</c>.</summary>
public static class LifeActivities
{
    /// <summary>支部党员大会: a meeting of all members of a branch.</summary>
    public const string MemberMeeting = "member-meeting";

    /// <summary>支委会, or a general branch's or committee's 委员会会议.</summary>
    public const string CommitteeMeeting = "committee-meeting";

    /// <summary>党小组会: a meeting of a Party group.</summary>
    public const string GroupMeeting = "group-meeting";

    /// <summary>党课.</summary>
    public const string PartyLesson = "party-lesson";

    /// <summary>组织生活会 / 民主生活会.</summary>
    public const string DemocraticLifeMeeting = "democratic-life-meeting";

    /// <summary>民主评议党员.</summary>
    public const string DemocraticAppraisal = "democratic-appraisal";

    /// <summary>主题党日.</summary>
    public const string PartyDay = "party-day";
}

/// <summary>How often a required activity is due: once in every calendar month, quarter or year of China Standard Time.</summary>
public static class LifeCadences
{
    public const string Monthly = "monthly";

    public const string Quarterly = "quarterly";

    public const string Yearly = "yearly";
}

/// <summary>Where one cycle of a requirement stands in a compliance report.</summary>
public static class CycleStatuses
{
    /// <summary>Held with quorum in the cycle.</summary>
    public const string Met = "met";

    /// <summary>The cycle is under way and nothing counting was held yet.</summary>
    public const string Due = "due";

    /// <summary>The cycle ended without a counting meeting.</summary>
    public const string Missed = "missed";

    /// <summary>The cycle has not begun.</summary>
    public const string Upcoming = "upcoming";
}

/// <summary>One required activity: held with quorum at least once per cycle of its cadence.</summary>
/// <param name="Activity">One of <see cref="LifeActivities"/>.</param>
/// <param name="Cadence">One of <see cref="LifeCadences"/>.</param>
public sealed record LifeRequirement(string Activity, string Cadence);

/// <summary>What a template requires of organizations of one kind (<see cref="OrganizationKinds"/>); an empty list requires nothing.</summary>
public sealed record LifeKindRequirements(string Kind, IReadOnlyList<LifeRequirement>? Requirements)
{
    public IReadOnlyList<LifeRequirement> Requirements { get; init; } = Requirements ?? [];
}

/// <summary>
/// A template of organizational life, the body of <c>PUT /api/v1/orgs/{orgId}/life/template</c>: per
/// kind, the activities required of the organization and its subtree; kinds it does not name are
/// decided further up the tree, or by the server's defaults.
/// </summary>
public sealed record LifeTemplate(IReadOnlyList<LifeKindRequirements>? Kinds)
{
    public IReadOnlyList<LifeKindRequirements> Kinds { get; init; } = Kinds ?? [];
}

/// <summary>The template that applies at an organization (<c>GET /api/v1/orgs/{orgId}/life/template</c>).</summary>
/// <param name="Requirements">What its kind is required to hold.</param>
/// <param name="DefinedAt">The organization whose template named the kind (itself or the closest ancestor); null: the defaults.</param>
/// <param name="Own">Its own template; null when it inherits.</param>
/// <param name="Refreshed">After a <c>PUT</c>: the organizations whose figures were recounted.</param>
public sealed record LifeTemplateView(string OrgId, string Kind, IReadOnlyList<LifeRequirement>? Requirements, string? DefinedAt, LifeTemplate? Own, int? Refreshed)
{
    public IReadOnlyList<LifeRequirement> Requirements { get; init; } = Requirements ?? [];
}

/// <summary>A reminder recorded on an organization: <paramref name="Activity"/> is still not held in <paramref name="Cycle"/>, which ends at <paramref name="DueBy"/>.</summary>
/// <param name="Cycle">A month (<c>2026-11</c>), quarter (<c>2026-Q4</c>) or year (<c>2026</c>).</param>
/// <param name="Message">In Chinese and English.</param>
public sealed record LifeNotice(DateTimeOffset At, string Activity, string Cycle, DateTimeOffset DueBy, string Message);

/// <summary>
/// An organization's organizational life now (<c>GET /api/v1/orgs/{orgId}/life</c>): the activities
/// required of it, its own <c>meetingsRequired</c> and <c>meetingsHeld</c> in the cycles under way,
/// and its reminders, newest first.
/// </summary>
public sealed record OrganizationLife(
    string OrgId,
    string Kind,
    IReadOnlyList<LifeRequirement>? Requirements,
    string? DefinedAt,
    long MeetingsRequired,
    long MeetingsHeld,
    DateTimeOffset? ChangedAt,
    IReadOnlyList<LifeNotice>? Notices)
{
    public IReadOnlyList<LifeRequirement> Requirements { get; init; } = Requirements ?? [];

    public IReadOnlyList<LifeNotice> Notices { get; init; } = Notices ?? [];
}

/// <summary>One cycle of a required activity: the counting meetings held in it and its <see cref="CycleStatuses"/>.</summary>
public sealed record LifeCycleCompliance(string Cycle, DateTimeOffset Start, DateTimeOffset End, int Held, string Status);

/// <summary>One required activity in a compliance report: its cycles overlapping the period, how many have begun (<paramref name="Required"/>) and how many were met.</summary>
public sealed record LifeRequirementCompliance(string Activity, string Cadence, int Required, int Held, IReadOnlyList<LifeCycleCompliance>? Cycles)
{
    public IReadOnlyList<LifeCycleCompliance> Cycles { get; init; } = Cycles ?? [];
}

/// <summary>Held against required for a period (<c>GET /api/v1/orgs/{orgId}/life/compliance?period=</c>), under the template that applies now.</summary>
/// <param name="Compliant">No cycle that ended lacks its activity.</param>
public sealed record LifeCompliance(
    string OrgId,
    string Period,
    DateTimeOffset AsOf,
    string? DefinedAt,
    int Required,
    int Held,
    int Missed,
    bool Compliant,
    IReadOnlyList<LifeRequirementCompliance>? Items)
{
    public IReadOnlyList<LifeRequirementCompliance> Items { get; init; } = Items ?? [];
}

/// <summary>An organization of a subtree that missed required activities in a period.</summary>
public sealed record NoncompliantOrganization(string OrgId, string Kind, int Required, int Held, int Missed);

/// <summary>
/// The organizations of a subtree that missed a required activity in a period, most missed first
/// (<c>GET /api/v1/orgs/{orgId}/life/noncompliant?period=</c>), out of <paramref name="Organizations"/>
/// asked, <paramref name="Compliant"/> of which missed none.
/// </summary>
public sealed record NoncompliantOrganizations(string OrgId, string Period, int Organizations, int Compliant, IReadOnlyList<NoncompliantOrganization>? Items)
{
    public IReadOnlyList<NoncompliantOrganization> Items { get; init; } = Items ?? [];
}

/// <summary>The body of <c>POST /api/v1/orgs/{orgId}/meetings</c>.</summary>
/// <param name="Type">One of <see cref="LifeActivities"/>.</param>
/// <param name="Date">The day it was held in China, not after today, in the cycle under way or the one before.</param>
/// <param name="Attendees">Probationary or full members of record of the organization; may be empty.</param>
/// <param name="Minutes">1 to 20,000 characters.</param>
public sealed record RecordMeetingRequest(
    string Type,
    DateOnly Date,
    IReadOnlyList<string> Attendees,
    string Minutes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Topic = null);

/// <summary>A meeting's quorum check: <paramref name="Met"/> when more than half of the organization's own members attended (<paramref name="Needed"/> of <paramref name="Members"/>).</summary>
public sealed record MeetingQuorum(int Attendees, int Members, int Needed, bool Met);

/// <summary>A meeting as recorded (<c>GET /api/v1/meetings/{meetingId}</c>); <paramref name="Counts"/> when it had quorum.</summary>
public sealed record Meeting(
    string Id,
    string OrgId,
    string Type,
    DateOnly Date,
    string? Topic,
    string Minutes,
    IReadOnlyList<string>? Attendees,
    MeetingQuorum Quorum,
    bool Counts,
    DateTimeOffset RecordedAt,
    string RecordedBy)
{
    public IReadOnlyList<string> Attendees { get; init; } = Attendees ?? [];
}

/// <summary>A meeting in an organization's list: <paramref name="Attendees"/> is how many attended.</summary>
public sealed record MeetingSummary(string Id, string Type, DateOnly Date, string? Topic, int Attendees, bool Counts);

/// <summary>A page of <c>GET /api/v1/orgs/{orgId}/meetings</c>, by date; <paramref name="Next"/> asks for the next page (null: the last).</summary>
public sealed record MeetingPage(string OrgId, string? Period, IReadOnlyList<MeetingSummary>? Items, string? Next)
{
    public IReadOnlyList<MeetingSummary> Items { get; init; } = Items ?? [];
}
