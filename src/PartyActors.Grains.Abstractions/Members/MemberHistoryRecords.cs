using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace PartyActors.Grains;

/// <summary>
/// Who changes a member's status and why, as the member's history records it. <see cref="By"/> is
/// the caller's subject (a roster line's: the batch's submitter, with <see cref="BatchId"/> and
/// <see cref="Line"/>). <see cref="Correction"/> is an admin's correction: any status, past the
/// pipeline and the points gate, with a <see cref="Reason"/>. Who may correct is the caller's check
/// (the HTTP API's and the roster batch's); the grain records what it is told.
/// </summary>
/// <param name="EffectiveOn">When the move took effect, if not today (e.g. the branch meeting's resolution).</param>
[GenerateSerializer, Immutable, Alias("PartyActors.StatusChange")]
public sealed record StatusChange(
    [property: Id(0)] string By,
    [property: Id(1)] string? Reason = null,
    [property: Id(2)] DateOnly? EffectiveOn = null,
    [property: Id(3)] bool Correction = false,
    [property: Id(4)] string? BatchId = null,
    [property: Id(5)] int? Line = null)
{
    /// <summary>What a change asked for by no one in particular is recorded as by (the demo seeder, a test).</summary>
    public const string System = "system";

    public static StatusChange BySystem { get; } = new(System);
}

/// <summary>What an entry of a member's history records; serialized by its wire name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MemberHistoryKind>))]
[GenerateSerializer, Alias("PartyActors.MemberHistoryKind")]
public enum MemberHistoryKind
{
    /// <summary>The member was created, at <see cref="MemberHistoryEntry.To"/> in <see cref="MemberHistoryEntry.ToOrgId"/>.</summary>
    [JsonStringEnumMemberName("created")] Created,

    /// <summary>A status move, <see cref="MemberHistoryEntry.From"/> → <see cref="MemberHistoryEntry.To"/>.</summary>
    [JsonStringEnumMemberName("status")] Status,

    /// <summary>A transfer of the organization of record (组织关系接转), <see cref="MemberHistoryEntry.FromOrgId"/> → <see cref="MemberHistoryEntry.ToOrgId"/>.</summary>
    [JsonStringEnumMemberName("transfer")] Transfer,
}

/// <summary>
/// One entry of a member's history, oldest first; <see cref="Id"/> is its sequence in the history.
/// <see cref="BatchId"/> names the roster batch whose line made it.
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.MemberHistoryEntry")]
public sealed record MemberHistoryEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] MemberHistoryKind Kind,
    [property: Id(2)] MemberStatus? From,
    [property: Id(3)] MemberStatus? To,
    [property: Id(4)] string? FromOrgId,
    [property: Id(5)] string? ToOrgId,
    [property: Id(6)] DateTimeOffset At,
    [property: Id(7)] DateOnly? EffectiveOn,
    [property: Id(8)] string By,
    [property: Id(9)] string? Reason,
    [property: Id(10)] bool Correction,
    [property: Id(11)] string? BatchId);

/// <summary>A page of a member's history, oldest first; <see cref="Next"/> is the <c>after</c> of the next page, null on the last.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.MemberHistoryPage")]
public sealed record MemberHistoryPage([property: Id(0)] string MemberId, [property: Id(1)] ImmutableArray<MemberHistoryEntry> Items, [property: Id(2)] string? Next);

/// <summary>What a status change did: the status before and after, and the entry it recorded (null when the status was already the one asked for).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.StatusMoveOutcome")]
public sealed record StatusMoveOutcome(
    [property: Id(0)] string MemberId,
    [property: Id(1)] MemberStatus From,
    [property: Id(2)] MemberStatus To,
    [property: Id(3)] MemberHistoryEntry? Entry);
