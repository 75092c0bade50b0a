using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace PartyActors.Grains;

/// <summary>Where a resident's request stands; serialized by its wire name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RequestStatus>))]
[GenerateSerializer, Alias("PartyActors.RequestStatus")]
public enum RequestStatus
{
    /// <summary>Filed (or reopened) and not yet answered: its deadline runs.</summary>
    [JsonStringEnumMemberName("open")] Open,

    /// <summary>Answered (答复); still counted open until the resident's rating closes it.</summary>
    [JsonStringEnumMemberName("replied")] Replied,

    /// <summary>Closed with a satisfaction rating (销号).</summary>
    [JsonStringEnumMemberName("closed")] Closed,
}

/// <summary>How a request came in; serialized by its wire name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RequestChannel>))]
[GenerateSerializer, Alias("PartyActors.RequestChannel")]
public enum RequestChannel
{
    /// <summary>Found or taken by a grid worker on patrol (网格巡查).</summary>
    [JsonStringEnumMemberName("grid-patrol")] GridPatrol,

    [JsonStringEnumMemberName("app")] App,

    /// <summary>The hotline (热线, e.g. 12345).</summary>
    [JsonStringEnumMemberName("hotline")] Hotline,

    /// <summary>The mailbox (意见箱, 书记信箱).</summary>
    [JsonStringEnumMemberName("mailbox")] Mailbox,

    /// <summary>A visit in person (来访).</summary>
    [JsonStringEnumMemberName("visit")] Visit,
}

/// <summary>What the ledger of requests filters by; serialized by its wire name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RequestLedgerFilter>))]
[GenerateSerializer, Alias("PartyActors.RequestLedgerFilter")]
public enum RequestLedgerFilter
{
    /// <summary>Not closed (replied ones included), as <c>requestsOpen</c> counts them.</summary>
    [JsonStringEnumMemberName("open")] Open,

    /// <summary>Not closed and past a deadline, as <c>requestsOverdue</c> counts them.</summary>
    [JsonStringEnumMemberName("overdue")] Overdue,

    /// <summary>Replied and not closed.</summary>
    [JsonStringEnumMemberName("replied")] Replied,

    [JsonStringEnumMemberName("closed")] Closed,
}

/// <summary>One year's public holidays and make-up working days (调休), as dates in China Standard Time.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.WorkCalendarYear")]
public sealed record WorkCalendarYear([property: Id(0)] int Year, [property: Id(1)] ImmutableArray<DateOnly> Holidays, [property: Id(2)] ImmutableArray<DateOnly> Workdays);

/// <summary>The deadline of a term that starts now, and the term it came from.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.RequestDeadline")]
public sealed record RequestDeadline([property: Id(0)] DateTimeOffset DueAt, [property: Id(1)] SlaTerm Term);

/// <summary>What a resident asks, where: a grid or community, a title, a category and the channel it came by.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.RequestFiling")]
public sealed record RequestFiling([property: Id(0)] string OrgId, [property: Id(1)] string Title, [property: Id(2)] string Category, [property: Id(3)] RequestChannel Channel);

/// <summary>Who a request is assigned to: a member or an organization (exactly one).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.RequestAssignee")]
public sealed record RequestAssignee([property: Id(0)] string? MemberId, [property: Id(1)] string? OrgId);

/// <summary>An assignment as recorded.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.RequestAssignment")]
public sealed record RequestAssignment([property: Id(0)] string? MemberId, [property: Id(1)] string? OrgId, [property: Id(2)] DateTimeOffset At, [property: Id(3)] string By);

[GenerateSerializer, Immutable, Alias("PartyActors.RequestReply")]
public sealed record RequestReply([property: Id(0)] DateTimeOffset At, [property: Id(1)] string Text, [property: Id(2)] string By);

/// <summary>
/// One step of escalation (督办): the request, open past <see cref="MissedDueAt"/>, passed from
/// <see cref="FromOrgId"/> to its parent <see cref="ToOrgId"/>, which must answer by <see cref="DueAt"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.RequestEscalation")]
public sealed record RequestEscalation(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string FromOrgId,
    [property: Id(2)] string ToOrgId,
    [property: Id(3)] DateTimeOffset MissedDueAt,
    [property: Id(4)] DateTimeOffset DueAt);

/// <summary>A closed request opened again: its rating is withdrawn (kept here) and a new term starts.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.RequestReopening")]
public sealed record RequestReopening(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Reason,
    [property: Id(2)] string By,
    [property: Id(3)] int? WithdrawnSatisfaction,
    [property: Id(4)] DateTimeOffset DueAt);

/// <summary>A resident's request as read (api.md, "Residents' requests").</summary>
/// <param name="OrgId">The grid or community where it was filed, and where it is counted for good.</param>
/// <param name="ResponsibleOrgId">Who must answer now: <see cref="OrgId"/>, or the last organization it escalated to.</param>
/// <param name="EscalatedTo">The organization it escalated to last; null while it never escalated.</param>
/// <param name="DueAt">The current term's deadline.</param>
/// <param name="Overdue">Whether it was found unanswered past a deadline; stays true until it is closed.</param>
/// <param name="Sla">The current term.</param>
[GenerateSerializer, Immutable, Alias("PartyActors.RequestDetails")]
public sealed record RequestDetails(
    [property: Id(0)] string Id,
    [property: Id(1)] string OrgId,
    [property: Id(2)] string Title,
    [property: Id(3)] string Category,
    [property: Id(4)] RequestChannel Channel,
    [property: Id(5)] RequestStatus Status,
    [property: Id(6)] DateTimeOffset DueAt,
    [property: Id(7)] bool Overdue,
    [property: Id(8)] string? EscalatedTo,
    [property: Id(9)] string ResponsibleOrgId,
    [property: Id(10)] DateTimeOffset FiledAt,
    [property: Id(11)] string FiledBy,
    [property: Id(12)] SlaTerm Sla,
    [property: Id(13)] DateTimeOffset? OverdueSince,
    [property: Id(14)] RequestAssignment? Assignee,
    [property: Id(15)] ImmutableArray<RequestReply> Replies,
    [property: Id(16)] int? Satisfaction,
    [property: Id(17)] DateTimeOffset? ClosedAt,
    [property: Id(18)] string? ClosedBy,
    [property: Id(19)] ImmutableArray<RequestEscalation> Escalations,
    [property: Id(20)] ImmutableArray<RequestReopening> Reopenings);

/// <summary>A request as the ledger (台账) of the organization where it was filed lists it.</summary>
/// <param name="Version">The request's version when it sent this entry; the ledger keeps the newest.</param>
[GenerateSerializer, Immutable, Alias("PartyActors.RequestLedgerEntry")]
public sealed record RequestLedgerEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] string OrgId,
    [property: Id(2)] string Title,
    [property: Id(3)] string Category,
    [property: Id(4)] RequestStatus Status,
    [property: Id(5)] bool Overdue,
    [property: Id(6)] DateTimeOffset FiledAt,
    [property: Id(7)] DateTimeOffset DueAt,
    [property: Id(8)] string? EscalatedTo,
    [property: Id(9)] long Version) : ILedgerEntry<RequestLedgerFilter>
{
    /// <summary>Whether it is listed under <paramref name="filter"/> at <paramref name="now"/> (an open one past its deadline is overdue even before its grain has noticed).</summary>
    public bool Matches(RequestLedgerFilter? filter, DateTimeOffset now) => filter switch
    {
        null => true,
        RequestLedgerFilter.Open => Status != RequestStatus.Closed,
        RequestLedgerFilter.Replied => Status == RequestStatus.Replied,
        RequestLedgerFilter.Closed => Status == RequestStatus.Closed,
        RequestLedgerFilter.Overdue => Status != RequestStatus.Closed && (Overdue || (Status == RequestStatus.Open && DueAt <= now)),
        _ => false,
    };
}
