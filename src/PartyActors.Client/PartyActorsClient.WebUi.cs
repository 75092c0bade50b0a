namespace PartyActors.Client;

/// <summary>What the dashboard and the member page use beyond the resources themselves (docs/dashboard.md), and a member's rank the member page shows.</summary>
public sealed partial class PartyActorsClient
{
    /// <summary>
    /// A short-lived ticket that opens roll-up streams as <c>?ticket=</c>, for a caller that cannot
    /// send the bearer header (a browser's EventSource). Issuing one changes nothing but the audit
    /// trail, so the call is retried like a read.
    /// </summary>
    [ApiOperation("POST /api/v1/streams/tickets")]
    public async Task<StreamTicket> IssueStreamTicketAsync(CancellationToken cancellationToken = default)
    {
        var uri = Route("streams", "tickets");
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, uri), retryable: true, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.StreamTicket, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The supervisors' dashboard's settings: the indicators' red / yellow / green limits and the stream tickets' lifetime.</summary>
    [ApiOperation("GET /api/v1/dashboard/settings")]
    public Task<DashboardSettings> GetDashboardSettingsAsync(CancellationToken cancellationToken = default) =>
        GetAsync(Route("dashboard", "settings"), ClientJsonContext.Default.DashboardSettings, cancellationToken);

    /// <summary>
    /// The member's place among the members of record of its organization by points earned in
    /// <paramref name="period"/> (<c>2026-11</c>, <c>2026-Q4</c> or <c>2026</c>, China Standard
    /// Time; the server's current month when null).
    /// </summary>
    [ApiOperation("GET /api/v1/members/{memberId}/rank")]
    public Task<MemberRank> GetMemberRankAsync(string memberId, string? period = null, CancellationToken cancellationToken = default) =>
        GetAsync(Route("members", memberId, "rank").WithQuery([("period", period)]), ClientJsonContext.Default.MemberRank, cancellationToken);
}
