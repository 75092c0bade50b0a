using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PartyActors.Grains;

/// <summary>
/// A roster batch. While its upload streams, lines go to its log, durable before each chunk is
/// acknowledged; sealing registers a reminder and starts applying them. The run lives in this
/// activation (its continuations are turns of this grain, interleaving with progress reads) and
/// checkpoints as it goes; any activation of an unfinished batch starts a run from the last
/// checkpoint, and the reminder makes sure there is one after a crash. The reminder is removed once
/// the batch has completed. When the host stops or the activation goes, the run stops starting
/// lines, lets those in flight finish and checkpoints.
/// <para>
/// A second reminder forgets the batch: its log (phone and ID numbers as pushed) and its record are
/// deleted <see cref="RosterOptions.Retention"/> after it completed, or after its upload was begun
/// if that upload was never sealed. A batch sealed and still running is never deleted.
/// </para>
/// </summary>
[GrainType("roster-batch")]
internal sealed class RosterBatchGrain(
    [PersistentState("roster-batch")] IPersistentState<RosterBatchState> store,
    [PersistentLog("roster-lines")] IGrainLog<RosterLogEntry> lines,
    IOptions<RosterOptions> options,
    RosterStopSignal stopSignal,
    TimeProvider time,
    ILogger<RosterBatchGrain> logger) : Grain, IRosterBatchGrain, IRemindable
{
    private const string ResumeReminder = "roster-resume";

    private const string ExpiryReminder = "roster-expire";

    /// <summary>The longest wait between attempts to record that the batch completed while the store is down.</summary>
    private static readonly TimeSpan MaxCompletionRetryDelay = TimeSpan.FromSeconds(30);

    private readonly RosterOptions _options = options.Value;
    private readonly CancellationTokenSource _stopping = CancellationTokenSource.CreateLinkedTokenSource(stopSignal.Stopping);
    private RosterTally _tally = new(RosterCheckpoint.Start(1));
    private Task _running = Task.CompletedTask;
    private RosterRun? _run;

    private RosterBatchState State => store.State;

    private string Id => this.GetPrimaryKeyString();

    private long End => State.FirstSequence + State.Total;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _tally = new RosterTally(State.Checkpoint);

        // A reminder tick can be lost while no silo runs: a batch past its date goes on first sight.
        if (ExpiresAt() is { } at && at <= time.GetUtcNow())
        {
            try
            {
                await ExpireAsync(activating: true);
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Roster batch {BatchId} is past its retention but could not be deleted yet; its reminder tries again.", Id);
            }
        }

        EnsureRunning();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Let the lines in flight finish and checkpoint them, so the next activation repeats fewer.
        await _stopping.CancelAsync();
        try
        {
            await _running.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Roster batch {BatchId} was deactivated before its lines in flight finished; they are applied again on resume.", Id);
        }

        _stopping.Dispose();
    }

    public async Task<RosterUploadTicket> Open(RosterBatchInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (State.Sealed)
        {
            EnsureRunning();
            return new RosterUploadTicket(State.Upload, AlreadyAccepted: true);
        }

        // The expiry reminder first: an upload that never seals is then deleted in any case.
        var now = time.GetUtcNow();
        await ScheduleExpiryAsync(now + _options.Retention);
        State.Info = info;
        State.Upload = Guid.NewGuid();
        State.UploadBegunAt = now;
        State.FirstSequence = lines.NextSequence;
        if (State.CreatedAt == default)
        {
            State.CreatedAt = now;
        }

        await store.WriteStateAsync();
        return new RosterUploadTicket(State.Upload, AlreadyAccepted: false);
    }

    public async Task AppendLines(Guid upload, ImmutableArray<RosterLine> batch)
    {
        EnsureUploading(upload);
        if (!batch.IsDefaultOrEmpty)
        {
            await lines.AppendAsync([.. batch.Select(RosterLogEntry.Of)]);
        }
    }

    public async Task<RosterBatchProgress> Seal(Guid upload, int total)
    {
        if (State.Sealed && State.Upload == upload)
        {
            return Progress();
        }

        EnsureUploading(upload);
        var appended = lines.NextSequence - State.FirstSequence;
        if (appended != total)
        {
            throw new DomainException(DomainErrorKind.Invalid, RosterErrors.UploadIncomplete,
                $"The upload holds {appended} lines, not {total}: send the whole roster again with the same Idempotency-Key.");
        }

        // The reminder first: if the process dies between the two writes, a tick finds the batch unsealed and removes it.
        await this.RegisterOrUpdateReminder(ResumeReminder, _options.ResumePeriod, _options.ResumePeriod);
        State.Sealed = true;
        State.Total = total;
        State.Checkpoint = RosterCheckpoint.Start(State.FirstSequence);
        try
        {
            await store.WriteStateAsync();
        }
        catch
        {
            State.Sealed = false;
            throw;
        }

        _tally = new RosterTally(State.Checkpoint);
        EnsureRunning();
        return Progress();
    }

    public Task<RosterBatchProgress?> GetProgress() => Task.FromResult(State.Sealed ? Progress() : null);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ExpiryReminder)
        {
            await ExpireAsync(activating: false);
        }
        else if (!State.Sealed)
        {
            // The expiry reminder registered by Open deletes the unsealed upload.
            await ForgetReminderAsync(ResumeReminder);
        }
        else if (State.CompletedAt is not null)
        {
            await HandOverToExpiryAsync();
        }
        else
        {
            EnsureRunning();
        }
    }

    private void EnsureUploading(Guid upload)
    {
        if (State.Sealed || State.Upload != upload || State.Info is null)
        {
            throw new DomainException(DomainErrorKind.Conflict, RosterErrors.UploadSuperseded,
                "Another request with the same Idempotency-Key has taken over this batch's upload.");
        }
    }

    private void EnsureRunning()
    {
        if (State.Sealed && State.CompletedAt is null && _running.IsCompleted && !_stopping.IsCancellationRequested)
        {
            _running = RunAsync();
        }
    }

    private async Task RunAsync()
    {
        // Out of the turn that started it: the caller gets its answer first.
        await Task.Yield();
        try
        {
            State.StartedAt ??= time.GetUtcNow();
            var caller = State.Info?.Caller ?? throw new InvalidOperationException($"Roster batch {Id} is sealed without its caller.");
            var applier = new RosterApplier(GrainFactory, new RosterScope(GrainFactory, caller), _options, time, logger, Id, caller.Subject, caller.IsAdmin);
            _run = new RosterRun(
                GrainFactory, ReadPageAsync, End, _tally, applier, CheckpointAsync, _options, logger, _stopping.Token);
            await _run.RunAsync();
            _run = null;
            if (_tally.Next >= End)
            {
                await CompleteAsync();
            }
            else
            {
                await CheckpointAsync();
            }
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Roster batch {BatchId} stopped; its reminder resumes it.", Id);
        }
    }

    private async Task<IReadOnlyList<LogRecord<RosterLine>>> ReadPageAsync(long from, long to) =>
        [.. (await lines.ReadAsync(from, to)).Select(r => new LogRecord<RosterLine>(r.Sequence, r.Entry.ToLine(), r.At))];

    /// <summary>Makes the tally durable. A failure is not fatal: the next checkpoint, or a resumed run, covers the same lines.</summary>
    private async Task CheckpointAsync()
    {
        State.Checkpoint = _tally.ToCheckpoint();
        try
        {
            await store.WriteStateAsync();

            // A run has no requests in flight to keep the activation from being collected as idle.
            DelayDeactivation(_options.ResumePeriod * 2);
        }
        catch (InconsistentStateException exception)
        {
            // Another activation wrote this batch: stop, and let the next activation read what is stored.
            logger.LogWarning(exception, "Roster batch {BatchId} found its record changed by another writer; it stops here.", Id);
            _run?.Halt();
            DeactivateOnIdle();
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Roster batch {BatchId} could not checkpoint; it goes on.", Id);
        }
    }

    /// <summary>Records that every line is finished, retrying while the store is down, then removes the reminder.</summary>
    private async Task CompleteAsync()
    {
        var delay = _options.TransientRetryDelay;
        while (true)
        {
            State.Checkpoint = _tally.ToCheckpoint();
            State.CompletedAt = time.GetUtcNow();
            try
            {
                await store.WriteStateAsync();
                break;
            }
            catch (Exception exception) when (exception is not InconsistentStateException && !_stopping.IsCancellationRequested)
            {
                State.CompletedAt = null;
                logger.LogWarning(exception, "Roster batch {BatchId} could not record its completion; retrying in {Delay}.", Id, delay);
                await Task.Delay(delay, time, CancellationToken.None);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxCompletionRetryDelay.Ticks));
            }
            catch
            {
                State.CompletedAt = null;
                throw;
            }
        }

        logger.LogInformation("Roster batch {BatchId} completed: {Applied} applied, {Rejected} rejected of {Total}.",
            Id, _tally.Applied, _tally.Rejected, State.Total);
        await HandOverToExpiryAsync();
    }

    /// <summary>
    /// Schedules the deletion of a completed batch, then removes the resume reminder. If scheduling
    /// fails the resume reminder stays, and its next tick comes back here.
    /// </summary>
    private async Task HandOverToExpiryAsync()
    {
        try
        {
            await ScheduleExpiryAsync(ExpiresAt()!.Value);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Roster batch {BatchId} could not schedule its deletion; its next resume tick tries again.", Id);
            return;
        }

        await ForgetReminderAsync(ResumeReminder);
    }

    /// <summary>
    /// When the batch is to be deleted: a retention after it completed, or after its upload was begun
    /// if it is not sealed; null while it runs (completing schedules it) or when nothing is stored.
    /// </summary>
    private DateTimeOffset? ExpiresAt()
    {
        if (State.Info is null)
        {
            return null;
        }

        if (State.Sealed)
        {
            return State.CompletedAt + _options.Retention;
        }

        // Records written before uploads kept their start have only the batch's creation.
        var begun = State.UploadBegunAt == default ? State.CreatedAt : State.UploadBegunAt;
        return begun + _options.Retention;
    }

    /// <summary>
    /// Registers the expiry reminder: first tick at <paramref name="at"/>, then every
    /// <see cref="RosterOptions.ExpiryCheckPeriod"/> until the deletion has happened and removed it.
    /// </summary>
    private Task ScheduleExpiryAsync(DateTimeOffset at)
    {
        var wait = at - time.GetUtcNow();
        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        return this.RegisterOrUpdateReminder(ExpiryReminder, wait, _options.ExpiryCheckPeriod);
    }

    /// <summary>
    /// The expiry reminder's tick (and an activation past the date): deletes the log, then the
    /// record, if the batch is due, then removes the reminders; otherwise waits again. A failure
    /// leaves the reminder in place, so its next tick repeats the deletion, which is idempotent;
    /// until the record goes the batch reads as before.
    /// </summary>
    private async Task ExpireAsync(bool activating)
    {
        if (ExpiresAt() is not { } at)
        {
            // Nothing is stored (deleted already, or never written): the reminder has no work left.
            await ForgetReminderAsync(ExpiryReminder);
            return;
        }

        if (at > time.GetUtcNow())
        {
            // A later upload or a completion moved the date.
            await ScheduleExpiryAsync(at);
            return;
        }

        await lines.ClearAsync();
        await store.ClearStateAsync();
        _tally = new RosterTally(State.Checkpoint);
        await ForgetReminderAsync(ResumeReminder);
        await ForgetReminderAsync(ExpiryReminder);
        logger.LogInformation("Roster batch {BatchId} was deleted after its retention of {Retention}.", Id, _options.Retention);
        if (!activating)
        {
            DeactivateOnIdle();
        }
    }

    private async Task ForgetReminderAsync(string name)
    {
        try
        {
            if (await this.GetReminder(name) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception exception)
        {
            // Its next tick finds the batch completed (or gone) and tries again.
            logger.LogWarning(exception, "Roster batch {BatchId} could not remove its reminder {Reminder}.", Id, name);
        }
    }

    private RosterBatchProgress Progress()
    {
        var status = State.CompletedAt is not null ? RosterBatchStatus.Completed
            : State.StartedAt is not null ? RosterBatchStatus.Running
            : RosterBatchStatus.Queued;
        var info = State.Info!;
        return new RosterBatchProgress(
            Id, status, State.Total, _tally.Applied, _tally.Rejected, _tally.Errors, info.Format, info.Caller.Subject,
            State.CreatedAt, State.StartedAt, State.CompletedAt);
    }
}
