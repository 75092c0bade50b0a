using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>What an agreement keeps durable. <see cref="Title"/> is null until it is signed.</summary>
internal sealed class AgreementState : IRollupSourceState
{
    /// <summary>Where its items are counted: the community that signed it, or the one a merge moved it to.</summary>
    public string CommunityId { get; set; } = "";

    public string UnitOrgId { get; set; } = "";

    public string? Title { get; set; }

    public DateOnly SignedOn { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    /// <summary>The items, each with its status kept current by every change (<see cref="AgreementGrain"/>).</summary>
    public ImmutableArray<AgreementItem> Items { get; set; } = [];

    public DateTimeOffset? TerminatedAt { get; set; }

    public string? TerminationNote { get; set; }

    /// <summary>Grows with every committed change; stamps the contributions it sends.</summary>
    public long Version { get; set; }

    public AgreementState Copy() => (AgreementState)MemberwiseClone();

    public string? CountedAt() => Title is null ? null : CommunityId;

    /// <summary>What its items add at <see cref="CommunityId"/>: open (and of those, overdue) and done items.</summary>
    public RollupCounters Counters()
    {
        int open = 0, overdue = 0, done = 0;
        foreach (var item in Items)
        {
            switch (item.Status)
            {
                case AgreementItemStatus.Open: open++; break;
                case AgreementItemStatus.Overdue: open++; overdue++; break;
                case AgreementItemStatus.Done: done++; break;
            }
        }

        return RollupCounters.From((Metric.AgreementItemsOpen, open), (Metric.AgreementItemsOverdue, overdue), (Metric.AgreementItemsDone, done));
    }
}

/// <summary>What a community's co-building ledger keeps durable.</summary>
internal sealed class CommunityCoBuildingState
{
    public Dictionary<string, JointMeeting> Meetings { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, CommitteeSeat> Seats { get; set; } = new(StringComparer.Ordinal);

    public List<string> AgreementIds { get; set; } = [];
}
