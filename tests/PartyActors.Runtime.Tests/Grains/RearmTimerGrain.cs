namespace PartyActors.Runtime.Tests.Grains;

public interface IRearmTimerGrain : IGrainWithStringKey
{
    /// <summary>Registers a one-shot timer due at once, whose tick waits until <see cref="Release"/>.</summary>
    Task Start();

    /// <summary>Asks for another tick at once; interleaves, so it can run while a tick is inside.</summary>
    [AlwaysInterleave]
    Task Rearm();

    [AlwaysInterleave]
    Task Release();

    [AlwaysInterleave]
    Task<int> Ticks();
}

/// <summary>A one-shot timer re-armed from a request that interleaves with its running tick.</summary>
public sealed class RearmTimerGrain : Grain, IRearmTimerGrain
{
    private IGrainTimer? _timer;
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _ticks;

    public Task Start()
    {
        _timer = RegisterGrainTimer(Tick, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public Task Rearm()
    {
        _timer!.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public Task Release()
    {
        _gate.TrySetResult();
        return Task.CompletedTask;
    }

    public Task<int> Ticks() => Task.FromResult(_ticks);

    private async Task Tick(CancellationToken cancellationToken)
    {
        _ticks++;
        var gate = _gate;
        await gate.Task;
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
