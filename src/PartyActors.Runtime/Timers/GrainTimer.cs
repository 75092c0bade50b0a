using Microsoft.Extensions.Logging;

namespace PartyActors.Runtime;

/// <summary>
/// A grain timer. When due, it queues its tick at the activation as a request; the next due time is
/// set only when that tick's turn has ended, so ticks never overlap each other, and (unless
/// interleaving) never run beside a request. A <see cref="Change"/> made while a tick is queued or
/// running (from the tick itself, or from a request interleaving with it) takes effect when that
/// tick ends: the next tick is then due after the new due time, instead of after the period.
/// </summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly ActivationData _activation;
    private readonly GrainTimerRegistry _registry;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _lock = new();
    private TimeSpan _period;
    private bool _tickQueued;
    private TimeSpan? _dueAfterTick;

    public GrainTimer(ActivationData activation, GrainTimerRegistry registry, Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options.DueTime, options.Period);
        _activation = activation;
        _registry = registry;
        _callback = callback;
        _period = options.Period;
        Tick = new TimerTickRequest(this, options.Interleave, options.KeepAlive);
        _timer = activation.Runtime.TimeProvider.CreateTimer(static state => ((GrainTimer)state!).OnDue(), this,
            Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(options.DueTime, Timeout.InfiniteTimeSpan);
    }

    internal TimerTickRequest Tick { get; }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        Validate(dueTime, period);
        lock (_lock)
        {
            if (_disposed.IsCancellationRequested)
            {
                throw new ObjectDisposedException(nameof(GrainTimer));
            }

            _period = period;
            if (_tickQueued)
            {
                // The due time would pass while the tick is queued or running, and be dropped.
                _dueAfterTick = dueTime;
                return;
            }

            _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            _disposed.Cancel();
            _timer.Dispose();
        }

        _registry.Remove(this);
    }

    internal Task InvokeCallbackAsync() => _callback(_disposed.Token);

    /// <summary>Runs on a timer thread: queue the tick unless one is already waiting or running.</summary>
    private void OnDue()
    {
        lock (_lock)
        {
            if (_disposed.IsCancellationRequested || _tickQueued)
            {
                return;
            }

            _tickQueued = true;
        }

        if (!Dispatcher.SendSystem(_activation, Tick))
        {
            Dispose();
        }
    }

    /// <summary>Runs on the activation's scheduler after the tick's turn: arm the next tick.</summary>
    internal void OnTickCompleted()
    {
        lock (_lock)
        {
            _tickQueued = false;
            var due = _dueAfterTick ?? _period;
            _dueAfterTick = null;
            if (_disposed.IsCancellationRequested || due == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    internal void OnTickFailed(Exception exception) =>
        _activation.Runtime.Logger.LogWarning(exception, "A timer tick of {GrainId} threw.", _activation.GrainId);

    private static void Validate(TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "Must be zero or more, or infinite.");
        }

        if (period <= TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "Must be positive, or infinite to tick once.");
        }
    }
}

/// <summary>A timer tick, queued at the activation like a request nobody waits for.</summary>
internal sealed class TimerTickRequest(GrainTimer timer, bool interleave, bool keepAlive) : VoidGrainRequest
{
    public GrainTimer Timer { get; } = timer;

    public bool KeepAlive { get; } = keepAlive;

    public override Type InterfaceType => typeof(IGrainTimer);

    public override string MethodName => "Tick";

    public override InvokeMethodOptions Options { get; } =
        InvokeMethodOptions.OneWay | (interleave ? InvokeMethodOptions.AlwaysInterleave : InvokeMethodOptions.None);

    internal override bool IsSystem => true;

    protected override async ValueTask InvokeCore(object target)
    {
        try
        {
            await Timer.InvokeCallbackAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A failing tick is logged; the timer keeps its schedule, as in Orleans.
            Timer.OnTickFailed(exception);
        }
        catch (OperationCanceledException)
        {
            // The timer was disposed while the tick ran.
        }
    }
}

/// <summary>The timers of one activation, disposed with it.</summary>
internal sealed class GrainTimerRegistry(ActivationData activation)
{
    private readonly Lock _lock = new();
    private readonly List<GrainTimer> _timers = [];

    public IGrainTimer Register(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        var timer = new GrainTimer(activation, this, callback, options);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    public void Remove(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    public void DisposeAll()
    {
        GrainTimer[] timers;
        lock (_lock)
        {
            timers = [.. _timers];
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }
}
