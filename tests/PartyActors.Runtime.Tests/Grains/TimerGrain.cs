namespace PartyActors.Runtime.Tests.Grains;

public interface ITimerGrain : IGrainWithStringKey
{
    Task Start(TimeSpan period, bool keepAlive);

    /// <summary>A request that holds the grain across awaits, to collide with ticks if they could.</summary>
    Task Busy(int yields);

    Task<TimerReport> Report();

    Task StopTimer();
}

public sealed record TimerReport(int Ticks, int Overlaps, int MaxTicksInside);

/// <summary>Records whether a tick ever ran while a request (or another tick) was inside.</summary>
public sealed class TimerGrain(Probe probe) : Grain, ITimerGrain
{
    private IGrainTimer? _timer;
    private int _ticks;
    private int _overlaps;
    private int _requestsInside;
    private int _ticksInside;
    private int _maxTicksInside;

    public Task Start(TimeSpan period, bool keepAlive)
    {
        _timer?.Dispose();
        _timer = RegisterGrainTimer(Tick, new GrainTimerCreationOptions { DueTime = period, Period = period, KeepAlive = keepAlive });
        return Task.CompletedTask;
    }

    public async Task Busy(int yields)
    {
        _requestsInside++;
        if (_ticksInside > 0)
        {
            _overlaps++;
        }

        for (var i = 0; i < yields; i++)
        {
            await Task.Yield();
            if (_ticksInside > 0)
            {
                _overlaps++;
            }
        }

        _requestsInside--;
    }

    public Task<TimerReport> Report() => Task.FromResult(new TimerReport(_ticks, _overlaps, _maxTicksInside));

    public Task StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record("timer.deactivated");
        return Task.CompletedTask;
    }

    private async Task Tick(CancellationToken cancellationToken)
    {
        _ticksInside++;
        _maxTicksInside = Math.Max(_maxTicksInside, _ticksInside);
        _ticks++;
        probe.Record("timer.tick");
        if (_requestsInside > 0)
        {
            _overlaps++;
        }

        await Task.Yield();
        await Task.Yield();
        if (_requestsInside > 0)
        {
            _overlaps++;
        }

        _ticksInside--;
    }
}
