using System.CommandLine;
using System.Globalization;
using System.Text;

namespace PartyActors.Client.Cli;

/// <summary><c>partyactors watch</c>: prints a line for each roll-up the server streams.</summary>
internal static class WatchCommand
{
    // The figures a supervisor watches first; --json gives all of them.
    private static readonly string[] KeyMetrics =
    [
        RollupMetrics.Members,
        RollupMetrics.ReportedHere,
        RollupMetrics.Points,
        RollupMetrics.RequestsOpen,
        RollupMetrics.RequestsOverdue,
        RollupMetrics.CommitmentsOverdue,
    ];

    public static Command Create(CliSettings settings, Connection connection)
    {
        var orgId = new Argument<string>("orgId") { Description = "The organization" };
        var count = new Option<int?>("--count") { Description = "Stop after this many roll-ups [default: until Ctrl+C]" };
        count.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
            {
                result.AddError("--count must be at least 1.");
            }
        });
        var json = new Option<bool>("--json") { Description = "Print each roll-up's JSON as the server sent it" };

        var command = new ApiCommand("watch", "Print an organization's roll-up each time it changes", "GET /api/v1/orgs/{orgId}/rollup/stream") { orgId, count, json };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            return await WatchAsync(settings, client, parseResult.GetValue(orgId)!, parseResult.GetValue(count), parseResult.GetValue(json), cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }

    private static async Task<int> WatchAsync(CliSettings settings, PartyActorsClient client, string orgId, int? count, bool json, CancellationToken cancellationToken)
    {
        var printed = 0;
        try
        {
            await foreach (var rollupEvent in client.WatchRollupEventsAsync(orgId, cancellationToken).ConfigureAwait(false))
            {
                await settings.Out.WriteLineAsync(json ? rollupEvent.Data : Format(rollupEvent.Rollup)).ConfigureAwait(false);
                await settings.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (++printed == count)
                {
                    return ExitCodes.Success;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C is how a watch normally ends.
            return ExitCodes.Success;
        }

        await settings.Error.WriteLineAsync("error: the server closed the roll-up stream.").ConfigureAwait(false);
        return ExitCodes.Failure;
    }

    private static string Format(Rollup rollup)
    {
        var line = new StringBuilder()
            .Append(rollup.AsOf.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture))
            .Append(CultureInfo.InvariantCulture, $"  v{rollup.Version} ");
        foreach (var metric in KeyMetrics)
        {
            if (rollup.Metrics.TryGetValue(metric, out var value))
            {
                line.Append(CultureInfo.InvariantCulture, $" {metric}={value}");
            }
        }

        return line.ToString();
    }
}
