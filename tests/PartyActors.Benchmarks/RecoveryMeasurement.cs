using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using PartyActors.EndToEnd;
using PartyActors.Storage.Postgres;
using PartyActors.Storage.Postgres.Testing;

namespace PartyActors.Benchmarks;

/// <summary>
/// The <c>cluster-recovery</c> mode (issue 11): how long grains that lived on a lost silo take to
/// answer again, from another silo, under Orleans' default membership options and tuned ones. A
/// cluster of three silos with ADO.NET membership on a throwaway PostgreSQL server: two silos in this
/// process (<see cref="LoopbackCluster"/>), the third in a child process of this program
/// (<c>cluster-recovery-silo</c>), which activates <see cref="Probes"/> grains on itself. The child
/// is then
/// <list type="bullet">
/// <item>killed with SIGKILL (a crashed process: its sockets are closed by the kernel, it writes
/// nothing to the membership table); the mode times when each survivor's membership view shows it
/// dead, and when each of its grains first answers from a survivor; or</item>
/// <item>stopped with SIGSTOP and never resumed (a hung process, a frozen VM, a machine cut off:
/// nothing answers and no connection is refused), timed the same way; or</item>
/// <item>paused with SIGSTOP for some seconds and resumed with SIGCONT (a GC or CPU pause, a frozen
/// VM): the silo is alive all along, so being declared dead is a false positive, and the silo, told
/// so when it resumes, stops itself.</item>
/// </list>
/// Orleans' <c>InProcessTestCluster.KillSiloAsync</c> cannot stand in for the crash: it stops the
/// silo's host with a cancelled token, and the silo's membership agent still writes itself
/// <c>Stopping</c>, then <c>Dead</c>, into the table, so nobody has to detect anything.
/// </summary>
internal static class RecoveryMeasurement
{
    /// <summary>Grains activated on the silo that will be lost.</summary>
    public const int Probes = 100;

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(150);

    internal sealed record OptionSet(string Name, string Description, Action<ClusterMembershipOptions>? Configure);

    internal static readonly OptionSet[] Sets =
    [
        new("default", "Orleans 10.4.2's defaults: ProbeTimeout 5 s, NumMissedProbesLimit 3, NumVotesForDeathDeclaration 2, TableRefreshTimeout 60 s, IAmAliveTablePublishTimeout 30 s", null),
        new("tuned-2", "ProbeTimeout 2 s, NumMissedProbesLimit 2, NumVotesForDeathDeclaration 2, TableRefreshTimeout 2 s, IAmAliveTablePublishTimeout 10 s", o => Tuned(o, 2)),
        new("tuned-1", "the same with NumVotesForDeathDeclaration 1", o => Tuned(o, 1)),
    ];

    public static async Task<int> RunAsync(int kills, int hangs, int[] pauses, string[] setNames)
    {
        LoopbackCluster.MinimumLogLevel = LogLevel.Critical;
        await using var server = await PostgresServer.StartNewAsync();
        var connectionString = await server.CreateDatabaseAsync("recovery");
        await PostgresMigrator.MigrateAsync(connectionString, CancellationToken.None);
        Console.WriteLine($"PostgreSQL throwaway server on 127.0.0.1:{server.Port}; three silos: two in this process, one (the victim) in a child process; {Probes} grains on the victim");
        var summary = new List<string>();
        foreach (var set in Sets.Where(s => setNames.Length == 0 || setNames.Contains(s.Name)))
        {
            Console.WriteLine();
            Print($"{set.Name}: {set.Description}");
            for (var k = 0; k < kills; k++)
            {
                var line = await KillOnceAsync(connectionString, set);
                Console.WriteLine("  " + line);
                summary.Add($"  {set.Name,-8} kill     {line}");
            }

            for (var k = 0; k < hangs; k++)
            {
                var line = await KillOnceAsync(connectionString, set, hang: true);
                Console.WriteLine("  " + line);
                summary.Add($"  {set.Name,-8} hang     {line}");
            }

            foreach (var pause in pauses.Where(p => p > 0))
            {
                var line = await PauseOnceAsync(connectionString, set, TimeSpan.FromSeconds(pause));
                Console.WriteLine("  " + line);
                summary.Add($"  {set.Name,-8} pause    {line}");
            }
        }

        Console.WriteLine();
        Console.WriteLine("summary (times from the SIGKILL or the SIGSTOP)");
        summary.ForEach(Console.WriteLine);
        return 0;
    }

    /// <summary>The child process's silo: joins the cluster, activates the probes on itself, says so, and runs until killed.</summary>
    public static async Task<int> RunSiloAsync(string connectionString, string clusterId, string setName, int probes)
    {
        LoopbackCluster.MinimumLogLevel = LogLevel.Critical;
        var set = Sets.Single(s => s.Name == setName);
        using var host = await LoopbackCluster.StartSiloAsync(clusterId, LoopbackCluster.FreePort(), connectionString, null, set.Configure, _ => { });
        var factory = host.Services.GetRequiredService<IGrainFactory>();
        var places = await Task.WhenAll(Enumerable.Range(0, probes).Select(i => factory.GetGrain<IPlacedGrain>(ProbeKey(i)).Where()));
        if (places.Distinct(StringComparer.Ordinal).Count() != 1)
        {
            Console.WriteLine("error: the probes were placed on several silos");
            return 1;
        }

        Console.WriteLine($"ready {places[0]}");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    private static void Tuned(ClusterMembershipOptions options, int votes)
    {
        options.ProbeTimeout = TimeSpan.FromSeconds(2);
        options.NumMissedProbesLimit = 2;
        options.NumVotesForDeathDeclaration = votes;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
    }

    /// <summary>
    /// Loses the victim: SIGKILL (a crashed process), or with <paramref name="hang"/> SIGSTOP never
    /// followed by SIGCONT (a hung process, a frozen VM, a machine gone or cut off: nothing answers,
    /// no connection is refused).
    /// </summary>
    private static async Task<string> KillOnceAsync(string connectionString, OptionSet set, bool hang = false)
    {
        var (cluster, victim, address, identity) = await StartAsync(connectionString, set);
        await using (cluster)
        await using (victim)
        {
            var clock = Stopwatch.StartNew();
            if (hang)
            {
                await SignalAsync(victim.Id, "STOP");
            }
            else
            {
                await victim.KillAsync();
            }

            var deaths = WatchDeathAsync(cluster, address, clock, Limit, stopWhenAllSee: true);
            var errors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            var factory = cluster.Factory(0);
            var answered = await Task.WhenAll(Enumerable.Range(0, Probes).Select(i => FirstAnswerElsewhereAsync(factory.GetGrain<IPlacedGrain>(ProbeKey(i)), identity, clock, errors)));
            var seen = await deaths;
            var times = new Latencies();
            foreach (var t in answered.OfType<TimeSpan>())
            {
                times.Add(t.TotalSeconds);
            }

            return FormattableString.Invariant(
                $"declared dead after {Seconds(seen[0])} (silo 0's view) / {Seconds(seen[1])} (silo 1's); grains answering elsewhere: first {Seconds(answered.Min())}, p50 {times.Percentile(50):F1} s, all {Seconds(answered.Contains(null) ? null : answered.Max())} ({times.Count}/{Probes}); meanwhile calls failed with {Errors(errors)}");
        }
    }

    private static async Task<string> PauseOnceAsync(string connectionString, OptionSet set, TimeSpan pause)
    {
        var (cluster, victim, address, identity) = await StartAsync(connectionString, set);
        await using (cluster)
        await using (victim)
        {
            var clock = Stopwatch.StartNew();
            await SignalAsync(victim.Id, "STOP");
            var deaths = WatchDeathAsync(cluster, address, clock, pause + TimeSpan.FromSeconds(20), stopWhenAllSee: false);
            await Task.Delay(pause);
            await SignalAsync(victim.Id, "CONT");
            var resumed = clock.Elapsed;
            var seen = await deaths;

            // After the window: do the probes answer, and from where?
            var factory = cluster.Factory(0);
            var errors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            var places = await Task.WhenAll(Enumerable.Range(0, Probes).Select(async i =>
            {
                try
                {
                    return await factory.GetGrain<IPlacedGrain>(ProbeKey(i)).Where().WaitAsync(TimeSpan.FromSeconds(10));
                }
                catch (Exception exception)
                {
                    errors.AddOrUpdate(exception.GetType().Name, 1, (_, n) => n + 1);
                    return "(failed)";
                }
            }));
            var onVictim = places.Count(p => p == identity);
            var verdict = seen[0] is null && seen[1] is null
                ? "NOT declared dead"
                : FormattableString.Invariant($"DECLARED DEAD after {Seconds(seen[0])} / {Seconds(seen[1])}");
            var victimState = victim.HasExited ? $"the victim process exited ({victim.ExitCode})" : "the victim process still runs";
            return FormattableString.Invariant(
                $"{pause.TotalSeconds,4:F0} s pause (resumed at {resumed.TotalSeconds:F1} s): {verdict}; {victimState}; afterwards {onVictim}/{Probes} grains answered from the victim, {places.Count(p => p != identity && p != "(failed)")} from a survivor, {places.Count(p => p == "(failed)")} failed{(errors.IsEmpty ? "" : $" ({Errors(errors)})")}");
        }
    }

    /// <summary>Two silos here, the victim in a child process with the probes on it, every silo seeing three active.</summary>
    private static async Task<(LoopbackCluster Cluster, ChildProcess Victim, SiloAddress Address, string Identity)> StartAsync(string connectionString, OptionSet set)
    {
        var cluster = await LoopbackCluster.StartAsync(2, (_, _) => { }, postgres: connectionString, membership: set.Configure);
        var victim = ChildProcess.StartDotnet("victim", typeof(RecoveryMeasurement).Assembly.Location,
            ["cluster-recovery-silo", connectionString, cluster.ClusterId, set.Name, Probes.ToString(CultureInfo.InvariantCulture)]);
        try
        {
            var ready = await victim.WaitForLineAsync(l => l.StartsWith("ready ", StringComparison.Ordinal), "that its silo is ready", TimeSpan.FromSeconds(120));
            var identity = ready["ready ".Length..];
            var clock = Stopwatch.StartNew();
            SiloAddress? address = null;
            while (address is null)
            {
                var views = cluster.Silos.Select(s => s.Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot).ToArray();
                var others = views[0].Members.Values
                    .Where(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(cluster.Address(0)) && !m.SiloAddress.Equals(cluster.Address(1)))
                    .Select(m => m.SiloAddress).ToArray();
                if (others.Length == 1 && views.All(v => v.GetSiloStatus(others[0]) == SiloStatus.Active))
                {
                    address = others[0];
                }
                else if (clock.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException("The survivors never both saw the victim active.");
                }
                else
                {
                    await Task.Delay(20);
                }
            }

            var places = await Task.WhenAll(Enumerable.Range(0, Probes).Select(i => cluster.Factory(0).GetGrain<IPlacedGrain>(ProbeKey(i)).Where()));
            if (places.Any(p => p != identity))
            {
                throw new InvalidOperationException($"{places.Count(p => p != identity)} probe(s) are not on the victim.");
            }

            // The survivors' probing of the newcomer settles (its first probes, adaptive timeouts).
            await Task.Delay(TimeSpan.FromSeconds(5));
            return (cluster, victim, address, identity);
        }
        catch
        {
            await victim.DisposeAsync();
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>When each survivor's membership view first shows <paramref name="victim"/> dead (null: not within <paramref name="window"/>).</summary>
    private static async Task<TimeSpan?[]> WatchDeathAsync(LoopbackCluster cluster, SiloAddress victim, Stopwatch clock, TimeSpan window, bool stopWhenAllSee)
    {
        var services = cluster.Silos.Select(s => s.Services.GetRequiredService<IClusterMembershipService>()).ToArray();
        var seen = new TimeSpan?[services.Length];
        while (clock.Elapsed < window && !(stopWhenAllSee && seen.All(s => s is not null)))
        {
            for (var i = 0; i < services.Length; i++)
            {
                if (seen[i] is null && services[i].CurrentSnapshot.GetSiloStatus(victim) == SiloStatus.Dead)
                {
                    seen[i] = clock.Elapsed;
                }
            }

            await Task.Delay(5);
        }

        return seen;
    }

    /// <summary>Calls the grain every 100 ms until it answers from a silo other than <paramref name="lost"/>; when (null: not within the limit).</summary>
    private static async Task<TimeSpan?> FirstAnswerElsewhereAsync(IPlacedGrain grain, string lost, Stopwatch clock, ConcurrentDictionary<string, int> errors)
    {
        while (clock.Elapsed < Limit)
        {
            try
            {
                if (await grain.Where().WaitAsync(TimeSpan.FromSeconds(2)) != lost)
                {
                    return clock.Elapsed;
                }
            }
            catch (Exception exception)
            {
                errors.AddOrUpdate(exception.GetType().Name, 1, (_, n) => n + 1);
            }

            await Task.Delay(100);
        }

        return null;
    }

    private static async Task SignalAsync(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {pid} exited with {kill.ExitCode}.");
        }
    }

    private static string ProbeKey(int i) => "probe-" + i.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan? t) => t is { } value ? value.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s" : "never";

    private static string Errors(ConcurrentDictionary<string, int> errors) =>
        errors.IsEmpty ? "nothing" : string.Join(", ", errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key} ×{e.Value:N0}"));

    private static void Print(FormattableString line) => MemoryMeasurement.Print(line);
}
