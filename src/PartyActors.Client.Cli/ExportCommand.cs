using System.CommandLine;

namespace PartyActors.Client.Cli;

/// <summary><c>partyactors export</c>: saves the statistics table of a period as the CSV file the server sends.</summary>
internal static class ExportCommand
{
    public static Command Create(CliSettings settings, Connection connection)
    {
        var orgId = new Argument<string>("orgId") { Description = "The organization at the top of the table" };
        var period = new Option<string>("--period") { Description = "A month (2026-11), quarter (2026-Q4) or year (2026), China Standard Time", Required = true };
        var depth = new Option<int?>("--depth") { Description = "Levels below the organization [default: all]" };
        var output = new Option<FileInfo?>("--out") { Description = "The file to write [default: the name the server suggests, in the current directory]" };

        var command = new ApiCommand("export", "Save the statistics table of a period: a CSV row per organization of the subtree with its figures then (UTF-8 with BOM, for Excel)", "GET /api/v1/orgs/{orgId}/reports/export")
        {
            orgId,
            period,
            depth,
            output,
        };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var client = connection.CreateClient(parseResult, http);
            var org = parseResult.GetValue(orgId)!;
            var asked = parseResult.GetValue(period)!;

            // Written next to where it goes and moved there once whole, so a broken transfer leaves no file that looks complete.
            var target = parseResult.GetValue(output);
            var directory = target?.DirectoryName ?? settings.GetCurrentDirectory();
            var partial = Path.Combine(directory, $".partyactors-export-{Guid.NewGuid():N}.part");
            try
            {
                string? suggested;
                var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 81_920, FileOptions.Asynchronous);
                await using (file.ConfigureAwait(false))
                {
                    suggested = await client.DownloadReportTableCsvAsync(org, asked, file, parseResult.GetValue(depth), cancellationToken).ConfigureAwait(false);
                }

                var path = target?.FullName ?? Path.Combine(directory, Path.GetFileName(suggested ?? $"reports-{org}-{asked}.csv"));
                File.Move(partial, path, overwrite: true);
                await settings.Out.WriteLineAsync(path).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            finally
            {
                File.Delete(partial);
            }
        }));
        return command;
    }
}
