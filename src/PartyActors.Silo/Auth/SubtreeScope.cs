using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PartyActors.Grains;

namespace PartyActors.Silo.Auth;

/// <summary>
/// Whether a caller's scope reaches an organization or a member (api.md, "Auth"): a caller scoped to
/// org X reaches X and its descendants, and the members whose organization of record or residence
/// grid is among them; an admin reaches everything; a caller without an <c>org</c> claim reaches no
/// organization. Answers by walking up from the organization through
/// <see cref="IRollupNode.GetParentId"/> (an interleaving call that never waits behind a busy
/// organization), with parent links remembered for <see cref="AuthOptions.ScopeCacheTtl"/>, so the
/// check costs a few dictionary lookups on the hot read paths. Organizations that do not exist are in
/// nobody's scope but an admin's.
/// </summary>
internal sealed class SubtreeScope(IGrainFactory grains, TimeProvider time, IOptions<AuthOptions> options)
{
    /// <summary>Deeper chains than this mean a damaged tree, not a deep one.</summary>
    private const int MaxDepth = 256;

    /// <summary>More remembered links than this and the cache starts over (a district has about 2,500 organizations).</summary>
    private const int MaxCachedLinks = 200_000;

    private readonly ConcurrentDictionary<string, ParentLink> _parents = new(StringComparer.Ordinal);
    private readonly TimeSpan _ttl = options.Value.ScopeCacheTtl;

    /// <summary>Whether <paramref name="orgId"/> is the caller's scope root or lies below it.</summary>
    public async Task<bool> ContainsOrgAsync(Caller caller, string orgId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(orgId);
        if (caller.IsAdmin)
        {
            return true;
        }

        if (caller.OrgId is not { } root)
        {
            return false;
        }

        string? current = orgId;
        for (var depth = 0; current is not null && depth < MaxDepth; depth++)
        {
            if (string.Equals(current, root, StringComparison.Ordinal))
            {
                return true;
            }

            current = await GetParentAsync(current);
        }

        return false;
    }

    /// <summary>Whether the member (as read) is in scope by its organization of record or its residence grid.</summary>
    public Task<bool> ContainsMemberAsync(Caller caller, MemberDetails member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return ContainsMemberAsync(caller, member.OrgId, member.ResidenceGridId);
    }

    /// <summary>Whether a member recorded at <paramref name="orgId"/> and living in <paramref name="residenceGridId"/> is in scope.</summary>
    public async Task<bool> ContainsMemberAsync(Caller caller, string orgId, string? residenceGridId) =>
        await ContainsOrgAsync(caller, orgId) || (residenceGridId is not null && await ContainsOrgAsync(caller, residenceGridId));

    /// <summary>Forgets what is remembered of <paramref name="orgId"/>'s place: call after creating, moving or dissolving it.</summary>
    public void Forget(string orgId) => _parents.TryRemove(orgId, out _);

    private async ValueTask<string?> GetParentAsync(string orgId)
    {
        var now = time.GetTimestamp();
        if (_parents.TryGetValue(orgId, out var link) && time.GetElapsedTime(link.ReadAt, now) < _ttl)
        {
            return link.ParentId;
        }

        var parentId = await grains.GetGrain<IRollupNode>(orgId).GetParentId();
        if (_ttl > TimeSpan.Zero)
        {
            if (_parents.Count >= MaxCachedLinks)
            {
                _parents.Clear();
            }

            _parents[orgId] = new ParentLink(parentId, now);
        }

        return parentId;
    }

    private readonly record struct ParentLink(string? ParentId, long ReadAt);
}
