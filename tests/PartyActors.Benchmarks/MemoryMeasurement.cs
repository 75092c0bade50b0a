using System.Globalization;

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
        var empty = await MeasureEmptyActivationsAsync(Count);
        Console.WriteLine();
        Console.WriteLine("Orleans memory per idle activation (empty grain)");
        Print($"  activations added                : {empty.Activated:N0}");
        Print($"  heap before / after              : {empty.HeapBefore:N0} B / {empty.HeapAfter:N0} B");
        Print($"  total bytes per activation       : {empty.BytesPerActivation:F1} B");
        Print($"  grain object (new EmptyGrain())  : {empty.GrainObjectBytes:F1} B");
        Print($"  Orleans bytes per activation     : {empty.RuntimeBytesPerActivation:F1} B");
        Print($"  key string (caller's, not counted): {empty.KeyStringBytes:F1} B");
        return 0;
    }

    /// <summary>
    /// Activates <paramref name="count"/> empty grains on a fresh cluster and measures the heap they
    /// add: the baseline the domain's memory figures are read against.
    /// </summary>
    public static async Task<EmptyActivationMemory> MeasureEmptyActivationsAsync(int count)
    {
        // The keys belong to the caller and stay alive throughout; the activations keep references
        // to these same strings, so they are not counted below (their size is measured apart).
        var keys = new string[count];
        for (var i = 0; i < count; i++)
        {
            keys[i] = "empty-" + i.ToString("D6", CultureInfo.InvariantCulture);
        }

        var grainBytes = MeasureGrainObject(count);
        var keyBytes = MeasureKeyString(count);

        var cluster = await BenchSilo.StartAsync();
        try
        {
            // Warm up: code, statics and pools that the first activation of a type brings in.
            await cluster.GrainFactory.GetGrain<IEmptyGrain>("warm-up").Ping();
            var countBefore = await cluster.CountActivationsAsync();
            var before = CollectAndMeasure();

            await ActivateAsync(cluster.GrainFactory, keys);

            var after = CollectAndMeasure();
            var activated = await cluster.CountActivationsAsync() - countBefore;
            GC.KeepAlive(keys);
            return new EmptyActivationMemory(activated, before, after, grainBytes, keyBytes);
        }
        finally
        {
            await cluster.StopAsync();
        }
    }

    /// <summary>The managed heap after two forced, blocking, compacting collections.</summary>
    public static long CollectAndMeasure()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
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
    private static double MeasureGrainObject(int count)
    {
        var grains = new EmptyGrain[count];
        var before = CollectAndMeasure();
        for (var i = 0; i < count; i++)
        {
            grains[i] = new EmptyGrain();
        }

        var after = CollectAndMeasure();
        GC.KeepAlive(grains);
        return (double)(after - before) / count;
    }

    /// <summary>Heap bytes of one key string like those used here.</summary>
    private static double MeasureKeyString(int count)
    {
        var strings = new string[count];
        var before = CollectAndMeasure();
        for (var i = 0; i < count; i++)
        {
            strings[i] = "other-" + i.ToString("D6", CultureInfo.InvariantCulture);
        }

        var after = CollectAndMeasure();
        GC.KeepAlive(strings);
        return (double)(after - before) / count;
    }

    public static void Print(FormattableString line) => Console.WriteLine(FormattableString.Invariant(line));
}

/// <summary>What <see cref="MemoryMeasurement.MeasureEmptyActivationsAsync"/> found.</summary>
internal sealed record EmptyActivationMemory(int Activated, long HeapBefore, long HeapAfter, double GrainObjectBytes, double KeyStringBytes)
{
    public double BytesPerActivation => (double)(HeapAfter - HeapBefore) / Activated;

    public double RuntimeBytesPerActivation => BytesPerActivation - GrainObjectBytes;
}
