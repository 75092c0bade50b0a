using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PartyActors.Grains;

/// <summary>
/// The schedule of periodic reports. A reminder ticks at each boundary (the start of a month,
/// China Standard Time); the tick, or the first activation after a boundary passed while no silo
/// ran, starts a sweep: walks of the tree from its roots (<see cref="IOrganizationTreeGrain.GetRoots"/>),
/// asking every organization's reports grain to take the snapshots of the periods that just ended.
/// <para>
/// A sweep runs on a grain timer, a batch of organizations per turn, so no call holds the whole
/// tree and the grain answers in between. It is complete after a walk that took nothing (every
/// organization reached had its snapshots); only then is the boundary recorded as swept. A sweep
/// lost in a crash starts over when the grain next activates (the reminder's period, or a silo's
/// start): taking a period twice appends nothing, so every organization has one snapshot per period.
/// Boundaries missed in a long outage are swept one after the other, each with the figures of the
/// moment it is swept (the snapshots say when they were taken).
/// </para>
/// </summary>
[GrainType("report-schedule")]
internal sealed class ReportScheduleGrain(
    [PersistentState("report-schedule")] IPersistentState<ReportScheduleState> store,
    IOptions<ReportOptions> options,
    TimeProvider time,
    ILogger<ReportScheduleGrain> logger) : Grain, IReportScheduleGrain, IRemindable
{
    private const string BoundaryReminder = "report-boundary";

    private readonly ReportOptions _options = options.Value;
    private ReportSweep? _sweep;
    private IGrainTimer? _timer;

    private ReportScheduleState State => store.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.SweptThrough is not null)
        {
            StartDueSweep();
        }

        return Task.CompletedTask;
    }

    public async Task Start()
    {
        if (State.SweptThrough is null)
        {
            State.SweptThrough = ReportPeriod.LastBoundary(time.GetUtcNow());
            await store.WriteStateAsync();
            logger.LogInformation("Periodic reports start: the first periods taken end at {Boundary:O}.", ReportPeriod.NextBoundary(State.SweptThrough.Value));
        }

        if (_sweep is null && !StartDueSweep() && await this.GetReminder(BoundaryReminder) is null)
        {
            await ScheduleReminderAsync();
        }
    }

    public Task<ReportScheduleStatus> GetStatus() => Task.FromResult(new ReportScheduleStatus(
        State.SweptThrough is not null,
        State.SweptThrough,
        State.SweptThrough is { } swept ? ReportPeriod.NextBoundary(swept) : null,
        _sweep?.Progress(),
        State.LastSweep));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (State.SweptThrough is null)
        {
            // A reminder without a started schedule (its state was lost): start it now.
            await Start();
            return;
        }

        if (_sweep is null && !StartDueSweep())
        {
            // Before the boundary: wait again for the time left.
            await ScheduleReminderAsync();
        }
    }

    /// <summary>Starts sweeping the boundary after the last one swept if it has passed; false when none is due.</summary>
    private bool StartDueSweep()
    {
        if (_sweep is not null)
        {
            return true;
        }

        var now = time.GetUtcNow();
        var next = ReportPeriod.NextBoundary(State.SweptThrough!.Value);
        if (next > now)
        {
            return false;
        }

        _sweep = new ReportSweep(next, now);
        logger.LogInformation("Periodic reports: sweeping the organizations for the periods ending at {Boundary:O} ({Periods}).",
            next, string.Join(", ", ReportPeriod.EndingAt(next)));
        Arm(TimeSpan.Zero);
        return true;
    }

    /// <summary>One turn of the sweep: begins a walk, or asks the next batch of organizations, or ends the walk.</summary>
    private async Task StepAsync(CancellationToken cancellationToken)
    {
        if (_sweep is not { } sweep)
        {
            return;
        }

        try
        {
            if (!sweep.Walking)
            {
                sweep.BeginWalk(await GrainFactory.GetGrain<IOrganizationTreeGrain>(IOrganizationTreeGrain.Key).GetRoots());
            }

            var batch = sweep.NextBatch(_options.SweepParallelism);
            if (batch.Length > 0)
            {
                foreach (var take in await Task.WhenAll(batch.Select(id => TakeAsync(id, sweep.Boundary))))
                {
                    sweep.Record(take);
                }

                Arm(TimeSpan.Zero);
                return;
            }

            sweep.EndWalk();
            if (sweep.FailedThisWalk > 0)
            {
                logger.LogWarning("Periodic reports: {Failed} organization(s) could not take their snapshots for {Boundary:O} in walk {Walk}; walking again in {Delay}.",
                    sweep.FailedThisWalk, sweep.Boundary, sweep.Walk, _options.RetryDelay);
                Arm(_options.RetryDelay);
            }
            else if (sweep.TakenThisWalk > 0 && sweep.Walk < ReportSweep.MaxWalks)
            {
                Arm(TimeSpan.Zero);
            }
            else
            {
                await CompleteAsync(sweep);
            }
        }
        catch (InconsistentStateException exception)
        {
            // Another activation of the schedule wrote its state: it carries on, this one goes.
            logger.LogWarning(exception, "Periodic reports: the schedule's state was written by another activation; this one deactivates.");
            _sweep = null;
            DeactivateOnIdle();
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Periodic reports: the sweep for {Boundary:O} failed in walk {Walk}; walking again in {Delay}.", sweep.Boundary, sweep.Walk, _options.RetryDelay);
            sweep.EndWalk();
            Arm(_options.RetryDelay);
        }
    }

    private async Task<SnapshotTake?> TakeAsync(string orgId, DateTimeOffset boundary)
    {
        try
        {
            return await GrainFactory.GetGrain<IOrganizationReportsGrain>(orgId).Take(boundary);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Periodic reports: organization {OrgId} could not take its snapshots for {Boundary:O}.", orgId, boundary);
            return null;
        }
    }

    /// <summary>Records the boundary as swept, then sweeps the next one if it has passed too, or waits for it.</summary>
    private async Task CompleteAsync(ReportSweep sweep)
    {
        var summary = new SweepSummary(sweep.Boundary, sweep.StartedAt, time.GetUtcNow(), sweep.Visited, sweep.Taken, sweep.Walk);
        State.SweptThrough = sweep.Boundary;
        State.LastSweep = summary;
        await store.WriteStateAsync();
        logger.LogInformation("Periodic reports for {Boundary:O} complete: {Taken} snapshot(s) taken, {Organizations} organization(s) reached, {Walks} walk(s).",
            summary.Boundary, summary.Taken, summary.Organizations, summary.Walks);

        _sweep = null;
        if (StartDueSweep())
        {
            return;
        }

        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        try
        {
            await ScheduleReminderAsync();
        }
        catch (Exception exception)
        {
            // The reminder still ticks at its period, and a tick before the boundary registers it again.
            logger.LogWarning(exception, "Periodic reports: the reminder for the boundary after {Boundary:O} could not be registered.", summary.Boundary);
        }
    }

    /// <summary>
    /// Registers the reminder to tick at the next boundary. A month is at most 31 days, within what the
    /// reminder service's timers wait (about 49 days); a tick that comes early (clocks differ between
    /// silos) registers it again for the time left.
    /// </summary>
    private Task ScheduleReminderAsync()
    {
        var now = time.GetUtcNow();
        return this.RegisterOrUpdateReminder(BoundaryReminder, ReportPeriod.NextBoundary(now) - now, _options.ReminderPeriod);
    }

    private void Arm(TimeSpan due)
    {
        if (_timer is null)
        {
            _timer = this.RegisterGrainTimer(StepAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
        else
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }
}
