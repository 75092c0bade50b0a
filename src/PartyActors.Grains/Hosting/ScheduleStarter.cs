using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PartyActors.Grains;

/// <summary>
/// Starts a schedule grain when the silo becomes active (the periodic reports' and organizational
/// life's: their <c>Start</c> registers the reminder and sweeps what passed while no silo ran). In the
/// background, retried until it succeeds: a store or a reminder service still coming up must not hold
/// the silo's start.
/// </summary>
internal sealed class ScheduleStarter(string schedule, Func<IGrainFactory, Task> start, IGrainFactory grains, TimeProvider time, ILogger<ScheduleStarter> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    private readonly CancellationTokenSource _stopping = new();
    private Task _starting = Task.CompletedTask;

    /// <summary>Registers a starter of the schedule named <paramref name="schedule"/> (for the log) that calls <paramref name="start"/>.</summary>
    public static void Register(IServiceCollection services, string schedule, Func<IGrainFactory, Task> start) =>
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new ScheduleStarter(
            schedule, start, sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ScheduleStarter>>()));

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(ScheduleStarter)}({schedule})", ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

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
                await start(grains);
                return;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "The schedule of {Schedule} could not start; trying again in {Delay}.", schedule, delay);
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
