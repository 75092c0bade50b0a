using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace PartyActors.Grains;

/// <summary>Which side of a co-building agreement an item falls to; serialized by its wire name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AgreementParty>))]
[GenerateSerializer, Alias("PartyActors.AgreementParty")]
public enum AgreementParty
{
    /// <summary>The community (社区党组织) that signed the agreement.</summary>
    [JsonStringEnumMemberName("community")] Community,

    /// <summary>The stationed unit (驻区单位) that signed it.</summary>
    [JsonStringEnumMemberName("unit")] Unit,
}

/// <summary>Where an agreement stands; serialized by its wire name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AgreementStatus>))]
[GenerateSerializer, Alias("PartyActors.AgreementStatus")]
public enum AgreementStatus
{
    /// <summary>In force: its open items count and fall due.</summary>
    [JsonStringEnumMemberName("active")] Active,

    /// <summary>Ended before its items were all done: the open items are cancelled, the done ones stay done.</summary>
    [JsonStringEnumMemberName("terminated")] Terminated,
}

/// <summary>Where an agreement's item stands; serialized by its wire name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AgreementItemStatus>))]
[GenerateSerializer, Alias("PartyActors.AgreementItemStatus")]
public enum AgreementItemStatus
{
    /// <summary>Not done and not past the end of its due date (China Standard Time).</summary>
    [JsonStringEnumMemberName("open")] Open,

    /// <summary>Not done past the end of its due date (counted in agreementItemsOpen and agreementItemsOverdue).</summary>
    [JsonStringEnumMemberName("overdue")] Overdue,

    /// <summary>Done (on time, or late: <see cref="AgreementItem.OverdueSince"/> kept).</summary>
    [JsonStringEnumMemberName("done")] Done,

    /// <summary>Not done when the agreement was terminated: counted nowhere.</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}

/// <summary>
/// One item a co-building agreement commits a party to: what, who answers for it (the community or
/// the unit, and/or a member of either), by when (a date in China Standard Time).
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.AgreementItemTerms")]
public sealed record AgreementItemTerms(
    [property: Id(0)] string Title,
    [property: Id(1)] string? OwnerOrgId,
    [property: Id(2)] string? OwnerMemberId,
    [property: Id(3)] DateOnly DueOn);

/// <summary>What a community and a stationed unit sign (契约化共建).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.AgreementTerms")]
public sealed record AgreementTerms(
    [property: Id(0)] string UnitOrgId,
    [property: Id(1)] string Title,
    [property: Id(2)] DateOnly SignedOn,
    [property: Id(3)] ImmutableArray<AgreementItemTerms> Items);

/// <summary>An agreement's item as read.</summary>
/// <param name="Party">The side it falls to: the owner organization's, or the side the owner member belongs to.</param>
/// <param name="OverdueSince">The end of its due date, once it was found open past it (kept after a late completion).</param>
[GenerateSerializer, Immutable, Alias("PartyActors.AgreementItem")]
public sealed record AgreementItem(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string? OwnerOrgId,
    [property: Id(3)] string? OwnerMemberId,
    [property: Id(4)] AgreementParty Party,
    [property: Id(5)] DateOnly DueOn,
    [property: Id(6)] AgreementItemStatus Status,
    [property: Id(7)] DateTimeOffset AddedAt,
    [property: Id(8)] DateTimeOffset? CompletedAt = null,
    [property: Id(9)] string? CompletedBy = null,
    [property: Id(10)] string? Note = null,
    [property: Id(11)] DateTimeOffset? OverdueSince = null)
{
    /// <summary>Done after its deadline (践诺 late).</summary>
    public bool Late => CompletedAt is not null && OverdueSince is not null;
}

/// <summary>A co-building agreement (契约化共建) as read.</summary>
/// <param name="CommunityId">Where its items are counted: the community that signed it (or the one it was moved to by a merge).</param>
[GenerateSerializer, Immutable, Alias("PartyActors.AgreementDetails")]
public sealed record AgreementDetails(
    [property: Id(0)] string Id,
    [property: Id(1)] string CommunityId,
    [property: Id(2)] string UnitOrgId,
    [property: Id(3)] string Title,
    [property: Id(4)] DateOnly SignedOn,
    [property: Id(5)] AgreementStatus Status,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] string CreatedBy,
    [property: Id(8)] ImmutableArray<AgreementItem> Items,
    [property: Id(9)] DateTimeOffset? TerminatedAt = null,
    [property: Id(10)] string? TerminationNote = null);

/// <summary>What a joint meeting (联席会议) records: when, about what, which stationed units were present, minutes and decisions.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.JointMeetingTerms")]
public sealed record JointMeetingTerms(
    [property: Id(0)] DateOnly HeldOn,
    [property: Id(1)] string Topic,
    [property: Id(2)] ImmutableArray<string> UnitOrgIds,
    [property: Id(3)] string? Minutes,
    [property: Id(4)] ImmutableArray<string> Decisions);

/// <summary>A joint meeting (联席会议) of a community with units stationed in it, as recorded.</summary>
/// <param name="Absent">The units stationed in the community when the meeting was recorded that were not present.</param>
[GenerateSerializer, Immutable, Alias("PartyActors.JointMeeting")]
public sealed record JointMeeting(
    [property: Id(0)] string Id,
    [property: Id(1)] string CommunityId,
    [property: Id(2)] DateOnly HeldOn,
    [property: Id(3)] string Topic,
    [property: Id(4)] ImmutableArray<string> Present,
    [property: Id(5)] ImmutableArray<string> Absent,
    [property: Id(6)] string? Minutes,
    [property: Id(7)] ImmutableArray<string> Decisions,
    [property: Id(8)] DateTimeOffset RecordedAt,
    [property: Id(9)] string RecordedBy);

/// <summary>A part-time committee member (兼职委员) of a community, from a unit stationed in it.</summary>
/// <param name="Title">The seat, e.g. 兼职委员 or 兼职副书记.</param>
[GenerateSerializer, Immutable, Alias("PartyActors.CommitteeSeat")]
public sealed record CommitteeSeat(
    [property: Id(0)] string MemberId,
    [property: Id(1)] string UnitOrgId,
    [property: Id(2)] string Title,
    [property: Id(3)] DateOnly From,
    [property: Id(4)] DateTimeOffset SeatedAt,
    [property: Id(5)] string SeatedBy);

/// <summary>The answer to seating a part-time committee member: the seat, and whether it is new.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.SeatOutcome")]
public sealed record SeatOutcome([property: Id(0)] CommitteeSeat Seat, [property: Id(1)] bool Created);
