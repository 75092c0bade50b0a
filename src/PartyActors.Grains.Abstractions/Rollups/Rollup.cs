namespace PartyActors.Grains;

/// <summary>
/// An organization's figures over its whole subtree. <see cref="Version"/> grows with every change
/// the organization publishes; <see cref="AsOf"/> is when it published this one.
/// </summary>
public sealed record Rollup(string OrgId, DateTimeOffset AsOf, long Version, RollupCounters Metrics);

/// <summary>
/// What a child organization last sent its parent: its subtree total stamped with a sequence
/// number that only grows. The parent keeps it only if <see cref="Sequence"/> is newer than the one
/// it holds, so duplicated, reordered or replayed snapshots cannot skew a figure.
/// </summary>
/// <param name="ChildId">The child organization.</param>
/// <param name="ParentId">The parent the child names as its own when it sent this (null: none, or the child no longer exists).</param>
/// <param name="Exists">False when the child has been dissolved or never existed.</param>
public sealed record ChildRollup(
    string ChildId,
    string? ParentId,
    bool Exists,
    long Sequence,
    DateTimeOffset AsOf,
    string Name,
    OrganizationKind Kind,
    RollupCounters Total);

/// <summary>Receives an organization's roll-up each time it publishes a new one.</summary>
public interface IRollupObserver : IGrainObserver
{
    Task OnRollup(Rollup rollup);
}
