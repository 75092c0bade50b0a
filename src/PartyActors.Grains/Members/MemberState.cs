using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>What a member keeps durable. The profile holds phone and ID number as given; only read paths mask them.</summary>
internal sealed class MemberState
{
    public MemberProfile? Profile { get; set; }

    public ReportIn? ReportedIn { get; set; }

    /// <summary>Grows with every committed change; stamps the contributions the member sends.</summary>
    public long Version { get; set; }

    /// <summary>Points ever awarded, deductions included (fed by the points ledger).</summary>
    public long PointsTotal { get; set; }

    /// <summary>
    /// Points spent on rewards, net of refunds (fed by the ledger's entries of
    /// <see cref="PointsSources.IsSpending"/> sources, folded in with <see cref="PointsTotal"/>). The
    /// spendable balance is <c>PointsTotal − PointsSpent</c>; the lifetime total stays as it was.
    /// </summary>
    public long PointsSpent { get; set; }

    /// <summary>
    /// The last ledger sequence folded into <see cref="PointsTotal"/>. The ledger is appended first,
    /// so after a crash it may be ahead; the grain folds the rest in before it answers anything.
    /// </summary>
    public long PointsThrough { get; set; }

    /// <summary>
    /// The points of the ledger's entries up to <see cref="PointsThrough"/> per month (the latest
    /// three calendar years), folded in along with <see cref="PointsTotal"/> and sent to the
    /// organization of record for rankings. Null in a member stored before months were kept: the
    /// grain rebuilds them from its ledger when it activates.
    /// </summary>
    public MonthlyPoints? PointsByMonth { get; set; }

    /// <summary>The status a transferred member held before its transfer: the one it may come back to (转入).</summary>
    public MemberStatus? StatusBeforeTransfer { get; set; }

    /// <summary>
    /// The history entries of the last committed change, written with the state and appended to the
    /// history log after it: the log is never ahead of the state, and an entry not yet in the log
    /// (a crash between the two writes) is appended before the history is read or added to, and on
    /// activation. Their ids are the log sequences they take.
    /// </summary>
    public ImmutableArray<MemberHistoryEntry> PendingHistory { get; set; } = [];

    /// <summary>The last roster line applied to this member: a batch resumed after a crash applies it again, and then changes nothing.</summary>
    public RosterLineMark? LastRosterLine { get; set; }

    public MemberState Copy() => (MemberState)MemberwiseClone();
}

/// <summary>A roster batch and one of its lines.</summary>
internal sealed record RosterLineMark(string BatchId, int Line);
