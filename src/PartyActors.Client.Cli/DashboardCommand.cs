using System.CommandLine;
using System.Globalization;

namespace PartyActors.Client.Cli;

/// <summary><c>partyactors dashboard</c>: what the supervisors' dashboard asks the API for besides the resources: its settings and stream tickets (docs/dashboard.md).</summary>
internal static class DashboardCommand
{
    public static Command Create(CliSettings settings, Connection connection) =>
        new("dashboard", "What the supervisors' dashboard uses: its thresholds, and stream tickets for browsers")
        {
            Settings(settings, connection),
            Ticket(settings, connection),
        };

    private static ApiCommand Settings(CliSettings settings, Connection connection)
    {
        var json = CommandOutput.JsonOption();
        var command = new ApiCommand(
            "settings",
            "Print the dashboard's red / yellow / green thresholds, an indicator a line (green from, yellow from, which way is better), and the stream tickets' lifetime",
            "GET /api/v1/dashboard/settings")
        {
            json,
        };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var answer = await client.GetDashboardSettingsAsync(cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await CommandOutput.WriteJsonAsync(settings.Out, answer).ConfigureAwait(false);
                return;
            }

            var t = answer.Thresholds;
            await CommandOutput.WriteRowsAsync(settings.Out,
            [
                ("reportInRate", Threshold(t.ReportInRate)),
                ("satisfaction", Threshold(t.Satisfaction)),
                ("requestsOverdueRate", Threshold(t.RequestsOverdueRate)),
                ("commitmentsOverdueRate", Threshold(t.CommitmentsOverdueRate)),
                ("meetingCompliance", Threshold(t.MeetingCompliance)),
                ("streamTicketLifetime", answer.StreamTicketLifetimeSeconds.ToString(CultureInfo.InvariantCulture) + " s"),
            ]).ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand Ticket(CliSettings settings, Connection connection)
    {
        var command = new ApiCommand(
            "ticket",
            "Print a short-lived stream ticket (alone on stdout, its expiry on stderr) that opens roll-up streams as ?ticket=, for a browser's EventSource",
            "POST /api/v1/streams/tickets");
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var ticket = await client.IssueStreamTicketAsync(cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync(ticket.Ticket).ConfigureAwait(false);
            await settings.Error.WriteLineAsync($"expires at {ReportCommand.Instant(ticket.ExpiresAt)}").ConfigureAwait(false);
        });
        return command;
    }

    private static string Threshold(IndicatorThreshold threshold) =>
        string.Create(CultureInfo.InvariantCulture, $"green {(threshold.Better == "lower" ? "up to" : "from")} {threshold.Green}, yellow {(threshold.Better == "lower" ? "up to" : "from")} {threshold.Yellow} ({threshold.Better} is better)");
}
