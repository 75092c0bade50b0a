using System.Collections.Immutable;
using PartyActors.Grains;

namespace PartyActors.Silo.Reports;

/// <summary>
/// An organization's snapshot of a period (<c>GET /orgs/{orgId}/reports?period=</c>): the period
/// spelt out, when the snapshot was taken, the organization as it was then, and its roll-up then.
/// </summary>
internal sealed record PeriodReport(
    string OrgId,
    string Period,
    PeriodGranularity Granularity,
    DateTimeOffset Start,
    DateTimeOffset End,
    DateTimeOffset TakenAt,
    string Name,
    OrganizationKind Kind,
    string? ParentId,
    ImmutableArray<string> ChildIds,
    Rollup Rollup)
{
    public static PeriodReport Of(PeriodSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var period = snapshot.Period;
        return new PeriodReport(snapshot.OrgId, period.ToString(), period.Granularity, period.Start, period.End, snapshot.TakenAt,
            snapshot.Name, snapshot.Kind, snapshot.ParentId, snapshot.ChildIds, snapshot.Rollup);
    }
}

/// <summary>A period an organization has a snapshot of.</summary>
internal sealed record ReportPeriodItem(string Period, PeriodGranularity Granularity, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset TakenAt)
{
    public static ReportPeriodItem Of(PeriodTaken taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        return new ReportPeriodItem(taken.Period.ToString(), taken.Period.Granularity, taken.Period.Start, taken.Period.End, taken.TakenAt);
    }
}

/// <summary>A page of the periods an organization has snapshots of, newest first; <see cref="Next"/> is the <c>after</c> of the following page.</summary>
internal sealed record ReportPeriodList(string OrgId, ImmutableArray<ReportPeriodItem> Items, string? Next);

/// <summary>A metric's series over periods, from the stored snapshots (<c>GET /orgs/{orgId}/trend</c>).</summary>
internal sealed record MetricTrend(string OrgId, string Metric, PeriodGranularity Granularity, string From, string To, ImmutableArray<TrendValue> Points);

/// <summary>One period of a trend: the value in its snapshot, null (with no <see cref="TakenAt"/>) when it has none.</summary>
internal sealed record TrendValue(string Period, long? Value, DateTimeOffset? TakenAt);
