using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>What an errand keeps durable. <see cref="Taking"/> is null until it is taken.</summary>
internal sealed class ErrandState : IRollupSourceState
{
    public ErrandTaking? Taking { get; set; }

    public DateTimeOffset TakenAt { get; set; }

    public string TakenBy { get; set; } = "";

    /// <summary>Where it is counted: where it was taken, or where a merge or split moved it.</summary>
    public string OrgId { get; set; } = "";

    /// <summary>The cadre running it now.</summary>
    public string CadreMemberId { get; set; } = "";

    public ErrandStatus Status { get; set; }

    public SlaTerm? Sla { get; set; }

    public DateTimeOffset DueAt { get; set; }

    /// <summary>Set when it was found open past <see cref="DueAt"/>; the errand then counts overdue until it is done or cancelled.</summary>
    public bool Overdue { get; set; }

    public DateTimeOffset? DoneAt { get; set; }

    public string? DoneBy { get; set; }

    public string? DoneNote { get; set; }

    public DateTimeOffset? CancelledAt { get; set; }

    public string? CancelledBy { get; set; }

    public string? CancelReason { get; set; }

    public ImmutableArray<ErrandReassignment> Reassignments { get; set; } = [];

    public ImmutableArray<ErrandRelocation> Relocations { get; set; } = [];

    /// <summary>Every index it was ever reported to (organizations and cadres it left included): each gets every later entry, so one it left stops listing it.</summary>
    public ImmutableArray<string> Ledgers { get; set; } = [];

    /// <summary>Grows with every committed change; stamps the contributions and ledger entries it sends.</summary>
    public long Version { get; set; }

    public ErrandState Copy() => (ErrandState)MemberwiseClone();

    public string? CountedAt() => Taking is null ? null : OrgId;

    public bool Late => Status == ErrandStatus.Done && DoneAt > DueAt;

    /// <summary>What it adds where it is counted: one open (maybe overdue) errand, one done, or nothing once cancelled.</summary>
    public RollupCounters Counters() => Taking is null ? RollupCounters.Zero : Status switch
    {
        ErrandStatus.Open => RollupCounters.From((Metric.ErrandsOpen, 1), (Metric.ErrandsOverdue, Overdue ? 1 : 0)),
        ErrandStatus.Done => RollupCounters.From((Metric.ErrandsDone, 1)),
        _ => RollupCounters.Zero,
    };
}
