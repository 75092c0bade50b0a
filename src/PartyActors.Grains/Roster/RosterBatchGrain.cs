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

    /// <summary>The longest wait between attempts to record that the batch completed while the store is down.</summary>
    private static readonly TimeSpan MaxCompletionRetryDelay = TimeSpan.FromSeconds(30);

    private readonly RosterOptions _options = options.Value;
    private readonly CancellationTokenSource _stopping = CancellationTokenSource.CreateLinkedTokenSource(stopSignal.Stopping);
    private RosterTally _tally = new(RosterCheckpoint.Start(1));
    private Task _running = Task.CompletedTask;
    private RosterRun? _run;

    private RosterBatchState State => store.State;

    private string Id => GetPrimaryKeyString();

    private long End => State.FirstSequence + State.Total;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _tally = new RosterTally(State.Checkpoint);
        EnsureRunning();
        return Task.CompletedTask;
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

        State.Info = info;
        State.Upload = Guid.NewGuid();
        State.FirstSequence = lines.NextSequence;
        if (State.CreatedAt == default)
        {
            State.CreatedAt = time.GetUtcNow();
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
        await RegisterOrUpdateReminder(ResumeReminder, _options.ResumePeriod, _options.ResumePeriod);
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
        if (!State.Sealed || State.CompletedAt is not null)
        {
            await ForgetReminderAsync();
            return;
        }

        EnsureRunning();
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
            var applier = new RosterApplier(GrainFactory, new RosterScope(GrainFactory, caller), _options, time, logger, Id);
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
        await ForgetReminderAsync();
    }

    private async Task ForgetReminderAsync()
    {
        try
        {
            if (await GetReminder(ResumeReminder) is { } reminder)
            {
                await UnregisterReminder(reminder);
            }
        }
        catch (Exception exception)
        {
            // Its next tick finds the batch completed and tries again.
            logger.LogWarning(exception, "Roster batch {BatchId} could not remove its reminder.", Id);
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
