using PartyActors.Grains;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Lists;

/// <summary>An organization as lists and searches show it.</summary>
internal sealed record OrganizationListing(string Id, string Name, OrganizationKind Kind, string? ParentId);

/// <summary>
/// Reads the tree from the organizations themselves: each knows its children's names and kinds
/// (the snapshots they send it), so a subtree is one call per organization, a level at a time,
/// <see cref="IdPages.Parallelism"/> calls in flight. Nothing to keep in step with moves and
/// renames: what it finds is what the organizations hold now.
/// </summary>
internal static class OrganizationWalk
{
    /// <summary>The organizations a caller's scope starts at: for an admin every root of the tree, else the caller's own organization (none when it does not exist).</summary>
    public static async Task<List<OrganizationListing>> ScopeRootsAsync(Caller caller, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(grains);
        if (!caller.IsAdmin)
        {
            return caller.OrgId is { } own && await ReadAsync(grains, own) is { } root ? [root] : [];
        }

        var roots = await grains.GetGrain<IOrganizationTreeGrain>(IOrganizationTreeGrain.Key).GetRoots();
        var found = new List<OrganizationListing>();
        foreach (var chunk in roots.Chunk(IdPages.Parallelism))
        {
            // The tree's list of roots is a superset: ids since moved under a parent or dissolved stay in it.
            found.AddRange((await Task.WhenAll(chunk.Select(id => ReadAsync(grains, id)))).OfType<OrganizationListing>().Where(o => o.ParentId is null));
        }

        return found;
    }

    /// <summary>An organization's own listing; null when it does not exist.</summary>
    public static async Task<OrganizationListing?> ReadAsync(IGrainFactory grains, string orgId) =>
        await grains.GetGrain<IOrganizationGrain>(orgId).GetDetails() is { } details
            ? new OrganizationListing(details.Id, details.Name, details.Kind, details.ParentId)
            : null;

    /// <summary>The children of <paramref name="parentId"/>; none when it does not exist (any more).</summary>
    public static async Task<List<OrganizationListing>> ChildrenAsync(IGrainFactory grains, string parentId)
    {
        try
        {
            var children = await grains.GetGrain<IOrganizationGrain>(parentId).GetChildren();
            return [.. children.Select(c => new OrganizationListing(c.Id, c.Name, c.Kind, parentId))];
        }
        catch (DomainException exception) when (exception.Kind == DomainErrorKind.NotFound)
        {
            // Dissolved while the walk went down to it.
            return [];
        }
    }

    /// <summary><paramref name="orgId"/> and the ids of every organization below it, a level at a time, the start first.</summary>
    public static async Task<List<string>> SubtreeIdsAsync(IGrainFactory grains, string orgId)
    {
        // Only a start's id is walked: its name and kind are not read.
        var below = await SubtreesAsync(grains, [new OrganizationListing(orgId, orgId, default, null)], includeStarts: false);
        return [orgId, .. below.Select(o => o.Id)];
    }

    /// <summary>Every organization below <paramref name="starts"/> (and the starts themselves with <paramref name="includeStarts"/>), each once.</summary>
    public static async Task<List<OrganizationListing>> SubtreesAsync(IGrainFactory grains, IReadOnlyCollection<OrganizationListing> starts, bool includeStarts)
    {
        ArgumentNullException.ThrowIfNull(starts);
        var seen = new HashSet<string>(starts.Select(s => s.Id), StringComparer.Ordinal);
        var found = includeStarts ? new List<OrganizationListing>(starts) : [];
        var level = starts.ToList();
        while (level.Count > 0)
        {
            var next = new List<OrganizationListing>();
            foreach (var chunk in level.Chunk(IdPages.Parallelism))
            {
                foreach (var children in await Task.WhenAll(chunk.Select(org => ChildrenAsync(grains, org.Id))))
                {
                    // A move in flight may show a child under two parents for a moment: it is listed once.
                    next.AddRange(children.Where(child => seen.Add(child.Id)));
                }
            }

            found.AddRange(next);
            level = next;
        }

        return found;
    }
}
