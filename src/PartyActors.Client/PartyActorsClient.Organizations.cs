namespace PartyActors.Client;

/// <summary>Organizations: the routes api.md, "Organizations", lists beyond reading and placing one.</summary>
public sealed partial class PartyActorsClient
{
    /// <summary>
    /// Dissolves an organization that has no children and no members (409 otherwise); its figures
    /// leave its ancestors' roll-ups. Repeating it after a 503 is safe, so it is retried.
    /// </summary>
    [ApiOperation("DELETE /api/v1/orgs/{orgId}")]
    public Task DissolveOrganizationAsync(string orgId, CancellationToken cancellationToken = default) =>
        SendWithoutAnswerAsync(() => new HttpRequestMessage(HttpMethod.Delete, Route("orgs", orgId)), retryable: true, cancellationToken);

    /// <summary>
    /// Admins: recounts the roll-ups of the organization's subtree from their sources, bottom up, and
    /// answers the organization's roll-up after it. A recount gives the same figures however often it
    /// runs, so it is retried.
    /// </summary>
    [ApiOperation("POST /api/v1/orgs/{orgId}/rollup/rebuild")]
    public async Task<Rollup> RebuildRollupAsync(string orgId, CancellationToken cancellationToken = default)
    {
        var uri = Route("orgs", orgId, "rollup", "rebuild");
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, uri), retryable: true, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.Rollup, cancellationToken).ConfigureAwait(false);
    }
}
