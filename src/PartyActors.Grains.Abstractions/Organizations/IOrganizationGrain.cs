using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>
/// An organization of the tree (a district committee, a street, a community, a grid, a branch…),
/// keyed by its id. It holds its own counts and the last snapshot of each child, and publishes its
/// subtree's roll-up to its parent and its observers. Create, rename and move it through
/// <see cref="IOrganizationTreeGrain"/>, which keeps the tree free of cycles.
/// </summary>
[Alias("PartyActors.IOrganizationGrain")]
public interface IOrganizationGrain : IGrainWithStringKey
{
    /// <summary>Its name, kind, place and roll-up; null when it does not exist.</summary>
    Task<OrganizationDetails?> GetDetails();

    /// <summary>Its current roll-up (the figures of its whole subtree).</summary>
    Task<Rollup> GetRollup();

    /// <summary>Its children, each with the last roll-up it reported.</summary>
    Task<ImmutableArray<OrganizationSummary>> GetChildren();

    /// <summary>
    /// The ids of the sources of <paramref name="kind"/> that count here (its own, not its subtree's):
    /// an organization knows every source that may count there (docs/rollups.md, rule 1).
    /// </summary>
    Task<ImmutableArray<string>> GetSourceIds(SourceKind kind);

    /// <summary>The ids of the members whose organization of record this is (not those of its subtree).</summary>
    [AlwaysInterleave]
    Task<ImmutableArray<string>> GetMembersOfRecord();

    /// <summary>
    /// Its own members of record (not its subtree's) whose name contains <paramref name="query"/> or
    /// whose id starts with it (<see cref="DirectoryRules.Matches"/>), all of them when it is null,
    /// from the cards they send with their contributions (in no particular order).
    /// </summary>
    [AlwaysInterleave]
    Task<ImmutableArray<MemberListing>> FindMembersOfRecord(string? query);

    /// <summary>
    /// Its own members of record with their points in <paramref name="months"/>, from the months each
    /// member reports with its contribution (no member is asked): the <paramref name="top"/> with the
    /// most, their total, those it cannot answer for, and its children (docs/points.md, "Rankings").
    /// </summary>
    [AlwaysInterleave]
    Task<PointsOfRecord> GetPointsOfRecord(MonthRange months, int top);

    /// <summary>Sends <paramref name="observer"/> every roll-up this organization publishes; renew before it expires.</summary>
    Task Subscribe(IRollupObserver observer);

    Task Unsubscribe(IRollupObserver observer);

    /// <summary>
    /// Creates the organization under its parent, or renames it or changes its kind. Refuses a
    /// change of parent (<see cref="IOrganizationTreeGrain.Place"/> moves organizations).
    /// </summary>
    Task<PlacementOutcome> Define(OrganizationDefinition definition);

    /// <summary>Dissolves the organization; refused while it has children or members.</summary>
    Task Dissolve();

    /// <summary>Re-counts its own figures from its sources and the snapshots of its children, then publishes at once.</summary>
    Task<Rollup> Rebuild();

    /// <summary>Asks the children (and, with <paramref name="includeSources"/>, the sources) what they hold, and repairs any difference.</summary>
    Task Reconcile(bool includeSources);
}

/// <summary>
/// The protocol of the tree between organizations, their sources and the tree grain. Not for
/// clients: it is what keeps roll-ups exact.
/// </summary>
[Alias("PartyActors.IRollupNode")]
public interface IRollupNode : IGrainWithStringKey
{
    /// <summary>The parent this organization names; null for a root or when it does not exist.</summary>
    [AlwaysInterleave]
    Task<string?> GetParentId();

    /// <summary>This organization's current subtree total and sequence, for its parent's reconciliation.</summary>
    [AlwaysInterleave]
    Task<ChildRollup> GetChildRollup();

    /// <summary>Records <paramref name="childId"/> as a child, before the child names this organization its parent.</summary>
    Task AttachChild(string childId);

    /// <summary>Forgets a child and its snapshot (it moved away or was dissolved).</summary>
    Task DetachChild(string childId);

    /// <summary>Makes the parent of <paramref name="definition"/> this organization's parent and applies the rest of <paramref name="definition"/>.</summary>
    Task Reparent(OrganizationDefinition definition);

    /// <summary>A child's new subtree total; kept only if its sequence is newer than the one held.</summary>
    Task ReceiveChildRollup(ChildRollup rollup);

    /// <summary>
    /// Publishes at once what is not yet published and writes what is only in memory: a stopping
    /// silo's last step while every grain can still be reached. True when it published.
    /// </summary>
    Task<bool> Drain();

    /// <summary>
    /// Sets what a source contributes here (replacing what it contributed before) and makes it
    /// durable before answering. Refused when this organization does not exist, or is not a grid
    /// and the contribution ties a resident or a report-in to it. Interleaves with everything else
    /// the organization does, so contributions that arrive together share one write.
    /// </summary>
    [AlwaysInterleave]
    Task ApplyContribution(Contribution contribution);
}
