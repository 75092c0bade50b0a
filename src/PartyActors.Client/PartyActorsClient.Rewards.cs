using System.Globalization;

namespace PartyActors.Client;

/// <summary>Reward shops (爱心超市, 积分兑换): docs/rewards.md.</summary>
public sealed partial class PartyActorsClient
{
    /// <summary>
    /// Adds a reward to a community's catalogue; answers it with its new id. Adding twice adds two
    /// rewards, so the call is retried on 503/429 only with an <paramref name="idempotencyKey"/>.
    /// </summary>
    [ApiOperation("POST /api/v1/orgs/{orgId}/rewards")]
    public async Task<Reward> CreateRewardAsync(string orgId, SaveReward reward, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reward);
        var uri = Route("orgs", orgId, "rewards");
        using var response = await SendAsync(() => WithKey(Json(HttpMethod.Post, uri, reward, ClientJsonContext.ForRequests.SaveReward), idempotencyKey),
            retryable: idempotencyKey is not null, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.Reward, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates reward <paramref name="rewardId"/> (with its starting stock) or changes its terms (the stock stays); idempotent, so retried.</summary>
    [ApiOperation("PUT /api/v1/orgs/{orgId}/rewards/{rewardId}")]
    public async Task<Reward> PutRewardAsync(string orgId, string rewardId, SaveReward reward, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reward);
        var uri = Route("orgs", orgId, "rewards", rewardId);
        using var response = await SendAsync(() => Json(HttpMethod.Put, uri, reward, ClientJsonContext.ForRequests.SaveReward), retryable: true, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.Reward, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A community's catalogue, with stock.</summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/rewards")]
    public Task<RewardCatalogue> GetRewardsAsync(string orgId, CancellationToken cancellationToken = default) =>
        GetAsync(Route("orgs", orgId, "rewards"), ClientJsonContext.Default.RewardCatalogue, cancellationToken);

    /// <summary>One reward of a community's catalogue.</summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/rewards/{rewardId}")]
    public Task<Reward> GetRewardAsync(string orgId, string rewardId, CancellationToken cancellationToken = default) =>
        GetAsync(Route("orgs", orgId, "rewards", rewardId), ClientJsonContext.Default.Reward, cancellationToken);

    /// <summary>
    /// Adds <paramref name="quantity"/> items to a reward's stock (negative: writes them off). Each call
    /// adds again, so it is retried only with an <paramref name="idempotencyKey"/>.
    /// </summary>
    [ApiOperation("POST /api/v1/orgs/{orgId}/rewards/{rewardId}/restock")]
    public async Task<Reward> RestockRewardAsync(string orgId, string rewardId, int quantity, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var uri = Route("orgs", orgId, "rewards", rewardId, "restock");
        using var response = await SendAsync(() => WithKey(Json(HttpMethod.Post, uri, new RewardRestock(quantity), ClientJsonContext.ForRequests.RewardRestock), idempotencyKey),
            retryable: idempotencyKey is not null, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.Reward, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A member redeems a reward with its points; answers the redemption (points spent, balance
    /// after). Short of stock or points: a <see cref="PartyActorsApiException"/> with status 409 and
    /// code <c>out-of-stock</c> or <c>insufficient-points</c>. Each call redeems again, so it is
    /// retried on 503/429 only with an <paramref name="idempotencyKey"/> (the shop answers the first redemption).
    /// </summary>
    [ApiOperation("POST /api/v1/orgs/{orgId}/rewards/{rewardId}/redemptions")]
    public async Task<Redemption> RedeemRewardAsync(string orgId, string rewardId, RedeemReward order, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var uri = Route("orgs", orgId, "rewards", rewardId, "redemptions");
        using var response = await SendAsync(() => WithKey(Json(HttpMethod.Post, uri, order, ClientJsonContext.ForRequests.RedeemReward), idempotencyKey),
            retryable: idempotencyKey is not null, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.Redemption, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A page of a community's redemptions in the order made.</summary>
    /// <param name="limit">1 to 1000; the server's default (100) when null.</param>
    /// <param name="after">The previous page's <see cref="RedemptionPage.Next"/>.</param>
    [ApiOperation("GET /api/v1/orgs/{orgId}/redemptions")]
    public Task<RedemptionPage> GetRedemptionsAsync(string orgId, int? limit = null, string? after = null, CancellationToken cancellationToken = default)
    {
        var query = new List<(string, string?)> { ("limit", limit?.ToString(CultureInfo.InvariantCulture)), ("after", after) };
        return GetAsync(Route("orgs", orgId, "redemptions").WithQuery(query), ClientJsonContext.Default.RedemptionPage, cancellationToken);
    }

    /// <summary>One redemption of a community's shop.</summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/redemptions/{redemptionId}")]
    public Task<Redemption> GetRedemptionAsync(string orgId, string redemptionId, CancellationToken cancellationToken = default) =>
        GetAsync(Route("orgs", orgId, "redemptions", redemptionId), ClientJsonContext.Default.Redemption, cancellationToken);

    /// <summary>Cancels a redemption: points refunded, items back in stock. Again changes nothing, so it is retried.</summary>
    [ApiOperation("POST /api/v1/orgs/{orgId}/redemptions/{redemptionId}/cancel")]
    public async Task<Redemption> CancelRedemptionAsync(string orgId, string redemptionId, CancellationToken cancellationToken = default)
    {
        var uri = Route("orgs", orgId, "redemptions", redemptionId, "cancel");
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, uri), retryable: true, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.Redemption, cancellationToken).ConfigureAwait(false);
    }

    private static HttpRequestMessage WithKey(HttpRequestMessage message, string? idempotencyKey)
    {
        if (idempotencyKey is not null)
        {
            message.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return message;
    }
}
