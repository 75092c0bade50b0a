using System.CommandLine;

namespace PartyActors.Client.Cli;

/// <summary><c>partyactors health live|ready|metrics</c>: the operations routes.</summary>
internal static class HealthCommand
{
    public static Command Create(CliSettings settings, Connection connection)
    {
        var live = new ApiCommand("live", "Print 'live' while the server serves requests", "GET /health/live");
        live.SetClientAction(connection, async (_, client, cancellationToken) =>
            await settings.Out.WriteLineAsync((await client.CheckLiveAsync(cancellationToken).ConfigureAwait(false)).Status).ConfigureAwait(false));

        // Not ready is a 503 problem: the connection prints it and exits 1, which a script can test.
        var ready = new ApiCommand("ready", "Print 'ready' (and the silo) when the silo is active and its store answers; exit 1 with the reason otherwise", "GET /health/ready");
        ready.SetClientAction(connection, async (_, client, cancellationToken) =>
        {
            var report = await client.CheckReadyAsync(cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync(report.Silo is { } silo ? $"{report.Status} {silo}" : report.Status).ConfigureAwait(false);
        });

        var metrics = new ApiCommand("metrics", "Print the server's metrics in the Prometheus text format", "GET /metrics");
        metrics.SetClientAction(connection, async (_, client, cancellationToken) =>
            await settings.Out.WriteAsync(await client.GetMetricsTextAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false));

        return new Command("health", "The server's health and metrics (no token needed)") { live, ready, metrics };
    }
}
