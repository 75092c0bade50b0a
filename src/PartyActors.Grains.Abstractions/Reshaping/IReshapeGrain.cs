namespace PartyActors.Grains;

/// <summary>
/// One split or merge of communities (docs/reshaping.md), keyed by its id: it validates the order,
/// records its plan durably, then runs idempotent steps (organizations created and moved, members and
/// open items relocated, lineage recorded, the absorbed community dissolved), driven by a reminder
/// until done, so a crash mid-way resumes where it stopped.
/// </summary>
[Alias("PartyActors.IReshapeGrain")]
public interface IReshapeGrain : IGrainWithStringKey
{
    /// <summary>
    /// Validates and accepts a split; answers its progress (running). Refused, changing nothing, when
    /// the order is invalid or a reshape runs on the community. The same order again answers the same
    /// operation; another order under the same id is refused.
    /// </summary>
    Task<ReshapeProgress> Split(SplitOrder order, string by);

    /// <summary>Validates and accepts a merge of <see cref="MergeOrder.FromOrgId"/> into <see cref="MergeOrder.OrgId"/>; as <see cref="Split"/>.</summary>
    Task<ReshapeProgress> Merge(MergeOrder order, string by);

    /// <summary>Its progress; null when no reshape has this id.</summary>
    [AlwaysInterleave]
    Task<ReshapeProgress?> GetProgress();
}

/// <summary>
/// The organizations' side of reshaping (one grain per organization id, kept after a merge dissolves
/// the organization): its lineage, and the one reshape that may run on it at a time.
/// </summary>
[Alias("PartyActors.IOrganizationLineageGrain")]
public interface IOrganizationLineageGrain : IGrainWithStringKey
{
    /// <summary>Its lineage; null when it was never split or merged.</summary>
    [AlwaysInterleave]
    Task<OrganizationLineage?> GetLineage();

    /// <summary>
    /// Reserves the organization for <paramref name="reshapeId"/>; refused (409 <c>reshape-running</c>)
    /// while another reshape runs on it. A reservation whose reshape no longer runs (finished, or never
    /// recorded because its process died while accepting) is taken over.
    /// </summary>
    Task Reserve(string reshapeId);

    /// <summary>Ends the reservation of <paramref name="reshapeId"/> (no-op if it holds none).</summary>
    Task Release(string reshapeId);

    /// <summary>Adds a link to the lineage; a repeat of the same reshape's link changes nothing.</summary>
    Task Record(LineageRole role, LineageLink link);
}
