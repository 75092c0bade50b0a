using System.Globalization;

namespace PartyActors.Client;

/// <summary>The audit trail and the operations routes (health and metrics, outside <c>/api/v1</c>).</summary>
public sealed partial class PartyActorsClient
{
    /// <summary>
    /// The writes that concerned an organization, newest first (admins, and organization admins in
    /// their scope); without <paramref name="orgId"/>, the caller's own organization.
    /// </summary>
    /// <param name="limit">1 to 1000; the server's default (100) when null.</param>
    [ApiOperation("GET /api/v1/audit")]
    public Task<AuditPage> GetAuditTrailAsync(string? orgId = null, DateTimeOffset? from = null, DateTimeOffset? to = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var query = new List<(string, string?)>
        {
            ("orgId", orgId),
            ("from", from?.ToString("O", CultureInfo.InvariantCulture)),
            ("to", to?.ToString("O", CultureInfo.InvariantCulture)),
            ("limit", limit?.ToString(CultureInfo.InvariantCulture)),
        };
        return GetAsync(Route("audit").WithQuery(query), ClientJsonContext.Default.AuditPage, cancellationToken);
    }

    /// <summary>Whether the process serves requests (<c>/health/live</c>); any answer but 200 throws.</summary>
    [ApiOperation("GET /health/live")]
    public Task<HealthReport> CheckLiveAsync(CancellationToken cancellationToken = default) =>
        GetAsync(new Uri(BaseAddress, "health/live"), ClientJsonContext.Default.HealthReport, cancellationToken);

    /// <summary>
    /// Whether the silo is active in its cluster and its store answers (<c>/health/ready</c>). Not
    /// ready is a <see cref="PartyActorsApiException"/> with status 503 and the server's reason; it is
    /// not retried, since a probe wants the state now.
    /// </summary>
    [ApiOperation("GET /health/ready")]
    public async Task<HealthReport> CheckReadyAsync(CancellationToken cancellationToken = default)
    {
        var uri = new Uri(BaseAddress, "health/ready");
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), retryable: false, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.HealthReport, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The server's metrics in the Prometheus text exposition format, as sent.</summary>
    [ApiOperation("GET /metrics")]
    public async Task<string> GetMetricsTextAsync(CancellationToken cancellationToken = default)
    {
        var uri = new Uri(BaseAddress, "metrics");
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), retryable: true, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }
}
