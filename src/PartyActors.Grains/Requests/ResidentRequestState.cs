using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>What a request keeps durable. <see cref="Filing"/> is null until it is filed.</summary>
internal sealed class ResidentRequestState : IRollupSourceState
{
    public RequestFiling? Filing { get; set; }

    public DateTimeOffset FiledAt { get; set; }

    public string FiledBy { get; set; } = "";

    public RequestStatus Status { get; set; }

    /// <summary>Who must answer now: the filing organization, or the last one it escalated to.</summary>
    public string ResponsibleOrgId { get; set; } = "";

    /// <summary>The current term and its deadline.</summary>
    public SlaTerm? Sla { get; set; }

    public DateTimeOffset DueAt { get; set; }

    /// <summary>The first deadline it missed; cleared only by a reopening (a new term).</summary>
    public DateTimeOffset? OverdueSince { get; set; }

    /// <summary>Overdue at an organization with no parent: nothing is left to escalate to until it is reopened.</summary>
    public bool AtTop { get; set; }

    public RequestAssignment? Assignee { get; set; }

    public ImmutableArray<RequestReply> Replies { get; set; } = [];

    public int? Satisfaction { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string? ClosedBy { get; set; }

    public ImmutableArray<RequestEscalation> Escalations { get; set; } = [];

    public ImmutableArray<RequestReopening> Reopenings { get; set; } = [];

    /// <summary>Grows with every committed change; stamps the contributions and ledger entries it sends.</summary>
    public long Version { get; set; }

    public ResidentRequestState Copy() => (ResidentRequestState)MemberwiseClone();

    public string? CountedAt() => Filing?.OrgId;

    /// <summary>What it adds where it was filed: one open (maybe overdue) request, or one closed with its rating.</summary>
    public RollupCounters Counters() => Filing is null ? RollupCounters.Zero
        : Status == RequestStatus.Closed
            ? RollupCounters.From((Metric.RequestsClosed, 1), (Metric.SatisfactionSum, Satisfaction ?? 0), (Metric.SatisfactionCount, 1))
            : RollupCounters.From((Metric.RequestsOpen, 1), (Metric.RequestsOverdue, OverdueSince is null ? 0 : 1));
}
