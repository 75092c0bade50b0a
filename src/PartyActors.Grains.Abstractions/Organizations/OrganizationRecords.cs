using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>What a caller says an organization is: its name, kind and place in the tree (null parent: a root).</summary>
public sealed record OrganizationDefinition(string Name, OrganizationKind Kind, string? ParentId);

/// <summary>An organization as supervisors read it.</summary>
public sealed record OrganizationDetails(
    string Id,
    string Name,
    OrganizationKind Kind,
    string? ParentId,
    ImmutableArray<string> ChildIds,
    Rollup Rollup);

/// <summary>A child in a listing: its name, kind and the last roll-up it sent its parent.</summary>
public sealed record OrganizationSummary(string Id, string Name, OrganizationKind Kind, Rollup Rollup);

/// <summary>What <see cref="IOrganizationTreeGrain.Place"/> did.</summary>
public enum PlacementOutcome
{
    Created,
    Updated,
    Moved,
}
