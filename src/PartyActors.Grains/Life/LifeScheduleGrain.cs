using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PartyActors.Grains;

/// <summary>
/// The schedule of organizational life. A reminder ticks at each checkpoint: the start of a month in
/// China Standard Time (monthly, quarterly and yearly cycles all end there) and
/// <see cref="LifeOptions.ReminderLead"/> before it (when reminders are due). The tick, every silo
/// start and the first activation after a checkpoint passed while no silo ran start a sweep: walks of
/// the tree from its roots refreshing every organization's life, so the figures of organizations
/// nobody touches follow the cycles too. A refresh counts at the moment it runs, so one sweep
/// catches up any number of missed checkpoints; a walk in which some organization could not be
/// refreshed is walked again after <see cref="LifeOptions.RetryDelay"/>, and only a complete walk
/// records the checkpoint as swept. The walk runs in one interleaving timer turn, so status reads
/// answer meanwhile.
/// </summary>
[GrainType("life-schedule")]
internal sealed class LifeScheduleGrain(
    [PersistentState("life-schedule")] IPersistentState<LifeScheduleState> store,
    IOptions<LifeOptions> options,
    TimeProvider time,
    ILogger<LifeScheduleGrain> logger) : Grain, ILifeScheduleGrain, IRemindable
{
    private const string CheckpointReminder = "life-checkpoint";

    private readonly LifeOptions _options = options.Value;
    private IGrainTimer? _timer;
    private bool _sweeping;
    private bool _armed;

    private LifeScheduleState State => store.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.SweptThrough is not null && Due())
        {
            Arm(TimeSpan.Zero);
        }

        return Task.CompletedTask;
    }

    public async Task Start()
    {
        Arm(TimeSpan.Zero);
        if (await this.GetReminder(CheckpointReminder) is null)
        {
            await ScheduleReminderAsync();
        }
    }

    public Task<LifeScheduleStatus> GetStatus() => Task.FromResult(new LifeScheduleStatus(
        State.SweptThrough,
        State.SweptThrough is { } swept ? LifeCheckpoints.Next(swept, _options.ReminderLead) : null,
        _sweeping || _armed,
        State.LastSweep));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (Due())
        {
            Arm(TimeSpan.Zero);
        }
        else if (!_sweeping && !_armed)
        {
            // Early (clocks differ between silos): wait again for the time left.
            await ScheduleReminderAsync();
        }
    }

    /// <summary>Whether a checkpoint has passed since the last complete sweep (or none ever completed).</summary>
    private bool Due() => State.SweptThrough is not { } swept || LifeCheckpoints.Next(swept, _options.ReminderLead) <= time.GetUtcNow();

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        _armed = false;
        if (_sweeping)
        {
            return;
        }

        _sweeping = true;
        var startedAt = time.GetUtcNow();
        var checkpoint = LifeCheckpoints.Last(startedAt, _options.ReminderLead);
        try
        {
            var roots = await GrainFactory.GetGrain<IOrganizationTreeGrain>(IOrganizationTreeGrain.Key).GetRoots();
            var (refreshed, failed) = await LifeWalk.RunAsync(GrainFactory, roots, _options.SweepParallelism,
                (orgId, exception) => logger.LogWarning(exception, "Organizational life: organization {OrgId} could not be refreshed.", orgId));
            if (failed > 0)
            {
                logger.LogWarning("Organizational life: {Failed} organization(s) could not be refreshed in the sweep at {Checkpoint:O}; walking again in {Delay}.",
                    failed, checkpoint, _options.RetryDelay);
                Arm(_options.RetryDelay);
                return;
            }

            var walks = State.LastSweep is { } last && last.Checkpoint == checkpoint && State.SweptThrough == checkpoint ? last.Walks + 1 : 1;
            State.SweptThrough = State.SweptThrough is { } swept && swept > checkpoint ? swept : checkpoint;
            State.LastSweep = new LifeSweepSummary(checkpoint, startedAt, time.GetUtcNow(), refreshed, walks);
            await store.WriteStateAsync();
            logger.LogInformation("Organizational life swept at checkpoint {Checkpoint:O}: {Organizations} organization(s) refreshed.", checkpoint, refreshed);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Organizational life: the sweep at {Checkpoint:O} failed; walking again in {Delay}.", checkpoint, _options.RetryDelay);
            Arm(_options.RetryDelay);
            return;
        }
        finally
        {
            _sweeping = false;
        }

        if (Due())
        {
            Arm(TimeSpan.Zero);
            return;
        }

        try
        {
            await ScheduleReminderAsync();
        }
        catch (Exception exception)
        {
            // The reminder still ticks at its period, and a tick before the checkpoint registers it again.
            logger.LogWarning(exception, "Organizational life: the reminder for the next checkpoint could not be registered.");
        }
    }

    /// <summary>Registers the reminder to tick at the next checkpoint, at most a month away (within what reminder timers wait).</summary>
    private Task ScheduleReminderAsync()
    {
        var now = time.GetUtcNow();
        return this.RegisterOrUpdateReminder(CheckpointReminder, LifeCheckpoints.Next(now, _options.ReminderLead) - now, _options.ReminderPeriod);
    }

    private void Arm(TimeSpan due)
    {
        _armed = true;
        if (_timer is null)
        {
            _timer = this.RegisterGrainTimer(SweepAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = true, Interleave = true });
        }
        else
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }
}
