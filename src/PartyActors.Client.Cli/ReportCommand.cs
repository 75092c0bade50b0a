using System.CommandLine;
using System.Globalization;

namespace PartyActors.Client.Cli;

/// <summary><c>partyactors report</c>: an organization's snapshot of a period, or the periods it has snapshots of.</summary>
internal static class ReportCommand
{
    public static Command Create(CliSettings settings, Connection connection)
    {
        var orgId = new Argument<string>("orgId") { Description = "The organization" };
        var period = new Option<string?>("--period") { Description = "A month (2026-11), quarter (2026-Q4) or year (2026), China Standard Time [default: list the periods with a snapshot]" };
        var granularity = new Option<string?>("--granularity") { Description = "List only months, quarters or years" };
        granularity.AcceptOnlyFromAmong(ReportGranularities.Month, ReportGranularities.Quarter, ReportGranularities.Year);

        var command = new ApiCommand("report", "Print an organization's snapshot of a period (its roll-up when the period ended), or list the periods it has snapshots of", "GET /api/v1/orgs/{orgId}/reports")
        {
            orgId,
            period,
            granularity,
        };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            var org = parseResult.GetValue(orgId)!;
            if (parseResult.GetValue(period) is { } asked)
            {
                if (parseResult.GetValue(granularity) is not null)
                {
                    throw new CliException("--granularity filters the list of periods; leave it out with --period.");
                }

                await WriteAsync(settings.Out, await client.GetReportAsync(org, asked, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            string? after = null;
            do
            {
                var page = await client.ListReportsAsync(org, parseResult.GetValue(granularity), after: after, cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (var item in page.Items)
                {
                    await settings.Out.WriteLineAsync($"{item.Period,-9}{item.Granularity,-9}taken {Instant(item.TakenAt)}").ConfigureAwait(false);
                }

                after = page.Next;
            }
            while (after is not null);

            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task WriteAsync(TextWriter output, PeriodReport report)
    {
        var rows = new List<(string Name, string Value)>
        {
            ("orgId", report.OrgId),
            ("name", report.Name),
            ("period", report.Period),
            ("takenAt", Instant(report.TakenAt)),
            ("asOf", Instant(report.Rollup.AsOf)),
            ("version", report.Rollup.Version.ToString(CultureInfo.InvariantCulture)),
        };
        rows.AddRange(report.Rollup.Metrics.Select(metric => (metric.Key, metric.Value.ToString(CultureInfo.InvariantCulture))));

        var width = rows.Max(row => row.Name.Length) + 2;
        foreach (var (name, value) in rows)
        {
            await output.WriteLineAsync(name.PadRight(width) + value).ConfigureAwait(false);
        }
    }

    /// <summary>An instant in China Standard Time, the time the periods are counted in.</summary>
    internal static string Instant(DateTimeOffset at) =>
        at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
}
