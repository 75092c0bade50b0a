using System.Diagnostics;
using System.Diagnostics.Metrics;
using PartyActors.Runtime;
using PartyActors.Runtime.Testing;
using PartyActors.Storage.Sqlite;

namespace PartyActors.Benchmarks;

/// <summary>
/// Durable writes/s with group commit against one transaction per write, and an activation storm
/// reading state, on a fresh SQLite file (WAL, synchronous=FULL) in the temporary directory. Same
/// grains and shape as <see cref="PostgresMeasurement"/>, so the figures compare. Not a
/// BenchmarkDotNet class: each figure is one long run over a file, not a micro-op.
/// </summary>
internal static class SqliteMeasurement
{
    private const int Grains = 1000;
    private const int StormGrains = 20_000;

    public static async Task<int> RunAsync(int seconds)
    {
        var directory = Path.Combine(Path.GetTempPath(), "partyactors-sqlite-bench", Guid.NewGuid().ToString("N"));
        Console.WriteLine($"SQLite files in {directory} (WAL, synchronous=FULL)");
        try
        {
            var grouped = await WritesPerSecondAsync(Path.Combine(directory, "grouped.db"), new GroupCommitOptions(), seconds);
            Console.WriteLine($"  group commit (defaults: 256 / 2 ms)  : {grouped.Rate,10:N0} writes/s  ({grouped.Writes:N0} in {grouped.Elapsed.TotalSeconds:N1} s, {Grains:N0} grains, mean batch {grouped.MeanBatch:N1})");
            var single = await WritesPerSecondAsync(Path.Combine(directory, "single.db"), new GroupCommitOptions { MaxBatchSize = 1 }, seconds);
            Console.WriteLine($"  one transaction per write (batch = 1): {single.Rate,10:N0} writes/s  ({single.Writes:N0} in {single.Elapsed.TotalSeconds:N1} s)");
            Console.WriteLine($"  ratio                                 : {grouped.Rate / single.Rate,10:N1}x  (target >= 10x and >= 10,000 writes/s)");

            var storm = await ActivationStormAsync(Path.Combine(directory, "storm.db"));
            Console.WriteLine($"  activation storm, {StormGrains:N0} grains reading state: {storm.TotalSeconds:N2} s  (target <= 2 s)");
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static InProcessTestCluster Cluster(string path, GroupCommitOptions groupCommit) =>
        InProcessTestCluster.CreateBuilder()
            .ConfigureSilo(silo => silo
                .AddGrains(typeof(StoredGrain).Assembly)
                .AddSqliteGrainStorage(PersistentStateAttribute.DefaultStorageName, options =>
                {
                    options.DataSource = path;
                    options.Synchronous = SqliteSynchronous.Full;
                    options.GroupCommit = groupCommit;
                }))
            .Build();

    private static async Task<(long Writes, TimeSpan Elapsed, double Rate, double MeanBatch)> WritesPerSecondAsync(
        string path, GroupCommitOptions groupCommit, int seconds)
    {
        await using var cluster = Cluster(path, groupCommit);
        await cluster.StartAsync();
        var grains = Enumerable.Range(0, Grains).Select(i => cluster.GrainFactory.GetGrain<IStoredGrain>($"g{i}")).ToArray();

        // Warm-up: activate every grain and insert its row, so the run measures updates.
        await Task.WhenAll(grains.Select(g => g.Increment()));

        // Batch sizes from the queue's own histogram, over the measured run only.
        long batches = 0, batched = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "partyactors.storage.batch_size")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, size, _, _) =>
        {
            Interlocked.Increment(ref batches);
            Interlocked.Add(ref batched, size);
        });
        listener.Start();

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
        listener.Dispose();
        return (writes, elapsed, writes / elapsed.TotalSeconds, batches == 0 ? 0 : (double)batched / batches);
    }

    private static async Task<TimeSpan> ActivationStormAsync(string path)
    {
        await using var cluster = Cluster(path, new GroupCommitOptions());
        await cluster.StartAsync();
        var keys = Enumerable.Range(0, StormGrains).Select(i => $"s{i}").ToArray();
        await Task.WhenAll(keys.Select(k => cluster.GrainFactory.GetGrain<IStoredGrain>(k).Increment()));

        // A new silo: no activations, new connections, all state in the file (the OS page cache is warm).
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
