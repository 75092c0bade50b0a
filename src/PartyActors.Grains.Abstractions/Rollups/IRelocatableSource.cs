namespace PartyActors.Grains;

/// <summary>
/// A source whose ties to an organization follow that organization's business when communities
/// are split or merged: a merge moves every open item of the absorbed community to the surviving
/// one, a split moves the chosen ones to the new community.
/// </summary>
[Alias("PartyActors.IRelocatableSource")]
public interface IRelocatableSource : IRollupSource
{
    /// <summary>
    /// Moves every tie this source has to <paramref name="fromOrgId"/> (and the figures counted there)
    /// to <paramref name="toOrgId"/>, as a move by the tree moves a subtree: what leaves one organization
    /// arrives at the other, durable before it answers. Idempotent: answers false, changing nothing,
    /// when the source has no tie to <paramref name="fromOrgId"/> (e.g. a repeat after a crash).
    /// </summary>
    Task<bool> Relocate(string fromOrgId, string toOrgId);
}
