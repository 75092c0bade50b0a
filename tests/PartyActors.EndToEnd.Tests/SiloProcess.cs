using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PartyActors.EndToEnd;

/// <summary>
/// The real silo (<c>dotnet PartyActors.Silo.dll</c>) on PostgreSQL (Orleans' ADO.NET clustering and
/// reminders in the same database), on a free loopback port, with dev tokens on, no demo seeding and
/// no rate limit (one test caller makes hundreds of reads a minute). Configured only through
/// environment variables, as an operator would (docs/configuration.md).
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private SiloProcess(ChildProcess process, Uri baseAddress, string name, SiloPorts? ports)
    {
        Process = process;
        BaseAddress = baseAddress;
        Name = name;
        Ports = ports;
    }

    public Uri BaseAddress { get; }

    /// <summary>The name its output lines carry.</summary>
    public string Name { get; }

    /// <summary>Its Orleans ports, or null when none were set.</summary>
    public SiloPorts? Ports { get; }

    public ChildProcess Process { get; }

    /// <summary>
    /// Starts the silo and waits until <c>/health/ready</c> answers 200 (the store answered). Fails with
    /// the silo's output when it exits first or is not ready in time.
    /// </summary>
    /// <param name="signingKey">The HS256 key: the same key on a restart keeps tokens valid, and every process of a cluster shares it.</param>
    /// <param name="ports">
    /// The Orleans silo and gateway ports (null: none set, for a process that is no silo). A silo
    /// started again in place of a killed one takes the same ports, as a restarted host does: Orleans
    /// then retires the killed one's membership entry at once instead of waiting to declare it dead.
    /// </param>
    /// <param name="environment">
    /// More settings, added to (or replacing) the ones above: <see cref="Loopback"/> for a cluster of
    /// several processes on this machine, <c>Cluster__Role</c>, and so on.
    /// </param>
    public static async Task<SiloProcess> StartAsync(
        string postgresConnectionString,
        string signingKey,
        TimeSpan readyTimeout,
        SiloPorts? ports,
        string name = "silo",
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var url = baseAddress.ToString().TrimEnd('/');
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = url,
            ["URLS"] = url,
            ["Storage__Provider"] = "Postgres",
            ["Storage__PostgresConnectionString"] = postgresConnectionString,
            ["Demo__Seed"] = "false",
            ["Auth__DevTokens"] = "true",
            ["Auth__SigningKey"] = signingKey,
            ["Limits__RateLimit__PermitLimit"] = "0",
        };
        if (ports is not null)
        {
            settings["Cluster__SiloPort"] = ports.Silo.ToString(CultureInfo.InvariantCulture);
            settings["Cluster__GatewayPort"] = ports.Gateway.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var process = ChildProcess.StartDotnet(name, BuiltAssemblies.Silo, [], settings);
        var silo = new SiloProcess(process, baseAddress, name, ports);
        try
        {
            await silo.WaitUntilReadyAsync(readyTimeout);
            return silo;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The settings of a silo in a cluster of processes on this machine: each advertises the loopback
    /// address to the others (the machine's first address may not be reachable, or may change).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Loopback { get; } = new Dictionary<string, string>
    {
        ["Cluster__AdvertisedAddress"] = "127.0.0.1",
    };

    /// <summary>SIGKILL: the process ends mid-flight, as in a power cut; nothing is flushed or drained.</summary>
    public Task CrashAsync() => Process.KillAsync();

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (clock.Elapsed < timeout)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {Process.ExitCode} before it was ready. Its output:\n{Process.Transcript}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {response.ReasonPhrase}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException)
            {
                last = "a request timed out";
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{Name} was not ready within {timeout.TotalSeconds:F0} s (last: {last}). Its output:\n{Process.Transcript}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The ports a silo process's Orleans side listens on: silo-to-silo and gateway.</summary>
internal sealed record SiloPorts(int Silo, int Gateway)
{
    /// <summary>Two ports no one listens on now (both held at once, so they differ).</summary>
    public static SiloPorts Free()
    {
        using var silo = new TcpListener(IPAddress.Any, 0);
        using var gateway = new TcpListener(IPAddress.Any, 0);
        silo.Start();
        gateway.Start();
        return new SiloPorts(((IPEndPoint)silo.LocalEndpoint).Port, ((IPEndPoint)gateway.LocalEndpoint).Port);
    }
}
