using System.Diagnostics;
using PartyActors.Grains;
using PartyActors.Storage;
using PartyActors.Storage.Postgres.Testing;

namespace PartyActors.Benchmarks;

/// <summary>
/// The <c>cluster-tree</c> mode (issue 11): what the organization-tree grain (one activation for the
/// whole service, key <see cref="IOrganizationTreeGrain.Key"/>) lets through, on one silo and on
/// three. Moves (a grid re-parented between two communities, each caller moving its own grid back and
/// forth, closed loop) take the tree's structural lock; creates (<see cref="IOrganizationTreeGrain.Place"/>
/// of a new branch, each caller under its own grid) pass through the tree without the lock, and are
/// compared with the same creates sent straight to the organization grain
/// (<see cref="IOrganizationGrain.Define"/>, what the tree calls), the baseline, in the same cluster.
/// Calls enter through silo 0. State on a throwaway PostgreSQL server (fsync on), or with
/// <c>--memory</c> on the in-process store (the runtime's ceiling, no store in the way).
/// </summary>
internal static class TreeMeasurement
{
    private const int Grids = 64;

    public static async Task<int> RunAsync(int seconds, int[] phases, bool memory)
    {
        var duration = TimeSpan.FromSeconds(seconds);
        PostgresServer? server = null;
        if (!memory)
        {
            server = await PostgresServer.StartNewAsync();
            Console.WriteLine($"PostgreSQL throwaway server on 127.0.0.1:{server.Port}: {await PostgresMeasurement.SettingsAsync(server.ConnectionString())}");
        }
        else
        {
            Console.WriteLine("store: the in-process MemoryGrainStore, shared by the silos");
        }

        try
        {
            var summary = new List<string>();
            for (var phase = 0; phase < phases.Length; phase++)
            {
                var silos = phases[phase];
                string? connectionString = server is null ? null : await server.CreateDatabaseAsync($"tree{phase}");
                var store = new MemoryGrainStore(new JsonGrainStateSerializer(), TimeProvider.System);
                await using var cluster = await LoopbackCluster.StartAsync(silos, (_, silo) =>
                {
                    if (connectionString is null)
                    {
                        silo.AddMemoryGrainStore(store: store).AddDomainGrains();
                    }
                    else
                    {
                        RollupFreshnessMeasurement.Cluster(connectionString, new RollupOptions().Cadence)(silo);
                    }
                }, postgres: connectionString);
                var factory = cluster.Factory(0);
                var tree = factory.GetGrain<IOrganizationTreeGrain>(IOrganizationTreeGrain.Key);
                var p = $"p{phase}";
                await tree.Place($"{p}-d", new OrganizationDefinition("区委", OrganizationKind.District, null));
                await tree.Place($"{p}-s", new OrganizationDefinition("街道", OrganizationKind.Street, $"{p}-d"));
                await tree.Place($"{p}-c1", new OrganizationDefinition("社区一", OrganizationKind.Community, $"{p}-s"));
                await tree.Place($"{p}-c2", new OrganizationDefinition("社区二", OrganizationKind.Community, $"{p}-s"));
                await Task.WhenAll(Enumerable.Range(0, Grids).Select(k => tree.Place(Grid(p, k), new OrganizationDefinition($"网格{k}", OrganizationKind.Grid, $"{p}-c1"))));
                var where = await cluster.LocateAsync("organization-tree");
                Console.WriteLine();
                MemoryMeasurement.Print($"phase {phase + 1}: {silos} silo(s); the tree grain is on silo port {where.Values.Single().Endpoint.Port}, callers on silo 0 (port {cluster.Address(0).Endpoint.Port}); {seconds} s per row");

                // Moves: each caller moves its own grid between the two communities (where each grid is carries over between rows).
                var atC1 = Enumerable.Repeat(true, Grids).ToArray();
                foreach (var callers in (int[])[1, 8])
                {
                    var result = await ClosedLoopAsync(callers, duration, async (caller, _) =>
                    {
                        var to = atC1[caller] ? $"{p}-c2" : $"{p}-c1";
                        var outcome = await tree.Place(Grid(p, caller), new OrganizationDefinition($"网格{caller}", OrganizationKind.Grid, to));
                        atC1[caller] = !atC1[caller];
                        if (outcome != PlacementOutcome.Moved)
                        {
                            throw new InvalidOperationException($"A move answered {outcome}.");
                        }
                    });
                    Report(summary, silos, $"moves, {callers} caller(s)", result);
                }

                // Creates: through the tree, and straight to the organization grain (the baseline).
                foreach (var callers in (int[])[8, 64])
                {
                    var direct = await ClosedLoopAsync(callers, duration, (caller, n) =>
                        Expect(factory.GetGrain<IOrganizationGrain>($"{p}-direct{callers}-{caller}-{n}").Define(Branch(p, caller)), PlacementOutcome.Created));
                    var viaTree = await ClosedLoopAsync(callers, duration, (caller, n) =>
                        Expect(tree.Place($"{p}-tree{callers}-{caller}-{n}", Branch(p, caller)), PlacementOutcome.Created));
                    Report(summary, silos, $"creates, {callers} callers, straight to the organization (baseline)", direct);
                    Report(summary, silos, $"creates, {callers} callers, through the tree", viaTree);
                    MemoryMeasurement.Print($"    through the tree / straight: {viaTree.PerSecond / direct.PerSecond:F2}× the rate");
                }
            }

            Console.WriteLine();
            Console.WriteLine("summary");
            summary.ForEach(Console.WriteLine);
            return 0;
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static string Grid(string phase, int k) => $"{phase}-g{k}";

    private static async Task Expect(Task<PlacementOutcome> call, PlacementOutcome expected)
    {
        if (await call is var outcome && outcome != expected)
        {
            throw new InvalidOperationException($"Expected {expected}, the call answered {outcome}.");
        }
    }

    private static OrganizationDefinition Branch(string phase, int caller) =>
        new("支部", OrganizationKind.Branch, Grid(phase, caller % Grids));

    private static void Report(List<string> summary, int silos, string what, LoopResult result)
    {
        var line = FormattableString.Invariant($"  {silos} silo(s), {what,-58}: {result.PerSecond,8:N0}/s  latency {result.Latencies}{(result.Failed > 0 ? $", {result.Failed} failed" : "")}");
        Console.WriteLine(line);
        summary.Add(line);
    }

    /// <summary><paramref name="callers"/> loops, each calling again as soon as answered, for <paramref name="duration"/>.</summary>
    private static async Task<LoopResult> ClosedLoopAsync(int callers, TimeSpan duration, Func<int, int, Task> call)
    {
        var latencies = new Latencies();
        var failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            for (var n = 0; clock.Elapsed < duration; n++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await call(caller, n);
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (Exception exception) when (exception is DomainException or TimeoutException or OrleansException or InvalidOperationException)
                {
                    if (Interlocked.Increment(ref failed) == 1)
                    {
                        Console.WriteLine($"    first failure: {exception.GetType().Name}: {exception.Message}");
                    }
                }

                // Continue from the global queue, as the demo seeder does (see the starvation section).
                await GlobalQueue.Yield();
            }
        })));
        return new LoopResult(latencies.Count / clock.Elapsed.TotalSeconds, latencies, failed);
    }

    private sealed record LoopResult(double PerSecond, Latencies Latencies, int Failed);
}
