using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>
/// The periodic reports of one organization (keyed by its id): an append-only log of immutable
/// snapshots of its roll-up, one per period at most, taken when the period ends. It outlives the
/// organization: a dissolved organization's reports stay readable.
/// </summary>
[Alias("PartyActors.IOrganizationReportsGrain")]
public interface IOrganizationReportsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes the snapshots of the periods ending at <paramref name="boundary"/> that this
    /// organization does not have yet (none if it does not exist), and answers its children for the
    /// walk of the tree. Taking a period again changes nothing. The schedule's call
    /// (<see cref="IReportScheduleGrain"/>): a boundary more than a minute ahead of the clock (silos' clocks differ a little),
    /// or an instant that is not one, is refused.
    /// </summary>
    Task<SnapshotTake> Take(DateTimeOffset boundary);

    /// <summary>The snapshot of <paramref name="period"/>; null when none was taken.</summary>
    Task<PeriodSnapshot?> GetSnapshot(ReportPeriod period);

    /// <summary>Every period with a snapshot, newest first (a month before its quarter before its year).</summary>
    Task<ImmutableArray<PeriodTaken>> GetPeriods();

    /// <summary>Each period from <paramref name="from"/> to <paramref name="to"/> (one granularity, <see cref="ReportRules.CheckRange"/>) with the metric's value in its snapshot.</summary>
    Task<ImmutableArray<TrendPoint>> GetTrend(Metric metric, ReportPeriod from, ReportPeriod to);
}
