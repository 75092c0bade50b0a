using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>
/// The tree of organizations as a whole (one grain, key <see cref="Key"/>). Every create, rename
/// and move goes through <see cref="Place"/>; moves and dissolutions are serialized here, so two
/// moves racing (A under B while B goes under A) cannot make a cycle. Creates and renames are not
/// serialized: they cannot make one.
/// </summary>
[Alias("PartyActors.IOrganizationTreeGrain")]
public interface IOrganizationTreeGrain : IGrainWithStringKey
{
    /// <summary>The key of the one tree grain.</summary>
    public const string Key = "tree";

    /// <summary>Creates the organization, updates it, or moves it (with its subtree and roll-ups) under a new parent.</summary>
    Task<PlacementOutcome> Place(string orgId, OrganizationDefinition definition);

    /// <summary>Dissolves an organization; refused while it has children or members.</summary>
    Task Dissolve(string orgId);

    /// <summary>
    /// Rebuilds the roll-ups of <paramref name="orgId"/>'s subtree from its sources, bottom up, and
    /// returns its roll-up: the explicit repair after a crash or a bug.
    /// </summary>
    Task<Rollup> Rebuild(string orgId);

    /// <summary>
    /// The roots of the tree: the organizations that exist and have no parent. Every placement
    /// without a parent records its id first, so a walk from these reaches every organization.
    /// </summary>
    Task<ImmutableArray<string>> GetRoots();
}
