namespace PartyActors.Client;

/// <summary>Points rules and rankings: docs/points.md.</summary>
public sealed partial class PartyActorsClient
{
    /// <summary>The points rules that apply at an organization: its own table, else its closest ancestor's, else the defaults.</summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/points-rules")]
    public Task<PointsRules> GetPointsRulesAsync(string orgId, CancellationToken cancellationToken = default) =>
        GetAsync(Route("orgs", orgId, "points-rules"), ClientJsonContext.Default.PointsRules, cancellationToken);

    /// <summary>Sets the organization's own table, inherited by its subtree unless overridden below; answers the rules that now apply. Setting the same table again changes nothing.</summary>
    [ApiOperation("PUT /api/v1/orgs/{orgId}/points-rules")]
    public async Task<PointsRules> PutPointsRulesAsync(string orgId, PutPointsRulesRequest rules, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var uri = Route("orgs", orgId, "points-rules");
        using var response = await SendAsync(() => Json(HttpMethod.Put, uri, rules, ClientJsonContext.ForRequests.PutPointsRulesRequest), retryable: true, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.PointsRules, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the organization's own table: it inherits again.</summary>
    [ApiOperation("DELETE /api/v1/orgs/{orgId}/points-rules")]
    public Task DeletePointsRulesAsync(string orgId, CancellationToken cancellationToken = default) =>
        SendWithoutAnswerAsync(() => new HttpRequestMessage(HttpMethod.Delete, Route("orgs", orgId, "points-rules")), retryable: true, cancellationToken);

    /// <summary>The members of record in the subtree ranked by points earned in <paramref name="period"/> (<c>2026</c>, <c>2026-Q4</c> or <c>2026-11</c>, China Standard Time).</summary>
    /// <param name="top">1 to 100; the server's default (20) when null.</param>
    [ApiOperation("GET /api/v1/orgs/{orgId}/rankings/members")]
    public Task<MemberRanking> RankMembersAsync(string orgId, string period, int? top = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(period);
        return GetAsync(Route("orgs", orgId, "rankings", "members").WithQuery(RankingQuery(period, top)), ClientJsonContext.Default.MemberRanking, cancellationToken);
    }

    /// <summary>The organization's children ranked by the points their subtrees' members of record earned in <paramref name="period"/>.</summary>
    /// <param name="top">1 to 100; the server's default (20) when null.</param>
    [ApiOperation("GET /api/v1/orgs/{orgId}/rankings/children")]
    public Task<ChildRanking> RankChildrenAsync(string orgId, string period, int? top = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(period);
        return GetAsync(Route("orgs", orgId, "rankings", "children").WithQuery(RankingQuery(period, top)), ClientJsonContext.Default.ChildRanking, cancellationToken);
    }

    private static (string, string?)[] RankingQuery(string period, int? top) =>
        [("period", period), ("top", top?.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
