namespace PartyActors.Grains;

/// <summary>
/// An organization's figures over its whole subtree. <see cref="Version"/> grows with every change
/// the organization publishes; <see cref="AsOf"/> is when it published this one.
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.Rollup")]
public sealed record Rollup([property: Id(0)] string OrgId, [property: Id(1)] DateTimeOffset AsOf, [property: Id(2)] long Version, [property: Id(3)] RollupCounters Metrics);

/// <summary>
/// What a child organization last sent its parent: its subtree total stamped with a sequence
/// number that only grows. The parent keeps it only if <see cref="Sequence"/> is newer than the one
/// it holds, so duplicated, reordered or replayed snapshots cannot skew a figure.
/// </summary>
/// <param name="ChildId">The child organization.</param>
/// <param name="ParentId">The parent the child names as its own when it sent this (null: none, or the child no longer exists).</param>
/// <param name="Exists">False when the child has been dissolved or never existed.</param>
[GenerateSerializer, Immutable, Alias("PartyActors.ChildRollup")]
public sealed record ChildRollup(
    [property: Id(0)] string ChildId,
    [property: Id(1)] string? ParentId,
    [property: Id(2)] bool Exists,
    [property: Id(3)] long Sequence,
    [property: Id(4)] DateTimeOffset AsOf,
    [property: Id(5)] string Name,
    [property: Id(6)] OrganizationKind Kind,
    [property: Id(7)] RollupCounters Total);

/// <summary>Receives an organization's roll-up each time it publishes a new one.</summary>
[Alias("PartyActors.IRollupObserver")]
public interface IRollupObserver : IGrainObserver
{
    /// <summary>One-way: the organization never waits for a subscriber, so a slow one delays only itself.</summary>
    [OneWay]
    Task OnRollup(Rollup rollup);
}
