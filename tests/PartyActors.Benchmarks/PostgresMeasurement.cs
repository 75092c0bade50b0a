using System.Diagnostics;
using PartyActors.Runtime;
using PartyActors.Runtime.Testing;
using PartyActors.Storage.Postgres;
using PartyActors.Storage.Postgres.Testing;

namespace PartyActors.Benchmarks;

/// <summary>A grain with one persistent state, for the PostgreSQL measurements.</summary>
public interface IStoredGrain : IGrainWithStringKey
{
    Task<long> Increment();

    Task<long> Get();
}

public sealed class StoredValue
{
    public long Value { get; set; }
}

public sealed class StoredGrain([PersistentState("value")] IPersistentState<StoredValue> value) : Grain, IStoredGrain
{
    public async Task<long> Increment()
    {
        value.State.Value++;
        await value.WriteStateAsync();
        return value.State.Value;
    }

    public Task<long> Get() => Task.FromResult(value.State.Value);
}

/// <summary>
/// Durable writes/s with group commit against one transaction per write, and an activation storm
/// reading state, on a throwaway PostgreSQL server with fsync and synchronous_commit on. Not a
/// BenchmarkDotNet class: it needs a server, and each figure is one long run, not a micro-op.
/// </summary>
internal static class PostgresMeasurement
{
    private const int Grains = 1000;
    private const int StormGrains = 20_000;

    public static async Task<int> RunAsync(int seconds)
    {
        await using var server = await PostgresServer.StartNewAsync();
        Console.WriteLine($"PostgreSQL throwaway server on 127.0.0.1:{server.Port}: {await SettingsAsync(server.ConnectionString())}");

        var grouped = await WritesPerSecondAsync(await server.CreateDatabaseAsync("grouped"), new GroupCommitOptions(), seconds);
        Console.WriteLine($"  group commit (defaults: 256 / 2 ms)  : {grouped.Rate,10:N0} writes/s  ({grouped.Writes:N0} in {grouped.Elapsed.TotalSeconds:N1} s, {Grains:N0} grains)");
        var single = await WritesPerSecondAsync(await server.CreateDatabaseAsync("single"), new GroupCommitOptions { MaxBatchSize = 1 }, seconds);
        Console.WriteLine($"  one transaction per write (batch = 1): {single.Rate,10:N0} writes/s  ({single.Writes:N0} in {single.Elapsed.TotalSeconds:N1} s)");
        Console.WriteLine($"  ratio                                 : {grouped.Rate / single.Rate,10:N1}x  (target >= 10x and >= 10,000 writes/s)");

        var storm = await ActivationStormAsync(await server.CreateDatabaseAsync("storm"));
        Console.WriteLine($"  activation storm, {StormGrains:N0} grains reading state: {storm.TotalSeconds:N2} s  (target <= 2 s)");
        return 0;
    }

    /// <summary>The settings that decide what a commit costs, as the server reports them.</summary>
    private static async Task<string> SettingsAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var settings = new List<string>();
        foreach (var name in new[] { "server_version", "fsync", "synchronous_commit", "wal_sync_method", "full_page_writes" })
        {
            await using var command = new Npgsql.NpgsqlCommand($"show {name}", connection);
            settings.Add($"{name}={await command.ExecuteScalarAsync()}");
        }

        return string.Join(", ", settings);
    }

    private static InProcessTestCluster Cluster(string connectionString, GroupCommitOptions groupCommit) =>
        InProcessTestCluster.CreateBuilder()
            .ConfigureSilo(silo => silo
                .AddGrains(typeof(StoredGrain).Assembly)
                .AddPostgresGrainStorage(PersistentStateAttribute.DefaultStorageName, options =>
                {
                    options.ConnectionString = connectionString;
                    options.GroupCommit = groupCommit;
                }))
            .Build();

    private static async Task<(long Writes, TimeSpan Elapsed, double Rate)> WritesPerSecondAsync(
        string connectionString, GroupCommitOptions groupCommit, int seconds)
    {
        await using var cluster = Cluster(connectionString, groupCommit);
        await cluster.StartAsync();
        var grains = Enumerable.Range(0, Grains).Select(i => cluster.GrainFactory.GetGrain<IStoredGrain>($"g{i}")).ToArray();

        // Warm-up: activate every grain and insert its row, so the run measures updates.
        await Task.WhenAll(grains.Select(g => g.Increment()));

        long writes = 0;
        var stop = Stopwatch.StartNew();
        var duration = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(grains.Select(grain => Task.Run(async () =>
        {
            while (stop.Elapsed < duration)
            {
                await grain.Increment();
                Interlocked.Increment(ref writes);
            }
        })));
        var elapsed = stop.Elapsed;
        return (writes, elapsed, writes / elapsed.TotalSeconds);
    }

    private static async Task<TimeSpan> ActivationStormAsync(string connectionString)
    {
        await using var cluster = Cluster(connectionString, new GroupCommitOptions());
        await cluster.StartAsync();
        var keys = Enumerable.Range(0, StormGrains).Select(i => $"s{i}").ToArray();
        await Task.WhenAll(keys.Select(k => cluster.GrainFactory.GetGrain<IStoredGrain>(k).Increment()));

        // A new silo: no activations, a new (empty) connection pool, all state in PostgreSQL.
        await cluster.RestartAsync();
        var watch = Stopwatch.StartNew();
        var values = await Task.WhenAll(keys.Select(k => cluster.GrainFactory.GetGrain<IStoredGrain>(k).Get()));
        var elapsed = watch.Elapsed;
        if (values.Any(v => v != 1))
        {
            throw new InvalidOperationException("A grain read the wrong state.");
        }

        return elapsed;
    }
}
