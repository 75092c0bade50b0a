namespace PartyActors.Client;

/// <summary>
/// The body of <c>POST /api/v1/orgs/{orgId}/rewards</c> and <c>PUT /api/v1/orgs/{orgId}/rewards/{rewardId}</c>:
/// a reward of a community's shop (爱心超市). <see cref="Stock"/> is what a new reward starts with
/// (an existing reward's stock changes by restocking); <see cref="Active"/> defaults to true.
/// </summary>
public sealed record SaveReward(string Name, string? Description, int Cost, int? Stock = null, bool? Active = null);

/// <summary>A reward of a shop's catalogue, with the items in stock now.</summary>
public sealed record Reward(string Id, string ShopId, string Name, string? Description, int Cost, int Stock, bool Active, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A shop's catalogue.</summary>
public sealed record RewardCatalogue(string OrgId, IReadOnlyList<Reward>? Items)
{
    public IReadOnlyList<Reward> Items { get; init; } = Items ?? [];
}

/// <summary>The body of <c>POST /api/v1/orgs/{orgId}/rewards/{rewardId}/restock</c>: items added (negative: written off).</summary>
public sealed record RewardRestock(int Quantity);

/// <summary>The body of <c>POST /api/v1/orgs/{orgId}/rewards/{rewardId}/redemptions</c>: who redeems, how many items (default 1).</summary>
public sealed record RedeemReward(string MemberId, int? Quantity = null);

/// <summary>
/// A redemption (积分兑换) at a shop: <see cref="Points"/> spent, the member's spendable balance
/// right after (<see cref="BalanceAfter"/>), and the source id of its entries in the member's ledger.
/// </summary>
/// <param name="Status">One of <see cref="RedemptionStatuses"/>.</param>
public sealed record Redemption(
    string Id,
    string ShopId,
    string RewardId,
    string RewardName,
    string MemberId,
    int Quantity,
    int Points,
    string Status,
    DateTimeOffset At,
    string By,
    long? BalanceAfter = null,
    DateTimeOffset? CompletedAt = null,
    DateTimeOffset? CancelledAt = null,
    string? CancelledBy = null,
    string? LedgerSourceId = null);

/// <summary>Where a redemption stands (the wire names).</summary>
public static class RedemptionStatuses
{
    /// <summary>Stock reserved, points being spent (or recovered after a failure).</summary>
    public const string Pending = "pending";

    public const string Completed = "completed";

    /// <summary>Points being refunded.</summary>
    public const string Cancelling = "cancelling";

    public const string Cancelled = "cancelled";
}

/// <summary>A page of a shop's redemptions in the order made; pass <see cref="Next"/> as <c>after</c> for the following page (null on the last).</summary>
public sealed record RedemptionPage(string OrgId, IReadOnlyList<Redemption>? Items, string? Next)
{
    public IReadOnlyList<Redemption> Items { get; init; } = Items ?? [];
}
