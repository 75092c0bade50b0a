using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>
/// An organization's roll-up as it stood when a period ended (月报, 季报, 年报): the figures it had
/// published (<see cref="Rollup"/>, with their <c>asOf</c> and <c>version</c>) when the snapshot was
/// taken (<see cref="TakenAt"/>, at or just after <see cref="ReportPeriod.End"/>; later after an
/// outage), and its name, kind, parent and children at that moment. Immutable once taken.
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.PeriodSnapshot")]
public sealed record PeriodSnapshot(
    [property: Id(0)] ReportPeriod Period,
    [property: Id(1)] string OrgId,
    [property: Id(2)] string Name,
    [property: Id(3)] OrganizationKind Kind,
    [property: Id(4)] string? ParentId,
    [property: Id(5)] ImmutableArray<string> ChildIds,
    [property: Id(6)] DateTimeOffset TakenAt,
    [property: Id(7)] Rollup Rollup);

/// <summary>What <see cref="IOrganizationReportsGrain.Take"/> did.</summary>
/// <param name="Exists">Whether the organization exists; nothing is taken for one that does not.</param>
/// <param name="Taken">How many snapshots this call took (0 when the periods had theirs already).</param>
/// <param name="ChildIds">The organization's children now, for the walk of the tree.</param>
[GenerateSerializer, Immutable, Alias("PartyActors.SnapshotTake")]
public sealed record SnapshotTake([property: Id(0)] bool Exists, [property: Id(1)] int Taken, [property: Id(2)] ImmutableArray<string> ChildIds);

/// <summary>A period an organization has a snapshot of, and when it was taken.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.PeriodTaken")]
public sealed record PeriodTaken([property: Id(0)] ReportPeriod Period, [property: Id(1)] DateTimeOffset TakenAt);

/// <summary>One period of a trend: the metric's value in the period's snapshot, or null when there is none.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.TrendPoint")]
public sealed record TrendPoint([property: Id(0)] ReportPeriod Period, [property: Id(1)] long? Value, [property: Id(2)] DateTimeOffset? TakenAt);

/// <summary>Where the schedule of periodic reports stands (docs/reports.md, "The schedule").</summary>
/// <param name="Started">Whether the schedule has ever started; until then nothing is taken.</param>
/// <param name="SweptThrough">The latest boundary whose periods every organization has a snapshot of (or the boundary before the schedule first started).</param>
/// <param name="NextBoundary">The boundary the schedule sweeps next.</param>
/// <param name="Sweeping">The sweep under way, if any.</param>
/// <param name="LastSweep">The last sweep that completed, if any.</param>
[GenerateSerializer, Immutable, Alias("PartyActors.ReportScheduleStatus")]
public sealed record ReportScheduleStatus(
    [property: Id(0)] bool Started,
    [property: Id(1)] DateTimeOffset? SweptThrough,
    [property: Id(2)] DateTimeOffset? NextBoundary,
    [property: Id(3)] SweepProgress? Sweeping,
    [property: Id(4)] SweepSummary? LastSweep);

/// <summary>A sweep under way: the boundary, which walk of the tree, and how far it got.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.SweepProgress")]
public sealed record SweepProgress(
    [property: Id(0)] DateTimeOffset Boundary,
    [property: Id(1)] DateTimeOffset StartedAt,
    [property: Id(2)] int Walk,
    [property: Id(3)] int Visited,
    [property: Id(4)] int Taken,
    [property: Id(5)] int Failed);

/// <summary>A completed sweep: every organization reached has its snapshots of the periods ending at <see cref="Boundary"/>.</summary>
/// <param name="Organizations">Organizations the last walk reached.</param>
/// <param name="Taken">Snapshots the sweep took (the rest existed already).</param>
/// <param name="Walks">Walks of the tree it took (the last one found every snapshot taken).</param>
[GenerateSerializer, Immutable, Alias("PartyActors.SweepSummary")]
public sealed record SweepSummary(
    [property: Id(0)] DateTimeOffset Boundary,
    [property: Id(1)] DateTimeOffset StartedAt,
    [property: Id(2)] DateTimeOffset CompletedAt,
    [property: Id(3)] int Organizations,
    [property: Id(4)] int Taken,
    [property: Id(5)] int Walks);

/// <summary>The rules of reading reports, shared by the grains and the HTTP layer.</summary>
public static class ReportRules
{
    /// <summary>The most periods one trend spans: ten years of months.</summary>
    public const int MaxTrendPeriods = 120;

    /// <summary>The breach of a trend's range, or null: same granularity, <paramref name="from"/> not after <paramref name="to"/>, at most <see cref="MaxTrendPeriods"/>.</summary>
    public static string? CheckRange(ReportPeriod from, ReportPeriod to)
    {
        if (from.Granularity != to.Granularity)
        {
            return $"'from' ({from}) and 'to' ({to}) must both be a {WireNames<PeriodGranularity>.Name(from.Granularity)}.";
        }

        if (from > to)
        {
            return $"'to' ({to}) must not be before 'from' ({from}).";
        }

        return from.CountThrough(to) > MaxTrendPeriods
            ? $"A trend spans at most {MaxTrendPeriods} periods; {from} to {to} is {from.CountThrough(to)}."
            : null;
    }
}
