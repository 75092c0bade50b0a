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
    /// Durable before it answers.
    /// </summary>
    Task<ProfileOutcome> SetProfile(MemberProfile profile);

    /// <summary>The profile with personal data masked; null when the member does not exist.</summary>
    Task<MemberDetails?> GetDetails();

    /// <summary>The member leaves: status left, out of every roll-up, history kept.</summary>
    Task Leave();

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

    /// <summary>The balance and the ledger's entries with <paramref name="from"/> ≤ at &lt; <paramref name="to"/>, newest first.</summary>
    Task<PointsLedger> GetPoints(DateTimeOffset? from, DateTimeOffset? to);
}
