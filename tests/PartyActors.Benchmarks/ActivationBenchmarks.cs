using System.Globalization;
using BenchmarkDotNet.Attributes;

namespace PartyActors.Benchmarks;

/// <summary>
/// Activation of empty grains: each invocation calls a no-op method on <see cref="Activations"/>
/// grains that were never activated, all at once, on a fresh cluster (created before the
/// iteration, stopped after it, so memory stays bounded and no key repeats within a cluster).
/// Mean is per activation, including the grain reference, the first call and its answer.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class ActivationBenchmarks
{
    public const int Activations = 10_000;

    private readonly string[] _keys = new string[Activations];
    private readonly Task[] _tasks = new Task[Activations];
    private BenchSilo? _cluster;
    private IGrainFactory _factory = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        for (var i = 0; i < Activations; i++)
        {
            _keys[i] = "empty-" + i.ToString(CultureInfo.InvariantCulture);
        }
    }

    [IterationSetup]
    public void IterationSetup()
    {
        _cluster = BenchSilo.StartAsync().GetAwaiter().GetResult();
        _factory = _cluster.GrainFactory;

        // Leftovers of the previous iteration's cluster are not this iteration's cost.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    [IterationCleanup]
    public void IterationCleanup()
    {
        _cluster?.StopAsync().GetAwaiter().GetResult();
        _cluster = null;
    }

    [Benchmark(OperationsPerInvoke = Activations)]
    public Task ActivateEmptyGrains()
    {
        for (var i = 0; i < Activations; i++)
        {
            _tasks[i] = _factory.GetGrain<IEmptyGrain>(_keys[i]).Ping();
        }

        return Task.WhenAll(_tasks);
    }
}
