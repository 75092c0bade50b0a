using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace PartyActors.Grains;

/// <summary>Where an errand stands; serialized by its wire name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ErrandStatus>))]
[GenerateSerializer, Alias("PartyActors.ErrandStatus")]
public enum ErrandStatus
{
    /// <summary>Taken and not yet done: its term runs (overdue once past it).</summary>
    [JsonStringEnumMemberName("open")] Open,

    /// <summary>Done (办结), in time or late.</summary>
    [JsonStringEnumMemberName("done")] Done,

    /// <summary>Withdrawn: counted neither open nor done.</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}

/// <summary>What an errand is about; serialized by its wire name (the SLA table names categories the same way).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ErrandCategory>))]
[GenerateSerializer, Alias("PartyActors.ErrandCategory")]
public enum ErrandCategory
{
    /// <summary>Social insurance (社保): pension, medical insurance enrolment and the like.</summary>
    [JsonStringEnumMemberName("social-insurance")] SocialInsurance,

    /// <summary>Certificates and proofs (证明、证照).</summary>
    [JsonStringEnumMemberName("certificates")] Certificates,

    /// <summary>Subsidies and allowances (补贴、低保).</summary>
    [JsonStringEnumMemberName("subsidies")] Subsidies,

    /// <summary>Medical matters (医保报销、就医).</summary>
    [JsonStringEnumMemberName("medical")] Medical,

    [JsonStringEnumMemberName("other")] Other,
}

/// <summary>What the errand ledgers filter by; serialized by its wire name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ErrandFilter>))]
[GenerateSerializer, Alias("PartyActors.ErrandFilter")]
public enum ErrandFilter
{
    /// <summary>Open (overdue ones included), as <c>errandsOpen</c> counts them.</summary>
    [JsonStringEnumMemberName("open")] Open,

    /// <summary>Open past the deadline, as <c>errandsOverdue</c> counts them.</summary>
    [JsonStringEnumMemberName("overdue")] Overdue,

    [JsonStringEnumMemberName("done")] Done,

    [JsonStringEnumMemberName("cancelled")] Cancelled,
}

/// <summary>The resident an errand is run for. <see cref="Phone"/> is kept whole and read masked.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.ErrandResident")]
public sealed record ErrandResident([property: Id(0)] string Name, [property: Id(1)] string? Phone)
{
    public override string ToString() => $"ErrandResident {{ Name = {Name}, Phone = {PersonalData.Mask(Phone)} }}";
}

/// <summary>An errand as taken: where, for whom, what, and the cadre who runs it.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.ErrandTaking")]
public sealed record ErrandTaking(
    [property: Id(0)] string OrgId,
    [property: Id(1)] ErrandResident Resident,
    [property: Id(2)] ErrandCategory Category,
    [property: Id(3)] string Description,
    [property: Id(4)] string CadreMemberId);

/// <summary>A hand-over to another cadre.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.ErrandReassignment")]
public sealed record ErrandReassignment(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string FromMemberId,
    [property: Id(2)] string ToMemberId,
    [property: Id(3)] string? Reason,
    [property: Id(4)] string By);

/// <summary>A move of the errand, with the figures it adds, from one organization to another (a merge or split of communities).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.ErrandRelocation")]
public sealed record ErrandRelocation([property: Id(0)] DateTimeOffset At, [property: Id(1)] string FromOrgId, [property: Id(2)] string ToOrgId);

/// <summary>An errand as read (docs/errands.md).</summary>
/// <param name="OrgId">Where it is counted: where it was taken, or where a merge or split moved it.</param>
/// <param name="TakenAtOrgId">Where it was taken.</param>
/// <param name="Resident">The resident, phone masked.</param>
/// <param name="Overdue">Open past <see cref="DueAt"/>.</param>
/// <param name="Late">Done after <see cref="DueAt"/>.</param>
[GenerateSerializer, Immutable, Alias("PartyActors.ErrandDetails")]
public sealed record ErrandDetails(
    [property: Id(0)] string Id,
    [property: Id(1)] string OrgId,
    [property: Id(2)] string TakenAtOrgId,
    [property: Id(3)] ErrandResident Resident,
    [property: Id(4)] ErrandCategory Category,
    [property: Id(5)] string Description,
    [property: Id(6)] string CadreMemberId,
    [property: Id(7)] ErrandStatus Status,
    [property: Id(8)] DateTimeOffset TakenAt,
    [property: Id(9)] string TakenBy,
    [property: Id(10)] SlaTerm Sla,
    [property: Id(11)] DateTimeOffset DueAt,
    [property: Id(12)] bool Overdue,
    [property: Id(13)] bool Late,
    [property: Id(14)] DateTimeOffset? DoneAt,
    [property: Id(15)] string? DoneBy,
    [property: Id(16)] string? DoneNote,
    [property: Id(17)] DateTimeOffset? CancelledAt,
    [property: Id(18)] string? CancelledBy,
    [property: Id(19)] string? CancelReason,
    [property: Id(20)] ImmutableArray<ErrandReassignment> Reassignments,
    [property: Id(21)] ImmutableArray<ErrandRelocation> Relocations);

/// <summary>An errand as a ledger lists it.</summary>
/// <param name="Version">The errand's version when it sent this entry; a ledger keeps the newest.</param>
[GenerateSerializer, Immutable, Alias("PartyActors.ErrandLedgerEntry")]
public sealed record ErrandLedgerEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] string OrgId,
    [property: Id(2)] string CadreMemberId,
    [property: Id(3)] ErrandCategory Category,
    [property: Id(4)] string ResidentName,
    [property: Id(5)] ErrandStatus Status,
    [property: Id(6)] bool Overdue,
    [property: Id(7)] bool Late,
    [property: Id(8)] DateTimeOffset TakenAt,
    [property: Id(9)] DateTimeOffset DueAt,
    [property: Id(10)] DateTimeOffset? DoneAt,
    [property: Id(11)] long Version) : ILedgerEntry<ErrandFilter>
{
    /// <summary>Whether it is listed under <paramref name="filter"/> at <paramref name="now"/> (an open errand past its deadline is overdue even before its grain has noticed).</summary>
    public bool Matches(ErrandFilter? filter, DateTimeOffset now) => filter switch
    {
        null => true,
        ErrandFilter.Open => Status == ErrandStatus.Open,
        ErrandFilter.Overdue => Status == ErrandStatus.Open && (Overdue || DueAt <= now),
        ErrandFilter.Done => Status == ErrandStatus.Done,
        ErrandFilter.Cancelled => Status == ErrandStatus.Cancelled,
        _ => false,
    };
}
