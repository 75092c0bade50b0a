using System.Globalization;

namespace PartyActors.Client;

/// <summary>A member's status along the pipeline and its history: docs/member-status.md.</summary>
public sealed partial class PartyActorsClient
{
    /// <summary>
    /// Moves a member one step along the pipeline, or sets any status as an admin's correction (with a
    /// reason). Retried on 503/429: the same status again changes nothing, so a repeat is harmless.
    /// </summary>
    [ApiOperation("POST /api/v1/members/{memberId}/status")]
    public async Task<MemberStatusMoved> MoveMemberStatusAsync(string memberId, MemberStatusMove move, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(move);
        var uri = Route("members", memberId, "status");
        using var response = await SendAsync(() => Json(HttpMethod.Post, uri, move, ClientJsonContext.ForRequests.MemberStatusMove), retryable: true, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.MemberStatusMoved, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A page of a member's history (creation, status moves, transfers), oldest first.</summary>
    /// <param name="limit">1 to 1000; the server's default (100) when null.</param>
    /// <param name="after">The previous page's <see cref="MemberHistoryPage.Next"/>.</param>
    [ApiOperation("GET /api/v1/members/{memberId}/history")]
    public Task<MemberHistoryPage> GetMemberHistoryAsync(string memberId, int? limit = null, string? after = null, CancellationToken cancellationToken = default)
    {
        var query = new List<(string, string?)> { ("limit", limit?.ToString(CultureInfo.InvariantCulture)), ("after", after) };
        return GetAsync(Route("members", memberId, "history").WithQuery(query), ClientJsonContext.Default.MemberHistoryPage, cancellationToken);
    }
}
