using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>What <see cref="MemberStatusPipeline.Judge"/> makes of a status asked for.</summary>
public enum StatusVerdict
{
    /// <summary>The member is new: it may start at any status (importing existing full members is normal).</summary>
    Create,

    /// <summary>The status is the one the member has: not a move, nothing recorded.</summary>
    Same,

    /// <summary>One step of the pipeline: forward by one, into transferred or left, or back from transferred.</summary>
    Step,

    /// <summary>Not a step: a skip forward, a move back, or out of left. Only an admin's correction makes it.</summary>
    Refused,
}

/// <summary>
/// The membership pipeline (党员发展): applicant (申请人) → activist (入党积极分子) → candidate
/// (发展对象) → probationary (预备党员) → full (正式党员), one step at a time; transferred (转出) and
/// left are reachable from any status. A transferred member may come back (转入) to the status it
/// held before the transfer, and may still leave; left is final. There are no moves back:
/// 取消预备党员资格 is <c>left</c>. Every other change is made only as an admin's correction. The
/// points gate before activist is the member grain's, since it needs the member's points
/// (<see cref="NeedsPointsGate"/>). Pure: the grain, the HTTP API and the tests judge by this alone.
/// </summary>
public static class MemberStatusPipeline
{
    /// <summary>The pipeline's steps in order.</summary>
    public static readonly ImmutableArray<MemberStatus> Steps =
        [MemberStatus.Applicant, MemberStatus.Activist, MemberStatus.Candidate, MemberStatus.Probationary, MemberStatus.Full];

    public const int MaxReasonLength = 200;

    /// <summary>
    /// The statuses a member at <paramref name="from"/> may move to without a correction, in pipeline
    /// order. <paramref name="beforeTransfer"/> is the status a transferred member held before its
    /// transfer, when known: the one it may come back to.
    /// </summary>
    public static ImmutableArray<MemberStatus> AllowedNext(MemberStatus from, MemberStatus? beforeTransfer = null) => from switch
    {
        MemberStatus.Left => [],
        MemberStatus.Transferred when beforeTransfer is { } back && back.IsAttached() => [back, MemberStatus.Left],
        MemberStatus.Transferred => [MemberStatus.Left],
        MemberStatus.Full => [MemberStatus.Transferred, MemberStatus.Left],
        _ => [Steps[Steps.IndexOf(from) + 1], MemberStatus.Transferred, MemberStatus.Left],
    };

    /// <summary>
    /// Judges a change from <paramref name="from"/> (null for a member that does not exist yet) to
    /// <paramref name="to"/> made without a correction.
    /// </summary>
    public static StatusVerdict Judge(MemberStatus? from, MemberStatus to, MemberStatus? beforeTransfer = null)
    {
        if (from is not { } current)
        {
            return StatusVerdict.Create;
        }

        if (current == to)
        {
            return StatusVerdict.Same;
        }

        return AllowedNext(current, beforeTransfer).Contains(to) ? StatusVerdict.Step : StatusVerdict.Refused;
    }

    /// <summary>Applicant → activist needs the points threshold (docs/points.md), unless an admin corrects.</summary>
    public static bool NeedsPointsGate(MemberStatus from, MemberStatus to) => from == MemberStatus.Applicant && to == MemberStatus.Activist;

    /// <summary>The refusal of a change that is not a step, naming the statuses allowed next.</summary>
    public static DomainException Refusal(string memberId, MemberStatus from, MemberStatus to, MemberStatus? beforeTransfer = null)
    {
        var allowed = AllowedNext(from, beforeTransfer);
        var next = allowed.IsEmpty ? "none (left is final)" : string.Join(", ", allowed.Select(WireNames<MemberStatus>.Name));
        return new DomainException(DomainErrorKind.Conflict, DomainErrors.StatusSkipsStep,
            $"Member '{memberId}' is {WireNames<MemberStatus>.Name(from)}: {WireNames<MemberStatus>.Name(to)} is not the next step of the pipeline. Allowed next: {next}. Only an admin's correction sets another status.")
        {
            Field = "status",
        };
    }

    /// <summary>A reason is optional for a move, required for a correction, and at most <see cref="MaxReasonLength"/> characters.</summary>
    public static string? CheckReason(string? reason, bool correction) =>
        correction
            ? TextRules.CheckRequired("reason", reason?.Trim(), MaxReasonLength) is { } breach ? breach + " A correction says why." : null
            : reason is not null && (reason.Trim().Length == 0 || reason.Trim().Length > MaxReasonLength)
                ? $"'reason' must be 1 to {MaxReasonLength} characters when given."
                : null;

    /// <summary>The date a move took effect (e.g. the branch meeting's resolution), when given: not in the future (a day's grace), not before 1921.</summary>
    public static string? CheckEffectiveOn(DateOnly? effectiveOn, DateTimeOffset now) =>
        effectiveOn is { } day && (day > DateOnly.FromDateTime(now.UtcDateTime).AddDays(1) || day.Year < 1921)
            ? "'effectiveOn' must be a date from 1921 to today."
            : null;
}
