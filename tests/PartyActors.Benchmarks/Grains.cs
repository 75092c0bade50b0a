
namespace PartyActors.Benchmarks;

/// <summary>The interface measured by the call and throughput benchmarks.</summary>
[Alias("PartyActors.Benchmarks.ICalcGrain")]
public interface ICalcGrain : IGrainWithStringKey
{
    Task<int> Add(int value);
}

/// <summary>A grain whose only method has a trivial synchronous body.</summary>
public sealed class CalcGrain : Grain, ICalcGrain
{
    public Task<int> Add(int value) => CalcImpl.AddCore(value);
}

/// <summary>The same work on a plain object: the direct-call reference.</summary>
public sealed class CalcImpl : ICalcGrain
{
    public Task<int> Add(int value) => AddCore(value);

    internal static Task<int> AddCore(int value) => Task.FromResult(value + 1);
}

/// <summary>The interface of the activation and memory measurements.</summary>
[Alias("PartyActors.Benchmarks.IEmptyGrain")]
public interface IEmptyGrain : IGrainWithStringKey
{
    Task Ping();
}

/// <summary>An empty grain: no fields of its own, a no-op method.</summary>
public sealed class EmptyGrain : Grain, IEmptyGrain
{
    public Task Ping() => Task.CompletedTask;
}
