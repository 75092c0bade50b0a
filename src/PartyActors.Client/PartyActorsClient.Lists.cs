using System.Globalization;

namespace PartyActors.Client;

/// <summary>Lists and searches of organizations and members, to find ids (docs/lists.md).</summary>
public sealed partial class PartyActorsClient
{
    /// <summary>
    /// A page of organizations in the caller's scope, by id. Without <paramref name="parentId"/> and
    /// <paramref name="query"/>: the top of the scope; with <paramref name="parentId"/>: its children;
    /// with <paramref name="query"/>: those whose name contains it (any case) or whose id starts with
    /// it, at any depth (below <paramref name="parentId"/> when given).
    /// </summary>
    /// <param name="limit">1 to 1000; the server's default (100) when null.</param>
    /// <param name="after">The previous page's <see cref="OrganizationListPage.Next"/>.</param>
    [ApiOperation("GET /api/v1/orgs")]
    public Task<OrganizationListPage> ListOrganizationsAsync(string? parentId = null, string? query = null, int? limit = null, string? after = null, CancellationToken cancellationToken = default)
    {
        var parameters = new List<(string, string?)> { ("parentId", parentId), ("q", query), ("limit", limit?.ToString(CultureInfo.InvariantCulture)), ("after", after) };
        return GetAsync(Route("orgs").WithQuery(parameters), ClientJsonContext.Default.OrganizationListPage, cancellationToken);
    }

    /// <summary>
    /// A page of members of record, by id. With <paramref name="orgId"/>: that organization's; with
    /// <paramref name="query"/> as well: those of its whole subtree whose name contains it (any case)
    /// or whose id starts with it; without <paramref name="orgId"/>: those of the caller's scope.
    /// </summary>
    /// <param name="limit">1 to 1000; the server's default (100) when null.</param>
    /// <param name="after">The previous page's <see cref="MemberListPage.Next"/>.</param>
    [ApiOperation("GET /api/v1/members")]
    public Task<MemberListPage> ListMembersAsync(string? orgId = null, string? query = null, int? limit = null, string? after = null, CancellationToken cancellationToken = default)
    {
        var parameters = new List<(string, string?)> { ("orgId", orgId), ("q", query), ("limit", limit?.ToString(CultureInfo.InvariantCulture)), ("after", after) };
        return GetAsync(Route("members").WithQuery(parameters), ClientJsonContext.Default.MemberListPage, cancellationToken);
    }
}
