using System.Globalization;
using PartyActors.Runtime;

namespace PartyActors.Benchmarks;

/// <summary>
/// The <c>memory</c> mode: heap bytes held per idle activation of an empty grain, in total and
/// beyond the grain object itself.
/// </summary>
internal static class MemoryMeasurement
{
    private const int Count = 100_000;
    private const int Batch = 10_000;

    public static async Task<int> RunAsync()
    {
        // The keys belong to the caller and stay alive throughout; the activations keep references
        // to these same strings, so they are not counted below (their size is printed apart).
        var keys = new string[Count];
        for (var i = 0; i < Count; i++)
        {
            keys[i] = "empty-" + i.ToString("D6", CultureInfo.InvariantCulture);
        }

        var grainBytes = MeasureGrainObject();
        var keyBytes = MeasureKeyString();

        var cluster = await Clusters.StartAsync();
        try
        {
            // Warm up: code, statics and pools that the first activation of a type brings in.
            await cluster.GrainFactory.GetGrain<IEmptyGrain>("warm-up").Ping();
            var countBefore = cluster.Silo.ActivationCount;
            var before = CollectAndMeasure();

            await ActivateAsync(cluster.GrainFactory, keys);

            var after = CollectAndMeasure();
            var activated = cluster.Silo.ActivationCount - countBefore;
            var perActivation = (double)(after - before) / activated;

            Console.WriteLine();
            Console.WriteLine("PartyActors memory per idle activation (empty grain)");
            Print($"  activations added                : {activated:N0}");
            Print($"  heap before / after              : {before:N0} B / {after:N0} B");
            Print($"  total bytes per activation       : {perActivation:F1} B");
            Print($"  grain object (new EmptyGrain())  : {grainBytes:F1} B");
            Print($"  runtime bytes per activation     : {perActivation - grainBytes:F1} B (target <= 1024 B)");
            Print($"  key string (caller's, not counted): {keyBytes:F1} B");
            Console.WriteLine(perActivation - grainBytes <= 1024 ? "  target met" : "  TARGET MISSED");
            GC.KeepAlive(keys);
            return 0;
        }
        finally
        {
            await cluster.StopAsync();
        }
    }

    private static async Task ActivateAsync(IGrainFactory factory, string[] keys)
    {
        var tasks = new Task[Batch];
        for (var start = 0; start < keys.Length; start += Batch)
        {
            var count = Math.Min(Batch, keys.Length - start);
            for (var i = 0; i < count; i++)
            {
                tasks[i] = factory.GetGrain<IEmptyGrain>(keys[start + i]).Ping();
            }

            await Task.WhenAll(tasks.AsSpan(0, count));
        }
    }

    /// <summary>Heap bytes of one <see cref="EmptyGrain"/> created with <c>new</c>.</summary>
    private static double MeasureGrainObject()
    {
        var grains = new EmptyGrain[Count];
        var before = CollectAndMeasure();
        for (var i = 0; i < Count; i++)
        {
            grains[i] = new EmptyGrain();
        }

        var after = CollectAndMeasure();
        GC.KeepAlive(grains);
        return (double)(after - before) / Count;
    }

    /// <summary>Heap bytes of one key string like those used here.</summary>
    private static double MeasureKeyString()
    {
        var strings = new string[Count];
        var before = CollectAndMeasure();
        for (var i = 0; i < Count; i++)
        {
            strings[i] = "other-" + i.ToString("D6", CultureInfo.InvariantCulture);
        }

        var after = CollectAndMeasure();
        GC.KeepAlive(strings);
        return (double)(after - before) / Count;
    }

    private static void Print(FormattableString line) => Console.WriteLine(FormattableString.Invariant(line));

    private static long CollectAndMeasure()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
