using Microsoft.Extensions.Logging;

namespace PartyActors.Grains;

/// <summary>
/// Starts the schedule of organizational life when the silo becomes active (<see cref="ILifeScheduleGrain.Start"/>):
/// a sweep of the tree, which brings the figures of organizations created while the feature was off
/// (or whose refresh a crash interrupted) into existence and catches up checkpoints passed while no
/// silo ran, and the reminder for the next checkpoint. In the background, retried until it succeeds.
/// </summary>
internal sealed class LifeScheduleStarter(IGrainFactory grains, TimeProvider time, ILogger<LifeScheduleStarter> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    private readonly CancellationTokenSource _stopping = new();
    private Task _starting = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LifeScheduleStarter), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    public void Dispose() => _stopping.Dispose();

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        _starting = StartAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _starting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var delay = FirstRetryDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await grains.GetGrain<ILifeScheduleGrain>(ILifeScheduleGrain.Key).Start();
                return;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "The schedule of organizational life could not start; trying again in {Delay}.", delay);
            }

            try
            {
                await Task.Delay(delay, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = delay * 2 > MaxRetryDelay ? MaxRetryDelay : delay * 2;
        }
    }
}
