using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace PartyActors.Grains;

/// <summary>What an organization admin sets about a reward: name, description, cost in points per item and whether it can be redeemed now.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.RewardTerms")]
public sealed record RewardTerms(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Description,
    [property: Id(2)] int Cost,
    [property: Id(3)] bool Active);

/// <summary>A reward of a shop's catalogue (a newspaper subscription, a free health check, goods): <see cref="Stock"/> items can be redeemed now.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.RewardItem")]
public sealed record RewardItem(
    [property: Id(0)] string Id,
    [property: Id(1)] string ShopId,
    [property: Id(2)] string Name,
    [property: Id(3)] string? Description,
    [property: Id(4)] int Cost,
    [property: Id(5)] int Stock,
    [property: Id(6)] bool Active,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset UpdatedAt);

/// <summary>What saving a reward did: the reward, and whether it was new.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.RewardSaved")]
public sealed record RewardSaved([property: Id(0)] RewardItem Item, [property: Id(1)] bool Created);

/// <summary>
/// A member's order at a shop: <see cref="Quantity"/> items of a reward. <see cref="By"/> is who
/// placed it (the member, or a worker at the counter); <see cref="Key"/>, when given, makes it
/// idempotent: the same key again answers the first redemption.
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.RedemptionOrder")]
public sealed record RedemptionOrder(
    [property: Id(0)] string RewardId,
    [property: Id(1)] string MemberId,
    [property: Id(2)] int Quantity,
    [property: Id(3)] string By,
    [property: Id(4)] string? Key = null);

/// <summary>Where a redemption stands; serialized by its wire name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RedemptionStatus>))]
[GenerateSerializer, Alias("PartyActors.RedemptionStatus")]
public enum RedemptionStatus
{
    /// <summary>The stock is reserved; the points are being spent (or the shop recovers it after a failure).</summary>
    [JsonStringEnumMemberName("pending")] Pending,

    /// <summary>Points spent and items handed over: counted in the roll-up.</summary>
    [JsonStringEnumMemberName("completed")] Completed,

    /// <summary>Being cancelled: the points are going back to the member (still counted until cancelled).</summary>
    [JsonStringEnumMemberName("cancelling")] Cancelling,

    /// <summary>Cancelled: points refunded, items back in stock, no longer counted.</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,

    /// <summary>Refused by the member's ledger (short of points, unknown or departed member): the reservation was released. Kept by the shop, never shown.</summary>
    [JsonStringEnumMemberName("refused")] Refused,
}

/// <summary>
/// One redemption at a shop. <see cref="Points"/> is what it costs (quantity × the reward's cost
/// when it was made); <see cref="BalanceAfter"/> the member's spendable balance right after the
/// points were spent; <see cref="LedgerSourceId"/> the source id of its entries in the member's
/// points ledger (<c>{shopId}/{id}</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.Redemption")]
public sealed record Redemption(
    [property: Id(0)] string Id,
    [property: Id(1)] string ShopId,
    [property: Id(2)] string RewardId,
    [property: Id(3)] string RewardName,
    [property: Id(4)] string MemberId,
    [property: Id(5)] int Quantity,
    [property: Id(6)] int Points,
    [property: Id(7)] RedemptionStatus Status,
    [property: Id(8)] DateTimeOffset At,
    [property: Id(9)] string By,
    [property: Id(10)] long? BalanceAfter = null,
    [property: Id(11)] DateTimeOffset? CompletedAt = null,
    [property: Id(12)] DateTimeOffset? CancelledAt = null,
    [property: Id(13)] string? CancelledBy = null)
{
    public string LedgerSourceId => RewardRules.LedgerSourceId(ShopId, Id);
}

/// <summary>A page of a shop's redemptions in id order; <see cref="Next"/> is the id to read after for the next page (null on the last).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.RedemptionPage")]
public sealed record RedemptionPage([property: Id(0)] ImmutableArray<Redemption> Items, [property: Id(1)] string? Next);
