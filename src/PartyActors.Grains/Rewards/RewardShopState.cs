using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>What a reward shop keeps durable. Immutable collections, so a copy can be changed and committed or dropped whole.</summary>
internal sealed class RewardShopState
{
    /// <summary>The catalogue by reward id; rewards are withdrawn (inactive), never deleted.</summary>
    public ImmutableDictionary<string, RewardItem> Items { get; set; } = ImmutableDictionary.Create<string, RewardItem>(StringComparer.Ordinal);

    /// <summary>
    /// Every redemption attempt in the order made: the one with id <c>r{n}</c> at index n − 1.
    /// Attempts refused by the member (short of points) are kept as <see cref="RedemptionStatus.Refused"/>
    /// and never shown, so the ids of the redemptions shown have gaps.
    /// </summary>
    public ImmutableList<Redemption> Redemptions { get; set; } = [];

    /// <summary>The ids of redemptions pending or cancelling: what recovery drives to an end.</summary>
    public ImmutableList<string> Unsettled { get; set; } = [];

    /// <summary>Redemption ids by the caller's idempotency key (<c>{by}\n{key}</c>).</summary>
    public ImmutableDictionary<string, string> Keys { get; set; } = ImmutableDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>Where the shop's figures are counted: empty for its own community; another after a merge (<see cref="IRelocatableSource"/>).</summary>
    public string CountedAt { get; set; } = "";

    /// <summary>Grows with every committed change; stamps the contributions it sends.</summary>
    public long Version { get; set; }

    public RewardShopState Copy() => (RewardShopState)MemberwiseClone();

    /// <summary>What the shop adds where it is counted: its confirmed redemptions (cancelling ones until the refund is through) and their points.</summary>
    public RollupCounters Counters()
    {
        long count = 0, points = 0;
        foreach (var redemption in Redemptions)
        {
            if (redemption.Status is RedemptionStatus.Completed or RedemptionStatus.Cancelling)
            {
                count++;
                points += redemption.Points;
            }
        }

        return RollupCounters.From((Metric.Redemptions, count), (Metric.PointsRedeemed, points));
    }
}
