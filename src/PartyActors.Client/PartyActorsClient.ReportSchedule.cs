namespace PartyActors.Client;

/// <summary>The schedule of periodic reports (docs/reports.md, "The schedule").</summary>
public sealed partial class PartyActorsClient
{
    /// <summary>Where the schedule of periodic reports stands (admins): the last boundary swept, the next, a sweep under way and the last one completed.</summary>
    [ApiOperation("GET /api/v1/reports/schedule")]
    public Task<ReportSchedule> GetReportScheduleAsync(CancellationToken cancellationToken = default) =>
        GetAsync(Route("reports", "schedule"), ClientJsonContext.Default.ReportSchedule, cancellationToken);
}
