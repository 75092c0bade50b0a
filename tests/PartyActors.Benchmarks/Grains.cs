
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

/// <summary>The interface of the cluster measurements: where a grain lives, and calls from it to another.</summary>
[Alias("PartyActors.Benchmarks.IPlacedGrain")]
public interface IPlacedGrain : IGrainWithStringKey
{
    Task<int> Add(int value);

    /// <summary>The silo of this activation (<c>RuntimeIdentity</c>).</summary>
    Task<string> Where();

    /// <summary>Calls <see cref="Add"/> on the grain <paramref name="targetKey"/> <paramref name="calls"/> times, one after the other.</summary>
    Task<int> CallMany(string targetKey, int calls);
}

/// <summary>
/// Activated on the silo whose caller activates it first (<see cref="Orleans.Placement.PreferLocalPlacementAttribute"/>),
/// so a measurement chooses each grain's silo by which silo's grain factory it calls it from.
/// </summary>
[Orleans.Placement.PreferLocalPlacement]
public sealed class PlacedGrain : Grain, IPlacedGrain
{
    public Task<int> Add(int value) => CalcImpl.AddCore(value);

    public Task<string> Where() => Task.FromResult(RuntimeIdentity);

    public async Task<int> CallMany(string targetKey, int calls)
    {
        var target = GrainFactory.GetGrain<IPlacedGrain>(targetKey);
        var sum = 0;
        for (var i = 0; i < calls; i++)
        {
            sum += await target.Add(1);
        }

        return sum;
    }
}
