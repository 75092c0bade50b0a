namespace PartyActors.Grains;

/// <summary>
/// A Party member (党员, or someone on the way to membership), keyed by member id. The member is
/// the source of truth for what it adds to roll-ups: it tells its organization of record, its
/// residence grid and its report-in grid what it contributes, each as a whole.
/// </summary>
[Alias("PartyActors.IMemberGrain")]
public interface IMemberGrain : IRelocatableSource
{
    /// <summary>
    /// Creates or replaces the profile (optional fields left out are cleared). A new organization
    /// of record is a transfer (组织关系接转): the counts leave the old subtree and arrive in the new.
    /// A new member starts at any status; a changed status must be a step of the pipeline
    /// (<see cref="MemberStatusPipeline"/>, with the points gate before activist) unless
    /// <paramref name="change"/> is a correction. Status moves and transfers are recorded in the
    /// member's history, as by <paramref name="change"/> (by <see cref="StatusChange.System"/> when
    /// none is given). A roster line already applied (its batch and line at or before the last the
    /// member saw) changes nothing. Durable before it answers.
    /// </summary>
    Task<ProfileOutcome> SetProfile(MemberProfile profile, StatusChange? change = null);

    /// <summary>The profile with personal data masked; null when the member does not exist.</summary>
    Task<MemberDetails?> GetDetails();

    /// <summary>The member leaves: status left, out of every roll-up, history kept (and the move recorded in it).</summary>
    Task Leave(StatusChange? change = null);

    /// <summary>
    /// Moves the member to <paramref name="status"/>: a step of the pipeline, or any status as a
    /// correction; the same status again changes nothing. Durable before it answers.
    /// </summary>
    Task<StatusMoveOutcome> MoveStatus(MemberStatus status, StatusChange change);

    /// <summary>
    /// The member's history (creation, status moves, transfers), oldest first: up to
    /// <paramref name="limit"/> entries after entry <paramref name="after"/> (0 from the start).
    /// </summary>
    Task<MemberHistoryPage> GetHistory(long after, int limit);

    /// <summary>Reports in to a grid and its community (双报到); again with another grid moves the report.</summary>
    Task<ReportIn> ReportIn(string gridId);

    /// <summary>Withdraws the report-in.</summary>
    Task WithdrawReportIn();

    /// <summary>
    /// Records an award or deduction in the member's append-only points ledger (积分台账) and answers
    /// its entry. Idempotent by source and source id: a repeat answers the first entry and changes
    /// nothing. The balance, and the <c>points</c> roll-up, follow the ledger.
    /// </summary>
    Task<PointsReceipt> AwardPoints(PointsAward award);

    /// <summary>
    /// Spends points on a reward (积分兑换): one ledger entry of source <see cref="PointsSources.Redemption"/>
    /// that lowers the spendable balance and leaves the lifetime total (the <c>points</c> roll-up,
    /// rankings, the activist threshold) alone. Refused (409 <c>insufficient-points</c>) when the
    /// balance is below <see cref="PointsSpend.Points"/>. Idempotent by source id: a repeat answers
    /// the first entry, even if the balance has fallen since.
    /// </summary>
    Task<PointsSpendReceipt> SpendPoints(PointsSpend spend);

    /// <summary>
    /// Gives back what the spending with <paramref name="sourceId"/> took (a cancelled redemption):
    /// one entry of source <see cref="PointsSources.RedemptionRefund"/>. Idempotent; null when nothing
    /// was spent with that source id.
    /// </summary>
    Task<PointsSpendReceipt?> RefundPoints(string sourceId, string reason);

    /// <summary>The lifetime total, spent and spendable balance, and the ledger's entries with <paramref name="from"/> ≤ at &lt; <paramref name="to"/>, newest first.</summary>
    Task<PointsLedger> GetPoints(DateTimeOffset? from, DateTimeOffset? to);
}
