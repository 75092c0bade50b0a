using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PartyActors.Grains;
using PartyActors.Grains.Demo;
using PartyActors.Grains.Testing;
using PartyActors.Storage.Postgres.Testing;

namespace PartyActors.Benchmarks;

/// <summary>
/// The <c>cluster-rollups</c> mode (issue 11): the freshness of <see cref="RollupFreshnessMeasurement"/>
/// (a member or organization change, from its acknowledgement until the district root publishes it)
/// on one silo and on three, same load, same run, same PostgreSQL database (fsync on). The silos are
/// <see cref="LoopbackCluster"/> hosts in this process (TCP on loopback, ADO.NET membership in the same
/// database); the probes and the background changes enter through the first silo, as requests
/// reaching one silo's HTTP API would. After each phase the mode prints where Orleans placed the
/// organizations and members and how many parent → child and organization ← member links cross silos.
/// </summary>
internal static class ClusterFreshnessMeasurement
{
    private static readonly TimeSpan Cadence = new RollupOptions().Cadence;

    /// <param name="probes">Probes per phase, half of each kind.</param>
    /// <param name="rate">Background member changes per second.</param>
    /// <param name="phases">Silos in each phase, in order (e.g. 1 3 1 3).</param>
    /// <param name="random">Random placement instead of Orleans' default (resource-optimized) placement.</param>
    public static async Task<int> RunAsync(int probes, int rate, int[] phases, bool random)
    {
        await using var server = await PostgresServer.StartNewAsync();
        var connectionString = await server.CreateDatabaseAsync("cluster_rollups");
        Console.WriteLine($"PostgreSQL throwaway server on 127.0.0.1:{server.Port}: {await PostgresMeasurement.SettingsAsync(connectionString)}");
        Console.WriteLine($"placement: {(random ? "RandomPlacement (forced)" : "Orleans' default (ResourceOptimizedPlacement)")}; cadence {Cadence.TotalMilliseconds:F0} ms; probes and background through silo 0");

        var district = ErqiDistrict.Generate();
        var state = new RollupFreshnessMeasurement.ProbeState(district);
        var roster = new MemberRoster(district, state.SetAsideMembers, seed: 7);
        var results = new List<(int Silos, Latencies Freshness)>();
        for (var i = 0; i < phases.Length; i++)
        {
            await using var cluster = await LoopbackCluster.StartAsync(phases[i], (_, silo) =>
            {
                RollupFreshnessMeasurement.Cluster(connectionString, Cadence)(silo);
                if (random)
                {
                    silo.Services.AddSingleton<PlacementStrategy, RandomPlacement>();
                }
            }, postgres: connectionString);
            if (i == 0)
            {
                var times = await DistrictLoader.LoadAsync(cluster.Factory(0), district);
                Print($"loaded the Erqi district on {phases[i]} silo(s) in {times.Total.TotalSeconds:F1} s: {district.Organizations.Length:N0} organizations, {district.Members.Length:N0} members, {district.ReportIns.Length:N0} report-ins");
            }

            Console.WriteLine();
            Print($"phase {i + 1}: {phases[i]} silo(s), background target {rate:N0} changes/s, {probes / 2} probes of each kind");
            var freshness = await RollupFreshnessMeasurement.MeasureCadenceAsync(cluster.Factory(0), connectionString, Cadence, state, roster, probes / 2, rate, seed: 1000 * (i + 1));
            results.Add((phases[i], freshness));
            await PrintSpreadAsync(cluster, district, roster);
        }

        Console.WriteLine();
        Console.WriteLine("summary: district shows a change after its acknowledgement (both kinds of probe)");
        foreach (var (silos, freshness) in results)
        {
            Print($"  {silos} silo(s): p50 {freshness.Percentile(50),6:F1} ms, p99 {freshness.Percentile(99),6:F1} ms, max {freshness.Max,6:F1} ms");
        }

        return 0;
    }

    /// <summary>Where the organizations and members are, and which links between them cross silos.</summary>
    private static async Task PrintSpreadAsync(LoopbackCluster cluster, DemoDistrict district, MemberRoster roster)
    {
        var orgs = await cluster.LocateAsync("organization");
        var members = await cluster.LocateAsync("member");
        string PerSilo(Dictionary<string, SiloAddress> where) => string.Join(", ", where.Values.GroupBy(s => s).OrderBy(g => g.Key.ToString()).Select(g => $"{g.Key.Endpoint.Port}: {g.Count():N0}"));
        Print($"  activations per silo (port: count): organizations {PerSilo(orgs)}; members {PerSilo(members)}");

        var (edges, crossing) = (0, 0);
        foreach (var org in district.Organizations)
        {
            if (org.Definition.ParentId is { } parent && orgs.TryGetValue(org.Id, out var child) && orgs.TryGetValue(parent, out var up))
            {
                edges++;
                crossing += child.Equals(up) ? 0 : 1;
            }
        }

        var (links, crossingMembers) = (0, 0);
        for (var i = 0; i < roster.Ids.Length; i++)
        {
            if (members.TryGetValue(roster.Ids[i], out var member) && orgs.TryGetValue(roster.Profiles[i].OrgId, out var org))
            {
                links++;
                crossingMembers += member.Equals(org) ? 0 : 1;
            }
        }

        Print($"  child -> parent links across silos: {crossing:N0} of {edges:N0} ({Percent(crossing, edges)}); member -> organization of record across silos: {crossingMembers:N0} of {links:N0} ({Percent(crossingMembers, links)})");
    }

    private static string Percent(int part, int whole) => whole == 0 ? "–" : (100.0 * part / whole).ToString("F0", CultureInfo.InvariantCulture) + " %";

    private static void Print(FormattableString line) => MemoryMeasurement.Print(line);
}
