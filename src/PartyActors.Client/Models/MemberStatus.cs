using System.Text.Json.Serialization;

namespace PartyActors.Client;

/// <summary>
/// The body of <c>POST /api/v1/members/{memberId}/status</c> (docs/member-status.md): the status
/// (one of <see cref="MemberStatuses"/>), why (required for a correction), when it took effect if not
/// today, and whether it is an admin's correction past the pipeline.
/// </summary>
public sealed record MemberStatusMove(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? EffectiveOn = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Correction = false);

/// <summary>What a status move did: the status before and after, and the history entry it recorded (null when the member already had that status).</summary>
public sealed record MemberStatusMoved(string MemberId, string From, string To, MemberHistoryEntry? Entry);

/// <summary>
/// One entry of a member's history. <see cref="Kind"/> is <c>created</c> (<see cref="To"/>,
/// <see cref="ToOrgId"/>), <c>status</c> (<see cref="From"/> → <see cref="To"/>) or <c>transfer</c>
/// of the organization of record (<see cref="FromOrgId"/> → <see cref="ToOrgId"/>).
/// <see cref="By"/> is the caller's subject; <see cref="BatchId"/> the roster batch whose line made it.
/// </summary>
public sealed record MemberHistoryEntry(
    string Id,
    string Kind,
    string? From,
    string? To,
    string? FromOrgId,
    string? ToOrgId,
    DateTimeOffset At,
    DateOnly? EffectiveOn,
    string By,
    string? Reason,
    bool Correction,
    string? BatchId);

/// <summary>A page of a member's history, oldest first; <see cref="Next"/> is the next page's <c>after</c>, null on the last.</summary>
public sealed record MemberHistoryPage(string MemberId, IReadOnlyList<MemberHistoryEntry> Items, string? Next);
