using System.CommandLine;
using System.Globalization;

namespace PartyActors.Client.Cli;

/// <summary><c>partyactors trend</c>: a metric's value in each period's snapshot, a line per period.</summary>
internal static class TrendCommand
{
    public static Command Create(CliSettings settings, Connection connection)
    {
        var orgId = new Argument<string>("orgId") { Description = "The organization" };
        var metric = new Option<string>("--metric") { Description = "A roll-up metric (members, reportedIn, points, …)", Required = true };
        var from = new Option<string>("--from") { Description = "The first period: 2026-01, 2026-Q1 or 2026", Required = true };
        var to = new Option<string>("--to") { Description = "The last period, of the same kind", Required = true };
        var granularity = new Option<string?>("--granularity") { Description = "month, quarter or year [default: the kind of --from]" };
        granularity.AcceptOnlyFromAmong(ReportGranularities.Month, ReportGranularities.Quarter, ReportGranularities.Year);

        var command = new ApiCommand("trend", "Print a metric's value in an organization's snapshot of each period, '-' where there is none", "GET /api/v1/orgs/{orgId}/trend")
        {
            orgId,
            metric,
            from,
            to,
            granularity,
        };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            var trend = await client.GetTrendAsync(
                parseResult.GetValue(orgId)!, parseResult.GetValue(metric)!, parseResult.GetValue(from)!, parseResult.GetValue(to)!,
                parseResult.GetValue(granularity), cancellationToken).ConfigureAwait(false);
            foreach (var point in trend.Points)
            {
                await settings.Out.WriteLineAsync($"{point.Period,-9}{point.Value?.ToString(CultureInfo.InvariantCulture) ?? "-"}").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
