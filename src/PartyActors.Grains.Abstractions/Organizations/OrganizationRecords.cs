using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>What a caller says an organization is: its name, kind and place in the tree (null parent: a root).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.OrganizationDefinition")]
public sealed record OrganizationDefinition([property: Id(0)] string Name, [property: Id(1)] OrganizationKind Kind, [property: Id(2)] string? ParentId);

/// <summary>An organization as supervisors read it.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.OrganizationDetails")]
public sealed record OrganizationDetails(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] OrganizationKind Kind,
    [property: Id(3)] string? ParentId,
    [property: Id(4)] ImmutableArray<string> ChildIds,
    [property: Id(5)] Rollup Rollup);

/// <summary>A child in a listing: its name, kind and the last roll-up it sent its parent.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.OrganizationSummary")]
public sealed record OrganizationSummary([property: Id(0)] string Id, [property: Id(1)] string Name, [property: Id(2)] OrganizationKind Kind, [property: Id(3)] Rollup Rollup);

/// <summary>What <see cref="IOrganizationTreeGrain.Place"/> did.</summary>
[GenerateSerializer, Alias("PartyActors.PlacementOutcome")]
public enum PlacementOutcome
{
    Created,
    Updated,
    Moved,
}
