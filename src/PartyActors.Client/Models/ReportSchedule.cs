namespace PartyActors.Client;

/// <summary>A sweep of the tree under way: the period boundary, which walk, and how far it got.</summary>
public sealed record ReportSweepProgress(DateTimeOffset Boundary, DateTimeOffset StartedAt, int Walk, int Visited, int Taken, int Failed);

/// <summary>A completed sweep: every organization reached has its snapshots of the periods ending at <paramref name="Boundary"/>.</summary>
/// <param name="Organizations">Organizations the last walk reached.</param>
/// <param name="Taken">Snapshots the sweep took (the rest existed already).</param>
/// <param name="Walks">Walks of the tree it took.</param>
public sealed record ReportSweepSummary(DateTimeOffset Boundary, DateTimeOffset StartedAt, DateTimeOffset CompletedAt, int Organizations, int Taken, int Walks);

/// <summary>Where the schedule of periodic reports stands (<c>GET /api/v1/reports/schedule</c>, admins).</summary>
/// <param name="SweptThrough">The last period boundary whose snapshots are all taken.</param>
/// <param name="NextBoundary">The next boundary the schedule will sweep at.</param>
/// <param name="Sweeping">The sweep under way; null when none is.</param>
/// <param name="LastSweep">The last sweep completed.</param>
public sealed record ReportSchedule(bool Started, DateTimeOffset? SweptThrough, DateTimeOffset? NextBoundary, ReportSweepProgress? Sweeping, ReportSweepSummary? LastSweep);
