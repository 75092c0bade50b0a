using System.Diagnostics;
using System.Diagnostics.Metrics;
using PartyActors.Storage;

namespace PartyActors.Benchmarks;

/// <summary>A grain with one persistent state, for the storage measurements.</summary>
[Alias("PartyActors.Benchmarks.IStoredGrain")]
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
/// The storage measurements every durable store gets, in one run: durable writes/s from
/// 1,000 grains with group commit against one transaction per write (the baseline), the mean batch
/// size, optionally the same writes through another provider on the same store (Orleans' ADO.NET
/// grain storage on PostgreSQL), and an activation storm of 20,000 grains reading their state. Not
/// BenchmarkDotNet classes: each figure is one long run against a real store, not a micro-operation.
/// </summary>
internal static class DurableStoreMeasurement
{
    private const int Grains = 1000;
    private const int StormGrains = 20_000;

    /// <param name="newStore">Makes a fresh, empty store and returns where it is (a connection string, a path).</param>
    /// <param name="cluster">Configures a silo of <see cref="StoredGrain"/> on a store, with the given batching.</param>
    /// <param name="seconds">How long each write run lasts.</param>
    /// <param name="other">Another provider on the same kind of store to compare with (name, configuration), or null.</param>
    public static async Task RunAsync(Func<string, Task<string>> newStore, Func<string, GroupCommitOptions, Action<ISiloBuilder>> cluster, int seconds,
        (string Name, Func<string, Action<ISiloBuilder>> Configure)? other = null)
    {
        (long Writes, TimeSpan Elapsed, double Rate, double MeanBatch) grouped, two, single;
        await using (var grouping = await BenchSilo.StartAsync(cluster(await newStore("grouped"), new GroupCommitOptions())))
        {
            grouped = await WritesPerSecondAsync(grouping, seconds);
        }

        Console.WriteLine($"  group commit (defaults: 256 / 2 ms)  : {grouped.Rate,10:N0} writes/s  ({grouped.Writes:N0} in {grouped.Elapsed.TotalSeconds:N1} s, {Grains:N0} grains, mean batch {grouped.MeanBatch:N1})");
        await using (var twoAtOnce = await BenchSilo.StartAsync(cluster(await newStore("grouped2"), new GroupCommitOptions { MaxConcurrentCommits = 2 })))
        {
            two = await WritesPerSecondAsync(twoAtOnce, seconds);
            Console.WriteLine($"  group commit, 2 commits at once      : {two.Rate,10:N0} writes/s  ({two.Writes:N0} in {two.Elapsed.TotalSeconds:N1} s, mean batch {two.MeanBatch:N1}; {two.Rate / grouped.Rate:N2}x one at a time)");
        }

        await using (var oneByOne = await BenchSilo.StartAsync(cluster(await newStore("single"), new GroupCommitOptions { MaxBatchSize = 1 })))
        {
            single = await WritesPerSecondAsync(oneByOne, seconds);
        }

        Console.WriteLine($"  one transaction per write (batch = 1): {single.Rate,10:N0} writes/s  ({single.Writes:N0} in {single.Elapsed.TotalSeconds:N1} s)");
        Console.WriteLine($"  ratio                                 : {grouped.Rate / single.Rate,10:N1}x  (target >= 10x and >= 10,000 writes/s)");

        if (other is { } compared)
        {
            await using var silo = await BenchSilo.StartAsync(compared.Configure(await newStore("other")));
            var theirs = await WritesPerSecondAsync(silo, seconds);
            Console.WriteLine($"  {compared.Name,-37}: {theirs.Rate,10:N0} writes/s  ({theirs.Writes:N0} in {theirs.Elapsed.TotalSeconds:N1} s); group commit is {grouped.Rate / theirs.Rate:N1}x (one commit at a time), {two.Rate / theirs.Rate:N1}x (two, PostgreSQL's default)");
        }

        await using var storming = await BenchSilo.StartAsync(cluster(await newStore("storm"), new GroupCommitOptions()));
        var storm = await ActivationStormAsync(storming);
        Console.WriteLine($"  activation storm, {StormGrains:N0} grains reading state: {storm.TotalSeconds:N2} s  (target <= 2 s)");
    }

    private static async Task<(long Writes, TimeSpan Elapsed, double Rate, double MeanBatch)> WritesPerSecondAsync(
        BenchSilo cluster, int seconds)
    {
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

    private static async Task<TimeSpan> ActivationStormAsync(BenchSilo cluster)
    {
        var keys = Enumerable.Range(0, StormGrains).Select(i => $"s{i}").ToArray();
        await Task.WhenAll(keys.Select(k => cluster.GrainFactory.GetGrain<IStoredGrain>(k).Increment()));

        // A new silo: no activations, new connections, all state in the store (the OS page cache is warm).
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
