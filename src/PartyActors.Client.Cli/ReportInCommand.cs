using System.CommandLine;
using System.Globalization;
using System.Text;

namespace PartyActors.Client.Cli;

/// <summary>
/// <c>partyactors report-in</c>: organizations stationed in a community report in to it (双报到), the
/// community's list, and the service feedback to work units as the server's CSV.
/// </summary>
internal static class ReportInCommand
{
    public static Command Create(CliSettings settings, Connection connection) =>
        new("report-in", "Report-in (双报到): stationed organizations, a community's list, service feedback to work units")
        {
            ReportIn(settings, connection),
            Withdraw(settings, connection),
            History(settings, connection),
            List(settings, connection),
            Feedback(settings, connection),
        };

    private static Command ReportIn(CliSettings settings, Connection connection)
    {
        var orgId = new Argument<string>("orgId") { Description = "The organization stationed in the community" };
        var communityId = new Argument<string>("communityId") { Description = "The community or village it reports in to" };
        var command = new ApiCommand("org", "Report an organization in to a community; again with another community moves it", "POST /api/v1/orgs/{orgId}/report-in") { orgId, communityId };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            var org = parseResult.GetValue(orgId)!;
            var reportIn = await client.ReportOrganizationInAsync(org, parseResult.GetValue(communityId)!, cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync($"{org} reported in to {reportIn.CommunityId} since {Time(reportIn.At)}").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Withdraw(CliSettings settings, Connection connection)
    {
        var orgId = new Argument<string>("orgId") { Description = "The organization" };
        var command = new ApiCommand("withdraw", "Withdraw an organization's report-in", "DELETE /api/v1/orgs/{orgId}/report-in") { orgId };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            var org = parseResult.GetValue(orgId)!;
            await client.WithdrawOrganizationReportInAsync(org, cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync($"{org}: report-in withdrawn").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static ApiCommand History(CliSettings settings, Connection connection)
    {
        var orgId = new Argument<string>("orgId") { Description = "The organization stationed in a community" };
        var command = new ApiCommand("history", "Print where an organization is reported in now and every earlier report-in, oldest first", "GET /api/v1/orgs/{orgId}/report-in") { orgId };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var history = await client.GetOrganizationReportInAsync(parseResult.GetValue(orgId)!, cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync(history.Current is { } current
                ? $"{history.OrgId}: reported in to {current.CommunityId} since {Time(current.At)}"
                : $"{history.OrgId}: not reported in").ConfigureAwait(false);
            foreach (var stretch in history.History)
            {
                await settings.Out.WriteLineAsync($"{stretch.CommunityId}\t{Time(stretch.From)}\t{(stretch.To is { } to ? Time(to) : "-")}").ConfigureAwait(false);
            }
        });
        return command;
    }

    private static Command List(CliSettings settings, Connection connection)
    {
        var communityId = new Argument<string>("communityId") { Description = "The community or village" };
        var command = new ApiCommand("list", "Print the organizations reported in to a community, one a line: id, kind, since, name (tab-separated)", "GET /api/v1/orgs/{orgId}/reported-orgs") { communityId };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            string? after = null;
            do
            {
                var page = await client.GetReportedOrganizationsAsync(parseResult.GetValue(communityId)!, after: after, cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (var org in page.Items)
                {
                    await settings.Out.WriteLineAsync($"{org.OrgId}\t{org.Kind}\t{Time(org.At)}\t{org.Name}").ConfigureAwait(false);
                }

                after = page.Next;
            }
            while (after is not null);

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Feedback(CliSettings settings, Connection connection)
    {
        var orgId = new Argument<string>("orgId") { Description = "The work unit (any organization: its whole subtree)" };
        var period = new Option<string>("--period")
        {
            Description = "A year (2026), a quarter (2026-Q4) or a month (2026-11), China Standard Time",
            Required = true,
        };
        var output = new Option<FileInfo?>("--output") { Description = "Save the CSV as the server sends it (UTF-8 with a byte-order mark, for Excel) [default: print it]" };
        var command = new ApiCommand("feedback", "The service feedback to a work unit: each in-service member's service where they live in the period, as CSV", "GET /api/v1/orgs/{orgId}/service-feedback") { orgId, period, output };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var client = connection.CreateClient(parseResult, http);
            var org = parseResult.GetValue(orgId)!;
            var asked = parseResult.GetValue(period)!;
            if (parseResult.GetValue(output) is { } file)
            {
                var stream = new FileStream(file.FullName, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 81_920, useAsync: true);
                await using (stream.ConfigureAwait(false))
                {
                    await client.DownloadServiceFeedbackCsvAsync(org, asked, stream, cancellationToken).ConfigureAwait(false);
                }

                await settings.Error.WriteLineAsync($"saved {file.FullName}").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            using var csv = new MemoryStream();
            await client.DownloadServiceFeedbackCsvAsync(org, asked, csv, cancellationToken).ConfigureAwait(false);
            csv.Position = 0;

            // The byte-order mark is for Excel; a terminal or a pipe gets the text.
            using var reader = new StreamReader(csv, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            await settings.Out.WriteAsync(await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
