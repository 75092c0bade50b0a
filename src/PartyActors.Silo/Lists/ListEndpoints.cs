using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Grains;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Lists;

/// <summary>A page of organizations: <c>next</c> is the <c>after</c> of the following page (null on the last).</summary>
internal sealed record OrganizationListPage(IReadOnlyList<OrganizationListing> Items, string? Next);

/// <summary>A page of members of record: <c>next</c> is the <c>after</c> of the following page (null on the last).</summary>
internal sealed record MemberListPage(IReadOnlyList<MemberListing> Items, string? Next);

/// <summary>
/// Finding ids: lists and searches of organizations and members, within the caller's scope, in
/// pages ordered by id (docs/lists.md). Organizations come from the tree itself
/// (<see cref="OrganizationWalk"/>); members from the cards each organization keeps of its members
/// of record (<see cref="IOrganizationGrain.FindMembersOfRecord"/>), so no member is activated.
/// </summary>
internal static class ListEndpoints
{
    public static IEndpointRouteBuilder MapListsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/orgs", ListOrganizations)
            .WithTags("Organizations")
            .WithSummary("Finds organizations: without parentId and q, the top of the caller's scope (for an admin, every root); with parentId, its children; with q, the organizations in the caller's scope (below parentId when given, at any depth) whose name contains q (any case) or whose id starts with q. { items: [ { id, name, kind, parentId } ], next }, by id, a page at a time (?limit=1..1000, default 100; ?after=<the previous page's next>).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/members", ListMembers)
            .WithTags("Members")
            .WithSummary("Finds members of record: with orgId, those of that organization, and with q as well, those of its whole subtree whose name contains q (any case) or whose id starts with q; without orgId, those of the caller's scope. { items: [ { id, name, orgId, status, category } ], next }, by id, a page at a time (?limit=1..1000, default 100; ?after=<the previous page's next>).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<OrganizationListPage>, ProblemHttpResult>> ListOrganizations(
        string? parentId, string? q, int? limit, string? after, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        errors.CheckId("parentId", parentId, required: false);
        var query = CheckQuery(errors, q);
        IdPages.Check(errors, limit, after);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (!caller.CanReadOrganizations)
        {
            return Problems.Forbidden("The caller's roles do not read organizations.");
        }

        List<OrganizationListing> found;
        if (parentId is not null)
        {
            if (!await scope.ContainsOrgAsync(caller, parentId))
            {
                return Problems.Forbidden($"Organization '{parentId}' is outside the caller's scope.");
            }

            if (await OrganizationWalk.ReadAsync(grains, parentId) is not { } parent)
            {
                return Problems.NotFound($"Organization '{parentId}' does not exist.", DomainErrors.OrgNotFound);
            }

            found = query is null
                ? await OrganizationWalk.ChildrenAsync(grains, parentId)
                : await OrganizationWalk.SubtreesAsync(grains, [parent], includeStarts: false);
        }
        else
        {
            var roots = await OrganizationWalk.ScopeRootsAsync(caller, grains);
            found = query is null ? roots : await OrganizationWalk.SubtreesAsync(grains, roots, includeStarts: true);
        }

        var byId = found.Where(o => query is null || DirectoryRules.Matches(o.Id, o.Name, query)).ToDictionary(o => o.Id, StringComparer.Ordinal);
        var (items, next) = await PageAsync(byId, after, limit);
        return TypedResults.Ok(new OrganizationListPage(items, next));
    }

    public static async Task<Results<Ok<MemberListPage>, ProblemHttpResult>> ListMembers(
        string? orgId, string? q, int? limit, string? after, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: false);
        var query = CheckQuery(errors, q);
        IdPages.Check(errors, limit, after);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (!caller.CanReadMembers)
        {
            return Problems.Forbidden("The caller's roles do not read members.");
        }

        List<OrganizationListing> organizations;
        if (orgId is not null)
        {
            if (!await scope.ContainsOrgAsync(caller, orgId))
            {
                return Problems.Forbidden($"Organization '{orgId}' is outside the caller's scope.");
            }

            if (await OrganizationWalk.ReadAsync(grains, orgId) is not { } organization)
            {
                return Problems.NotFound($"Organization '{orgId}' does not exist.", DomainErrors.OrgNotFound);
            }

            organizations = query is null ? [organization] : await OrganizationWalk.SubtreesAsync(grains, [organization], includeStarts: true);
        }
        else
        {
            organizations = await OrganizationWalk.SubtreesAsync(grains, await OrganizationWalk.ScopeRootsAsync(caller, grains), includeStarts: true);
        }

        var byId = new Dictionary<string, MemberListing>(StringComparer.Ordinal);
        foreach (var chunk in organizations.Chunk(IdPages.Parallelism))
        {
            foreach (var members in await Task.WhenAll(chunk.Select(o => grains.GetGrain<IOrganizationGrain>(o.Id).FindMembersOfRecord(query))))
            {
                foreach (var member in members)
                {
                    // During a transfer both organizations may hold the member for a moment: it is listed once.
                    byId.TryAdd(member.Id, member);
                }
            }
        }

        var (items, next) = await PageAsync(byId, after, limit);
        return TypedResults.Ok(new MemberListPage(items, next));
    }

    /// <summary>The query, trimmed; null when there is none. Empty after trimming, or longer than <see cref="DirectoryRules.MaxQueryLength"/>: an error.</summary>
    private static string? CheckQuery(ValidationErrors errors, string? q)
    {
        if (q is null)
        {
            return null;
        }

        var query = q.Trim();
        if (query.Length == 0 || query.Length > DirectoryRules.MaxQueryLength)
        {
            errors.Add("q", $"'q' is 1 to {DirectoryRules.MaxQueryLength} characters: a part of a name, or the start of an id.");
            return null;
        }

        return query;
    }

    private static Task<(List<T> Items, string? Next)> PageAsync<T>(Dictionary<string, T> byId, string? after, int? limit)
        where T : class =>
        IdPages.ReadAsync([.. byId.Keys.Order(StringComparer.Ordinal)], after, limit, id => Task.FromResult<T?>(byId[id]));
}
