using Microsoft.Extensions.Logging;

namespace PartyActors.Grains;

/// <summary>
/// Starts the schedule of periodic reports when the silo becomes active (<see cref="IReportScheduleGrain.Start"/>):
/// the first start registers its reminder, and every start sweeps a boundary that passed while no
/// silo ran, without waiting for the reminder. In the background, retried until it succeeds: a store
/// or a reminder service still coming up must not hold the silo's start.
/// </summary>
internal sealed class ReportScheduleStarter(IGrainFactory grains, TimeProvider time, ILogger<ReportScheduleStarter> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    private readonly CancellationTokenSource _stopping = new();
    private Task _starting = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ReportScheduleStarter), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

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
                await grains.GetGrain<IReportScheduleGrain>(IReportScheduleGrain.Key).Start();
                return;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "The schedule of periodic reports could not start; trying again in {Delay}.", delay);
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
