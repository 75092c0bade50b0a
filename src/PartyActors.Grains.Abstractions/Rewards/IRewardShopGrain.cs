using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>
/// A community's reward shop (爱心超市, 积分兑换), keyed by the community's (or village's) id: a
/// catalogue of rewards with stock, and the redemptions members make there with their points. The
/// shop is the source of the <c>redemptions</c> and <c>pointsRedeemed</c> roll-up figures, counted
/// at its community (or where a merge moved them).
/// </summary>
[Alias("PartyActors.IRewardShopGrain")]
public interface IRewardShopGrain : IRelocatableSource
{
    /// <summary>
    /// Creates reward <paramref name="rewardId"/> with <paramref name="initialStock"/> items, or
    /// changes the terms of an existing one (its stock stays: stock changes by <see cref="Restock"/>
    /// and redemptions). Refused with 422 when the shop's organization is not a community or village.
    /// </summary>
    Task<RewardSaved> SaveReward(string rewardId, RewardTerms terms, int initialStock, string by);

    /// <summary>Adds <paramref name="quantity"/> items to the stock (negative: writes broken or lost items off; never below 0).</summary>
    Task<RewardItem> Restock(string rewardId, int quantity, string by);

    /// <summary>The catalogue, by reward id.</summary>
    Task<ImmutableArray<RewardItem>> GetRewards();

    /// <summary>One reward; null when the shop has no such reward.</summary>
    Task<RewardItem?> GetReward(string rewardId);

    /// <summary>
    /// A member redeems a reward: the stock is reserved (durably), the member spends the points (a
    /// ledger entry whose source id is <c>{shopId}/{redemptionId}</c>), and the redemption is
    /// confirmed. Short of stock or points: 409 and nothing changed. A repeat with the same
    /// <see cref="RedemptionOrder.Key"/> answers the first redemption.
    /// </summary>
    Task<Redemption> Redeem(RedemptionOrder order);

    /// <summary>
    /// Cancels a confirmed redemption: the points go back to the member (a refund entry) and the
    /// items back to the stock. Again on a cancelled one changes nothing.
    /// </summary>
    Task<Redemption> Cancel(string redemptionId, string by);

    /// <summary>One redemption; null when the shop has no such redemption.</summary>
    Task<Redemption?> GetRedemption(string redemptionId);

    /// <summary>Redemptions in id order (the order they were made), at most <paramref name="limit"/> after <paramref name="after"/>.</summary>
    Task<RedemptionPage> GetRedemptions(string? after, int limit);
}
