using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace PartyActors.Runtime;

/// <summary>
/// A running silo: the catalog of activations, the idle collector and the response-timeout sweeper.
/// <see cref="StopAsync"/> stops it gracefully: calls from outside are refused, running turns
/// finish (or time out), every activation is deactivated (so grains persist what they hold), and
/// whatever is left is failed.
/// </summary>
public sealed class Silo : IAsyncDisposable
{
    private readonly RuntimeCore _runtime;
    private readonly Lock _lock = new();
    private ITimer? _collector;
    private ITimer? _sweeper;
    private Task? _stopped;
    private bool _started;

    internal Silo(RuntimeCore runtime) => _runtime = runtime;

    public IGrainFactory GrainFactory => _runtime.GrainFactory;

    /// <summary>Activations in the catalog (including local observer objects).</summary>
    public int ActivationCount => _runtime.Catalog.Count;

    internal RuntimeCore Runtime => _runtime;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_started)
            {
                return;
            }

            _started = true;
            var time = _runtime.TimeProvider;
            _collector = time.CreateTimer(static s => ((Silo)s!).CollectIdle(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _collector.Change(_runtime.Options.CollectionQuantum, Timeout.InfiniteTimeSpan);
            _sweeper = time.CreateTimer(static s => ((Silo)s!).SweepTimeouts(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _sweeper.Change(SweepPeriod, Timeout.InfiniteTimeSpan);
        }

        if (_runtime.Reminders is { } reminders)
        {
            await reminders.StartAsync(cancellationToken);
        }

        _runtime.Logger.LogInformation("Silo started with {GrainClasses} grain classes.", _runtime.Registry.Classes.Count());
    }

    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return _stopped ??= StopCoreAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _runtime.Dispose();
    }

    /// <summary>How often running and queued calls are checked against their deadlines.</summary>
    private TimeSpan SweepPeriod =>
        TimeSpan.FromTicks(Math.Clamp(_runtime.Options.ResponseTimeout.Ticks / 10, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));

    private void SweepTimeouts()
    {
        var now = _runtime.TimeProvider.GetTimestamp();
        foreach (var activation in _runtime.Catalog.Activations)
        {
            activation.ExpireRequests(now);
        }

        Rearm(_sweeper, SweepPeriod);
    }

    private void CollectIdle()
    {
        if (!_runtime.IsStopping)
        {
            var now = _runtime.TimeProvider.GetTimestamp();
            var ages = new Dictionary<GrainClassInfo, long>();
            foreach (var activation in _runtime.Catalog.Activations)
            {
                if (activation.ClassInfo is not { } grainClass)
                {
                    continue;
                }

                if (!ages.TryGetValue(grainClass, out var age))
                {
                    ages[grainClass] = age = _runtime.ToTimestampTicks(_runtime.CollectionAge(grainClass));
                }

                if (activation.IsIdleLongerThan(now, age))
                {
                    activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ActivationIdle, "Idle longer than its collection age."));
                }
            }
        }

        Rearm(_collector, _runtime.Options.CollectionQuantum);
    }

    private void Rearm(ITimer? timer, TimeSpan due)
    {
        lock (_lock)
        {
            if (_stopped is null)
            {
                timer?.Change(due, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        var log = _runtime.Logger;
        var timeout = _runtime.Options.ShutdownTimeout;
        _runtime.BeginStopping();
        _collector?.Dispose();
        _runtime.Reminders?.Stop();
        log.LogInformation("Silo stopping: finishing running calls.");

        // 1. Let running and queued grain calls finish; calls between grains are still delivered.
        // Local observer objects are not waited for: they are dropped in the next step anyway.
        var drained = await WaitUntilAsync(() => _runtime.Catalog.Activations.All(a => a.IsLocalObject || a.InFlight == 0), timeout, cancellationToken);
        if (!drained)
        {
            log.LogWarning("Calls were still running after {Timeout}; deactivating anyway.", timeout);
        }

        // 2. Deactivate everything; nothing is activated again.
        _runtime.BeginDeactivatingAll();
        foreach (var activation in _runtime.Catalog.Activations)
        {
            if (activation.IsLocalObject)
            {
                activation.InvalidateLocalObject();
            }
            else
            {
                activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo is stopping."));
            }
        }

        var deactivated = await WaitUntilAsync(() => _runtime.Catalog.Count == 0, timeout, cancellationToken);
        if (!deactivated)
        {
            log.LogWarning("{Count} activations did not deactivate within {Timeout}; their calls fail.", _runtime.Catalog.Count, timeout);
            foreach (var activation in _runtime.Catalog.Activations)
            {
                activation.Abandon();
            }
        }

        _sweeper?.Dispose();
        log.LogInformation("Silo stopped.");
    }

    /// <summary>
    /// Stops the silo as a crash would: no <c>OnDeactivateAsync</c>, no drain; every activation and
    /// timer is dropped on the spot and running calls fail. For tests of recovery (the state left in
    /// the store is whatever was durable at that moment).
    /// </summary>
    internal Task CrashAsync()
    {
        lock (_lock)
        {
            _stopped ??= Task.CompletedTask;
        }

        _runtime.BeginStopping();
        _runtime.BeginDeactivatingAll();
        _collector?.Dispose();
        _sweeper?.Dispose();
        _runtime.Reminders?.Stop();
        foreach (var activation in _runtime.Catalog.Activations)
        {
            if (activation.IsLocalObject)
            {
                activation.InvalidateLocalObject();
            }
            else
            {
                activation.Abandon();
            }
        }

        _runtime.Logger.LogWarning("Silo crashed on purpose: every activation was dropped without deactivating.");
        return Task.CompletedTask;
    }

    /// <summary>Polls on the real clock: a stop must end even when a test's clock stands still.</summary>
    private static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(started) > timeout || cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            await Task.Delay(5, CancellationToken.None);
        }

        return true;
    }
}
