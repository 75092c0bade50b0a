namespace PartyActors.Runtime.Tests.Grains;

/// <summary>Measures how many requests are inside the grain at once, holding each until released.</summary>
public interface IGateGrain : IGrainWithStringKey
{
    /// <summary>Enters, waits for the gate, leaves. Returns the most requests seen inside at once.</summary>
    Task<int> Hold();

    [ReadOnly]
    Task<int> HoldReadOnly();

    [AlwaysInterleave]
    Task<int> Peek();

    Task<int> MaxInside();

    [AlwaysInterleave]
    Task Release();
}

public abstract class GateGrainBase : Grain, IGateGrain
{
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inside;
    private int _maxInside;

    public Task<int> Hold() => HoldCore();

    public Task<int> HoldReadOnly() => HoldCore();

    public Task<int> Peek() => Task.FromResult(_inside);

    public Task<int> MaxInside() => Task.FromResult(_maxInside);

    public Task Release()
    {
        _gate.TrySetResult();
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return Task.CompletedTask;
    }

    private async Task<int> HoldCore()
    {
        _inside++;
        _maxInside = Math.Max(_maxInside, _inside);
        await _gate.Task;
        _inside--;
        return _maxInside;
    }
}

public interface INonReentrantGateGrain : IGateGrain;

public interface IReentrantGateGrain : IGateGrain;

public sealed class GateGrain : GateGrainBase, INonReentrantGateGrain;

[Reentrant]
public sealed class ReentrantGateGrain : GateGrainBase, IReentrantGateGrain;

/// <summary>Counts threads running its code at the same instant: must never exceed one.</summary>
public interface IParallelismGrain : IGrainWithStringKey
{
    Task Work(int steps);

    Task<int> MaxParallel();
}

[Reentrant]
public sealed class ParallelismGrain : Grain, IParallelismGrain
{
    private int _running;
    private int _maxParallel;

    public async Task Work(int steps)
    {
        for (var i = 0; i < steps; i++)
        {
            var now = Interlocked.Increment(ref _running);
            _maxParallel = Math.Max(_maxParallel, now);
            Thread.SpinWait(200);
            Interlocked.Decrement(ref _running);
            await Task.Yield();
        }
    }

    public Task<int> MaxParallel() => Task.FromResult(_maxParallel);
}

public interface ISlowGrain : IGrainWithStringKey
{
    /// <summary>Never answers.</summary>
    Task Hang();

    Task<int> Ping();
}

public sealed class SlowGrain : Grain, ISlowGrain
{
    private int _pings;

    public Task Hang() => new TaskCompletionSource().Task;

    public Task<int> Ping() => Task.FromResult(++_pings);
}
