namespace PartyActors.Client;

/// <summary>The body of <c>POST /api/v1/orgs/{orgId}/requests</c>.</summary>
/// <param name="Channel">One of <see cref="RequestChannels"/>.</param>
public sealed record FileResidentRequest(string Title, string Category, string Channel);

/// <summary>How a resident's request came in (the wire names).</summary>
public static class RequestChannels
{
    /// <summary>Found or taken by a grid worker on patrol (网格巡查).</summary>
    public const string GridPatrol = "grid-patrol";

    public const string App = "app";

    /// <summary>The hotline (热线).</summary>
    public const string Hotline = "hotline";

    /// <summary>The mailbox (意见箱).</summary>
    public const string Mailbox = "mailbox";

    /// <summary>A visit in person (来访).</summary>
    public const string Visit = "visit";
}

/// <summary>Where a request stands (<c>status</c>), and the ledger's filters (<c>?status=</c>).</summary>
public static class RequestStatuses
{
    /// <summary>As a status: unanswered, its term running. As a filter: every request not closed, replied ones included.</summary>
    public const string Open = "open";

    public const string Replied = "replied";

    public const string Closed = "closed";

    /// <summary>A filter only: not closed and past a deadline.</summary>
    public const string Overdue = "overdue";
}

/// <summary>The units of an SLA term.</summary>
public static class SlaUnits
{
    /// <summary>Working days in China Standard Time (weekends and holidays skipped, make-up working days counted).</summary>
    public const string WorkingDays = "working-days";

    public const string Hours = "hours";
}

/// <summary>The answer to filing a request: its id and the deadline of its first term.</summary>
public sealed record ResidentRequestFiled(string Id, DateTimeOffset DueAt);

/// <summary>The body of <c>POST /api/v1/requests/{requestId}/reply</c>.</summary>
public sealed record ResidentRequestReply(string Text);

/// <summary>The body of <c>POST /api/v1/requests/{requestId}/assign</c>: exactly one of a member and an organization.</summary>
public sealed record ResidentRequestAssignee(string? MemberId, string? OrgId);

/// <summary>The body of <c>POST /api/v1/requests/{requestId}/close</c>: the resident's satisfaction, 1 to 5.</summary>
public sealed record ResidentRequestRating(int Satisfaction);

/// <summary>The body of <c>POST /api/v1/requests/{requestId}/reopen</c>.</summary>
public sealed record ResidentRequestReopening(string Reason);

/// <summary>A term: an amount of <see cref="SlaUnits"/>.</summary>
public sealed record RequestSlaTerm(int Amount, string Unit);

/// <summary>A term for a category and/or a level (an organization kind, <see cref="OrganizationKinds"/>).</summary>
public sealed record RequestSlaRule(string? Category, string? Level, int Amount, string Unit);

/// <summary>The SLA table of <c>/api/v1/requests/sla</c>.</summary>
public sealed record RequestSla(RequestSlaTerm Default, IReadOnlyList<RequestSlaRule>? Rules)
{
    public IReadOnlyList<RequestSlaRule> Rules { get; init; } = Rules ?? [];
}

/// <summary>A year's holidays and make-up working days (调休) of <c>/api/v1/calendar/{year}</c>.</summary>
public sealed record WorkCalendar(int Year, IReadOnlyList<DateOnly>? Holidays, IReadOnlyList<DateOnly>? Workdays)
{
    public IReadOnlyList<DateOnly> Holidays { get; init; } = Holidays ?? [];

    public IReadOnlyList<DateOnly> Workdays { get; init; } = Workdays ?? [];
}

/// <summary>A reply to a request.</summary>
public sealed record ResidentRequestAnswer(DateTimeOffset At, string Text, string By);

/// <summary>Who a request is assigned to, since when, by whom.</summary>
public sealed record ResidentRequestAssignment(string? MemberId, string? OrgId, DateTimeOffset At, string By);

/// <summary>One step of escalation (督办): from the organization that missed its deadline to its parent, due by <paramref name="DueAt"/>.</summary>
public sealed record ResidentRequestEscalation(DateTimeOffset At, string FromOrgId, string ToOrgId, DateTimeOffset MissedDueAt, DateTimeOffset DueAt);

/// <summary>A reopening: why, by whom, the rating it withdrew and the new deadline.</summary>
public sealed record ResidentRequestReopened(DateTimeOffset At, string Reason, string By, int? WithdrawnSatisfaction, DateTimeOffset DueAt);

/// <summary>A resident's request as <c>GET /api/v1/requests/{requestId}</c> answers it.</summary>
/// <param name="Status">One of <see cref="RequestStatuses.Open"/>, <see cref="RequestStatuses.Replied"/>, <see cref="RequestStatuses.Closed"/>.</param>
/// <param name="EscalatedTo">The organization it escalated to last; null while it never escalated.</param>
public sealed record ResidentRequest(
    string Id,
    string OrgId,
    string Title,
    string Category,
    string Channel,
    string Status,
    DateTimeOffset DueAt,
    bool Overdue,
    string? EscalatedTo,
    string ResponsibleOrgId,
    DateTimeOffset FiledAt,
    string FiledBy,
    RequestSlaTerm Sla,
    DateTimeOffset? OverdueSince,
    ResidentRequestAssignment? Assignee,
    IReadOnlyList<ResidentRequestAnswer>? Replies,
    int? Satisfaction,
    DateTimeOffset? ClosedAt,
    string? ClosedBy,
    IReadOnlyList<ResidentRequestEscalation>? Escalations,
    IReadOnlyList<ResidentRequestReopened>? Reopenings)
{
    public IReadOnlyList<ResidentRequestAnswer> Replies { get; init; } = Replies ?? [];

    public IReadOnlyList<ResidentRequestEscalation> Escalations { get; init; } = Escalations ?? [];

    public IReadOnlyList<ResidentRequestReopened> Reopenings { get; init; } = Reopenings ?? [];
}

/// <summary>A request as a ledger (台账) lists it.</summary>
public sealed record ResidentRequestLedgerEntry(
    string Id,
    string OrgId,
    string Title,
    string Category,
    string Status,
    bool Overdue,
    DateTimeOffset FiledAt,
    DateTimeOffset DueAt,
    string? EscalatedTo);

/// <summary>A page of <c>GET /api/v1/orgs/{orgId}/requests</c>; <paramref name="Next"/> asks for the next page (null: the last).</summary>
public sealed record ResidentRequestLedgerPage(string OrgId, string? Status, IReadOnlyList<ResidentRequestLedgerEntry>? Items, string? Next)
{
    public IReadOnlyList<ResidentRequestLedgerEntry> Items { get; init; } = Items ?? [];
}
