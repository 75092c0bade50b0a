namespace PartyActors.Client;

/// <summary>Splits and merges of communities: docs/reshaping.md.</summary>
public sealed partial class PartyActorsClient
{
    /// <summary>
    /// Splits a community: answers the accepted operation (202), to poll with
    /// <see cref="GetReshapeAsync"/> or wait for with <see cref="WaitForReshapeAsync"/>. A retry after
    /// a lost answer would start a second split (refused: the new id exists), so it is retried on
    /// 503/429 only with an <paramref name="idempotencyKey"/>.
    /// </summary>
    [ApiOperation("POST /api/v1/orgs/{orgId}/split")]
    public Task<Reshape> SplitCommunityAsync(string orgId, SplitCommunityRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return StartReshapeAsync(() => Json(HttpMethod.Post, Route("orgs", orgId, "split"), request, ClientJsonContext.ForRequests.SplitCommunityRequest), idempotencyKey, cancellationToken);
    }

    /// <summary>Merges <paramref name="fromOrgId"/> into <paramref name="orgId"/>; answers the accepted operation (202). Retried only with an <paramref name="idempotencyKey"/>.</summary>
    [ApiOperation("POST /api/v1/orgs/{orgId}/merge")]
    public Task<Reshape> MergeCommunitiesAsync(string orgId, string fromOrgId, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fromOrgId);
        return StartReshapeAsync(() => Json(HttpMethod.Post, Route("orgs", orgId, "merge"), new MergeCommunityRequest(fromOrgId), ClientJsonContext.ForRequests.MergeCommunityRequest), idempotencyKey, cancellationToken);
    }

    /// <summary>A split or merge: its status, steps done of the total, and what could not follow.</summary>
    [ApiOperation("GET /api/v1/reshapes/{reshapeId}")]
    public Task<Reshape> GetReshapeAsync(string reshapeId, CancellationToken cancellationToken = default) =>
        GetAsync(Route("reshapes", reshapeId), ClientJsonContext.Default.Reshape, cancellationToken);

    /// <summary>Polls a reshape every <paramref name="interval"/> (1 s when null) until it completes or fails; reports each answer to <paramref name="progress"/>.</summary>
    public async Task<Reshape> WaitForReshapeAsync(string reshapeId, TimeSpan? interval = null, IProgress<Reshape>? progress = null, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var reshape = await GetReshapeAsync(reshapeId, cancellationToken).ConfigureAwait(false);
            progress?.Report(reshape);
            if (reshape.IsFinished)
            {
                return reshape;
            }

            await Task.Delay(interval ?? TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Reshape> StartReshapeAsync(Func<HttpRequestMessage> request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () =>
            {
                var message = request();
                if (idempotencyKey is not null)
                {
                    message.Headers.Add("Idempotency-Key", idempotencyKey);
                }

                return message;
            },
            retryable: idempotencyKey is not null,
            cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.Reshape, cancellationToken).ConfigureAwait(false);
    }
}
