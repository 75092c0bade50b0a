using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace PartyActors.Grains;

/// <summary>
/// An organization's periodic reports: an append-only log of snapshots, at most one per period,
/// read whole on activation (seventeen a year: twelve months, four quarters, one year). The log is
/// the only truth: a period is taken when its entry is in the log, so a second take of it, after a
/// retry, a restart or a second walk of the tree, appends nothing. The grain is the log's only
/// writer (each append names the sequence it expects), and after an append whose outcome is unknown
/// it reads the log again before taking anything else.
/// </summary>
[GrainType("organization-reports")]
internal sealed class OrganizationReportsGrain(
    [PersistentLog("period-snapshots")] IGrainLog<PeriodSnapshot> log,
    TimeProvider time,
    ILogger<OrganizationReportsGrain> logger) : Grain, IOrganizationReportsGrain
{
    /// <summary>
    /// How far ahead of this silo's clock a boundary may be and still be taken: the schedule may run
    /// on a silo whose clock is a little ahead, and refusing would cost a walk a minute later.
    /// </summary>
    private static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(1);

    private readonly Dictionary<ReportPeriod, PeriodSnapshot> _snapshots = [];

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var record in await log.ReadAsync(1, cancellationToken: cancellationToken))
        {
            // A period's first entry is its snapshot; the grain never appends a second one.
            _snapshots.TryAdd(record.Entry.Period, record.Entry);
        }
    }

    public async Task<SnapshotTake> Take(DateTimeOffset boundary)
    {
        var now = time.GetUtcNow();
        if (!ReportPeriod.IsBoundary(boundary))
        {
            throw DomainErrors.Invalid("boundary", $"{boundary:O} is not the start of a month in China Standard Time.");
        }

        if (boundary > now + ClockSkewAllowance)
        {
            throw DomainErrors.Invalid("boundary", $"The periods ending at {boundary:O} have not ended yet.");
        }

        var details = await GrainFactory.GetGrain<IOrganizationGrain>(Id).GetDetails();
        if (details is null)
        {
            return new SnapshotTake(Exists: false, 0, []);
        }

        var missing = ReportPeriod.EndingAt(boundary).Where(p => !_snapshots.ContainsKey(p)).ToArray();
        if (missing.Length > 0)
        {
            var snapshots = missing
                .Select(p => new PeriodSnapshot(p, Id, details.Name, details.Kind, details.ParentId, details.ChildIds, now, details.Rollup))
                .ToArray();
            await log.AppendOrDeactivateAsync(this, snapshots);

            foreach (var snapshot in snapshots)
            {
                _snapshots.Add(snapshot.Period, snapshot);
            }

            logger.LogDebug("Organization {OrgId} took its snapshots of {Periods} (roll-up version {Version}).", Id, string.Join(", ", missing), details.Rollup.Version);
        }

        return new SnapshotTake(Exists: true, missing.Length, details.ChildIds);
    }

    public Task<PeriodSnapshot?> GetSnapshot(ReportPeriod period) =>
        Task.FromResult(_snapshots.TryGetValue(period, out var snapshot) ? snapshot : null);

    public Task<ImmutableArray<PeriodTaken>> GetPeriods() => Task.FromResult(_snapshots.Values
        .OrderByDescending(s => s.Period.End)
        .ThenBy(s => s.Period.Granularity)
        .Select(s => new PeriodTaken(s.Period, s.TakenAt))
        .ToImmutableArray());

    public Task<ImmutableArray<TrendPoint>> GetTrend(Metric metric, ReportPeriod from, ReportPeriod to)
    {
        if (!Enum.IsDefined(metric))
        {
            throw DomainErrors.Invalid("metric", $"{metric} is not a metric.");
        }

        if (ReportRules.CheckRange(from, to) is { } breach)
        {
            throw DomainErrors.Invalid("to", breach);
        }

        return Task.FromResult(from.Through(to)
            .Select(p => _snapshots.TryGetValue(p, out var s) ? new TrendPoint(p, s.Rollup.Metrics[metric], s.TakenAt) : new TrendPoint(p, null, null))
            .ToImmutableArray());
    }
}
