namespace PartyActors.Client;

/// <summary>
/// An organization's snapshot of a period, as <c>GET /api/v1/orgs/{orgId}/reports?period=</c> returns
/// it (docs/reports.md): its roll-up when the period ended, and its name, kind, parent and children then.
/// </summary>
/// <param name="Period"><c>2026-11</c>, <c>2026-Q4</c> or <c>2026</c> (China Standard Time).</param>
/// <param name="Granularity">One of <see cref="ReportGranularities"/>.</param>
/// <param name="Start">The period's first instant.</param>
/// <param name="End">The instant after the period, when its snapshot was due.</param>
/// <param name="TakenAt">When the snapshot was taken: at or just after <paramref name="End"/>, later after an outage.</param>
/// <param name="Rollup">The figures then; its <see cref="Client.Rollup.AsOf"/> says when the organization had published them.</param>
public sealed record PeriodReport(
    string OrgId,
    string Period,
    string Granularity,
    DateTimeOffset Start,
    DateTimeOffset End,
    DateTimeOffset TakenAt,
    string Name,
    string Kind,
    string? ParentId,
    IReadOnlyList<string>? ChildIds,
    Rollup Rollup)
{
    public IReadOnlyList<string> ChildIds { get; init; } = ChildIds ?? [];
}

/// <summary>A page of the periods an organization has snapshots of, newest first; pass <see cref="Next"/> as <c>after</c> for the following page (null on the last).</summary>
public sealed record ReportPeriodList(string OrgId, IReadOnlyList<ReportPeriodItem>? Items, string? Next)
{
    public IReadOnlyList<ReportPeriodItem> Items { get; init; } = Items ?? [];
}

/// <summary>A period an organization has a snapshot of.</summary>
public sealed record ReportPeriodItem(string Period, string Granularity, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset TakenAt);

/// <summary>A metric's values over periods (<c>GET /api/v1/orgs/{orgId}/trend</c>), one point per period from <see cref="From"/> to <see cref="To"/>.</summary>
public sealed record MetricTrend(string OrgId, string Metric, string Granularity, string From, string To, IReadOnlyList<TrendPoint>? Points)
{
    public IReadOnlyList<TrendPoint> Points { get; init; } = Points ?? [];
}

/// <summary>One period of a trend: the value in its snapshot, or null (and no <see cref="TakenAt"/>) when it has none.</summary>
public sealed record TrendPoint(string Period, long? Value, DateTimeOffset? TakenAt);

/// <summary>The lengths of report periods (<c>granularity</c>).</summary>
public static class ReportGranularities
{
    /// <summary>A calendar month, <c>2026-11</c> (月报).</summary>
    public const string Month = "month";

    /// <summary>A calendar quarter, <c>2026-Q4</c> (季报).</summary>
    public const string Quarter = "quarter";

    /// <summary>A calendar year, <c>2026</c> (年报).</summary>
    public const string Year = "year";
}
