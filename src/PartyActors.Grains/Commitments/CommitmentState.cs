using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>What a commitment keeps durable. <see cref="Terms"/> is null until it is made.</summary>
internal sealed class CommitmentState : IRollupSourceState
{
    public CommitmentOwner? Owner { get; set; }

    /// <summary>Where it is counted (fixed when it is made).</summary>
    public string OrgId { get; set; } = "";

    public CommitmentTerms? Terms { get; set; }

    /// <summary>The key of the roster line that made it (<see cref="CommitmentImport.Key"/>); null when made through the API.</summary>
    public string? Key { get; set; }

    public decimal Progress { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset? OverdueSince { get; set; }

    public string? SupervisionItemId { get; set; }

    /// <summary>
    /// Set as a member's commitment turns overdue: its deduction is to be recorded. Commitments that
    /// turned overdue before deductions existed have it unset, so they are never charged late.
    /// </summary>
    public bool DeductionDue { get; set; }

    /// <summary>What the overdue deduction took from the member (≤ 0), once recorded.</summary>
    public int? OverduePoints { get; set; }

    public ImmutableArray<CommitmentEntry> Entries { get; set; } = [];

    public ImmutableArray<CommitmentReview> Reviews { get; set; } = [];

    public ImmutableArray<CommitmentNotice> Notices { get; set; } = [];

    /// <summary>Grows with every committed change; stamps the contributions it sends.</summary>
    public long Version { get; set; }

    public CommitmentState Copy() => (CommitmentState)MemberwiseClone();

    public string? CountedAt() => Terms is null ? null : OrgId;

    /// <summary>What it adds to <see cref="OrgId"/>: one open (and maybe overdue) or one done commitment.</summary>
    public RollupCounters Counters() => Terms is null ? RollupCounters.Zero
        : CompletedAt is not null ? RollupCounters.From((Metric.CommitmentsDone, 1))
        : RollupCounters.From((Metric.CommitmentsOpen, 1), (Metric.CommitmentsOverdue, OverdueSince is null ? 0 : 1));
}

/// <summary>What a supervised-handling item keeps durable.</summary>
internal sealed class SupervisionItemState
{
    public SupervisionItem? Item { get; set; }
}

/// <summary>What a supervision board keeps durable: the open items its organization supervises.</summary>
internal sealed class SupervisionBoardState
{
    public Dictionary<string, SupervisionItem> Open { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>What a member's commitment index keeps durable: the ids of the commitments it made.</summary>
internal sealed class MemberCommitmentsState
{
    public List<string> Ids { get; set; } = [];
}
