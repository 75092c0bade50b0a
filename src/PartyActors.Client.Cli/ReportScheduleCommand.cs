using System.CommandLine;
using System.Globalization;

namespace PartyActors.Client.Cli;

/// <summary><c>partyactors report-schedule</c>: where the schedule of periodic reports stands (admins; docs/reports.md, "The schedule").</summary>
internal static class ReportScheduleCommand
{
    public static Command Create(CliSettings settings, Connection connection)
    {
        var json = CommandOutput.JsonOption();
        var command = new ApiCommand(
            "report-schedule",
            "Print where the schedule of periodic reports stands (admins): the last period boundary swept, the next, a sweep under way and the last one completed",
            "GET /api/v1/reports/schedule")
        {
            json,
        };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var schedule = await client.GetReportScheduleAsync(cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await CommandOutput.WriteJsonAsync(settings.Out, schedule).ConfigureAwait(false);
                return;
            }

            await CommandOutput.WriteRowsAsync(settings.Out,
            [
                ("started", schedule.Started ? "yes" : "no"),
                ("sweptThrough", CommandOutput.Time(schedule.SweptThrough)),
                ("nextBoundary", CommandOutput.Time(schedule.NextBoundary)),
                ("sweeping", schedule.Sweeping is { } s
                    ? string.Create(CultureInfo.InvariantCulture, $"boundary {ReportCommand.Instant(s.Boundary)}, walk {s.Walk}: {s.Visited} visited, {s.Taken} taken, {s.Failed} failed, since {ReportCommand.Instant(s.StartedAt)}")
                    : "no"),
                ("lastSweep", schedule.LastSweep is { } last
                    ? string.Create(CultureInfo.InvariantCulture, $"boundary {ReportCommand.Instant(last.Boundary)}: {last.Organizations} organizations, {last.Taken} taken in {last.Walks} walks, completed {ReportCommand.Instant(last.CompletedAt)}")
                    : null),
            ]).ConfigureAwait(false);
        });
        return command;
    }
}
