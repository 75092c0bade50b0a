using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Grains;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Lists;

/// <summary>A page of one or more ledgers merged in id order, and the cursor of the next (null on the last).</summary>
internal sealed record LedgerSlice<TEntry>(ImmutableArray<TEntry> Items, string? Next);

/// <summary>
/// Reads ledgers (<see cref="ILedgerGrain{TEntry, TFilter}"/>) for the HTTP layer, the same for every
/// mechanism that keeps them (requests, errands): an organization's subtree
/// (<c>GET /orgs/{id}/requests</c>, <c>GET /orgs/{id}/errands</c>) or a single index (a cadre's errands).
/// The subtree is walked a level at a time (<see cref="OrganizationWalk"/>); each ledger is asked for its
/// first <c>limit + 1</c> entries after the cursor, and the page is the first <c>limit</c> of their merge:
/// about two calls per organization, and no ledger of the whole subtree to keep in step with moves.
/// </summary>
internal static class SubtreeLedger
{
    /// <summary>The query of a ledger read: <c>?status=</c> (a <typeparamref name="TFilter"/> by wire name), <c>?limit=</c>, <c>?after=</c>; breaches go to <paramref name="errors"/>.</summary>
    public static TFilter? ParseQuery<TFilter>(ValidationErrors errors, string? status, int? limit, string? after)
        where TFilter : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(errors);
        var filter = errors.ParseEnum<TFilter>("status", status, required: false);
        IdPages.Check(errors, limit, after);
        return filter;
    }

    /// <summary>
    /// A page of the ledgers of <paramref name="orgId"/>'s subtree (<paramref name="ledgerOf"/> names an
    /// organization's ledger), or why not: 403 for callers who read no lists (<paramref name="refusal"/>)
    /// or whose scope lacks the organization, 400 for a bad query, 404 when the organization does not exist.
    /// </summary>
    public static async Task<(LedgerSlice<TEntry>? Slice, ProblemHttpResult? Refused)> ReadAsync<TEntry, TFilter>(
        string orgId, string? status, int? limit, string? after, Caller caller, SubtreeScope scope, IGrainFactory grains,
        string refusal, Func<string, ILedgerGrain<TEntry, TFilter>> ledgerOf)
        where TEntry : ILedgerEntry<TFilter>
        where TFilter : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(ledgerOf);
        if (!caller.CanReadMembers)
        {
            return (null, Problems.Forbidden(refusal));
        }

        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        var filter = ParseQuery<TFilter>(errors, status, limit, after);
        if (!errors.IsEmpty)
        {
            return (null, Problems.Validation(errors));
        }

        if (!await scope.ContainsOrgAsync(caller, orgId))
        {
            return (null, Problems.Forbidden($"Organization '{orgId}' is outside the caller's scope."));
        }

        if (!(await grains.GetGrain<IRollupNode>(orgId).GetChildRollup()).Exists)
        {
            return (null, Problems.NotFound($"Organization '{orgId}' does not exist.", DomainErrors.OrgNotFound));
        }

        var subtree = await OrganizationWalk.SubtreeIdsAsync(grains, orgId);
        return (await PageAsync([.. subtree.Select(ledgerOf)], filter, after, limit ?? IdPages.DefaultLimit), null);
    }

    /// <summary>The first <paramref name="limit"/> entries after <paramref name="after"/> matching <paramref name="filter"/> of all <paramref name="ledgers"/>.</summary>
    public static async Task<LedgerSlice<TEntry>> PageAsync<TEntry, TFilter>(
        IReadOnlyCollection<ILedgerGrain<TEntry, TFilter>> ledgers, TFilter? filter, string? after, int limit)
        where TEntry : ILedgerEntry<TFilter>
        where TFilter : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(ledgers);
        var pages = await Task.WhenAll(ledgers.Select(ledger => ledger.Page(filter, after, limit + 1)));
        return Merge<TEntry, TFilter>(pages, limit);
    }

    /// <summary>
    /// The first <paramref name="limit"/> entries of <paramref name="pages"/> in id order, each page being
    /// one ledger's first <c>limit + 1</c> after the cursor; a next cursor (the last id given) when any is left.
    /// </summary>
    public static LedgerSlice<TEntry> Merge<TEntry, TFilter>(IEnumerable<ImmutableArray<TEntry>> pages, int limit)
        where TEntry : ILedgerEntry<TFilter>
        where TFilter : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var merged = pages.SelectMany(p => p).OrderBy(e => e.Id, StringComparer.Ordinal).Take(limit + 1).ToList();
        var items = merged.Take(limit).ToImmutableArray();
        return new LedgerSlice<TEntry>(items, merged.Count > limit ? items[^1].Id : null);
    }
}
