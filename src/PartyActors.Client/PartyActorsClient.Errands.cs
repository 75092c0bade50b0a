using System.Globalization;

namespace PartyActors.Client;

/// <summary>Errands run for residents by cadres (全程代办): docs/errands.md.</summary>
public sealed partial class PartyActorsClient
{
    /// <summary>
    /// Takes a resident's errand at a grid, community or village; answers its id and deadline. Taking
    /// twice takes two errands, so the call is retried on 503/429 only with an
    /// <paramref name="idempotencyKey"/> (a repeat with the same key returns the first answer).
    /// </summary>
    [ApiOperation("POST /api/v1/orgs/{orgId}/errands")]
    public async Task<ErrandTaken> TakeErrandAsync(string orgId, TakeErrand errand, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(errand);
        var uri = Route("orgs", orgId, "errands");
        using var response = await SendAsync(
            () =>
            {
                var message = Json(HttpMethod.Post, uri, errand, ClientJsonContext.ForRequests.TakeErrand);
                if (idempotencyKey is not null)
                {
                    message.Headers.Add("Idempotency-Key", idempotencyKey);
                }

                return message;
            },
            retryable: idempotencyKey is not null,
            cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.ErrandTaken, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An errand, the resident's phone masked.</summary>
    [ApiOperation("GET /api/v1/errands/{errandId}")]
    public Task<Errand> GetErrandAsync(string errandId, CancellationToken cancellationToken = default) =>
        GetAsync(Route("errands", errandId), ClientJsonContext.Default.Errand, cancellationToken);

    /// <summary>Marks an errand done (办结); again changes nothing, so it is retried.</summary>
    [ApiOperation("POST /api/v1/errands/{errandId}/done")]
    public Task<Errand> CompleteErrandAsync(string errandId, CompleteErrand done, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(done);
        return PostErrandAsync(errandId, "done", done, ClientJsonContext.ForRequests.CompleteErrand, cancellationToken);
    }

    /// <summary>Hands an open errand to another cadre; again to the same cadre changes nothing, so it is retried.</summary>
    [ApiOperation("POST /api/v1/errands/{errandId}/reassign")]
    public Task<Errand> ReassignErrandAsync(string errandId, ReassignErrand reassign, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reassign);
        return PostErrandAsync(errandId, "reassign", reassign, ClientJsonContext.ForRequests.ReassignErrand, cancellationToken);
    }

    /// <summary>Cancels an open errand with a reason; again changes nothing, so it is retried.</summary>
    [ApiOperation("POST /api/v1/errands/{errandId}/cancel")]
    public Task<Errand> CancelErrandAsync(string errandId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return PostErrandAsync(errandId, "cancel", new CancelErrand(reason), ClientJsonContext.ForRequests.CancelErrand, cancellationToken);
    }

    /// <summary>A page of the errands counted in an organization's subtree, in the order they were taken.</summary>
    /// <param name="status">One of <see cref="ErrandStatuses"/>; all when null.</param>
    /// <param name="limit">1 to 1000; the server's default (100) when null.</param>
    /// <param name="after">The previous page's <see cref="ErrandPage.Next"/>.</param>
    [ApiOperation("GET /api/v1/orgs/{orgId}/errands")]
    public Task<ErrandPage> GetOrgErrandsAsync(string orgId, string? status = null, int? limit = null, string? after = null, CancellationToken cancellationToken = default) =>
        GetAsync(Route("orgs", orgId, "errands").WithQuery(ErrandQuery(status, limit, after)), ClientJsonContext.Default.ErrandPage, cancellationToken);

    /// <summary>A page of the errands a cadre runs, in the order they were taken.</summary>
    [ApiOperation("GET /api/v1/members/{memberId}/errands")]
    public Task<ErrandPage> GetMemberErrandsAsync(string memberId, string? status = null, int? limit = null, string? after = null, CancellationToken cancellationToken = default) =>
        GetAsync(Route("members", memberId, "errands").WithQuery(ErrandQuery(status, limit, after)), ClientJsonContext.Default.ErrandPage, cancellationToken);

    /// <summary>The errands' SLA table in force.</summary>
    [ApiOperation("GET /api/v1/errands/sla")]
    public Task<RequestSla> GetErrandSlaAsync(CancellationToken cancellationToken = default) =>
        GetAsync(Route("errands", "sla"), ClientJsonContext.Default.RequestSla, cancellationToken);

    /// <summary>Replaces the errands' SLA table (admins); answers the table now in force.</summary>
    [ApiOperation("PUT /api/v1/errands/sla")]
    public async Task<RequestSla> PutErrandSlaAsync(RequestSla sla, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sla);
        var uri = Route("errands", "sla");
        using var response = await SendAsync(() => Json(HttpMethod.Put, uri, sla, ClientJsonContext.ForRequests.RequestSla), retryable: true, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.RequestSla, cancellationToken).ConfigureAwait(false);
    }

    private static List<(string, string?)> ErrandQuery(string? status, int? limit, string? after) =>
        [("status", status), ("limit", limit?.ToString(CultureInfo.InvariantCulture)), ("after", after)];

    private async Task<Errand> PostErrandAsync<T>(
        string errandId, string action, T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var uri = Route("errands", errandId, action);
        using var response = await SendAsync(() => Json(HttpMethod.Post, uri, body, typeInfo), retryable: true, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.Errand, cancellationToken).ConfigureAwait(false);
    }
}
