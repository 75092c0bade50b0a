using Microsoft.Extensions.Logging;

namespace PartyActors.Runtime;

/// <summary>
/// Fires durable reminders. It loads the reminder table at start-up (and re-reads it every
/// <see cref="GrainRuntimeOptions.ReminderRefreshPeriod"/>), keeps one timer per reminder, and
/// delivers each due tick to its grain as a call, activating the grain if needed.
/// <para>
/// Delivery guarantee: <b>at least once, latest tick wins.</b> A tick is acknowledged by writing
/// its due time to the table after the grain's <see cref="IRemindable.ReceiveReminder"/> completed;
/// until then it is retried (backing off up to <see cref="GrainRuntimeOptions.ReminderMaxRetryDelay"/>),
/// also after a crash or restart, so a grain may see a tick twice (same
/// <see cref="TickStatus.CurrentTickTime"/>). Ticks that fell due while the silo was down, or while
/// an earlier tick was being retried, are coalesced: the grain gets the latest due one, once.
/// A reminder that ticks once is removed after its tick is acknowledged.
/// </para>
/// </summary>
internal sealed class ReminderService(RuntimeCore runtime, IReminderTable table)
{
    /// <summary>The longest a reminder's timer waits (a timer cannot wait past about 49.7 days).</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(30);

    private readonly Lock _lock = new();
    private readonly Dictionary<(GrainId GrainId, string Name), Scheduled> _scheduled = [];
    private ITimer? _refresh;
    private bool _stopped;

    // Counts schedulings, so that a reload knows which schedules are newer than the rows it read.
    private long _generation;

    private TimeProvider Time => runtime.TimeProvider;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReloadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StorageUnavailableException exception)
        {
            runtime.Logger.LogWarning(exception, "Reminders could not be loaded; retrying every {Period}.", runtime.Options.ReminderRefreshPeriod);
        }

        lock (_lock)
        {
            _refresh = Time.CreateTimer(static s => _ = ((ReminderService)s!).RefreshAsync(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _refresh.Change(runtime.Options.ReminderRefreshPeriod, Timeout.InfiniteTimeSpan);
        }
    }

    public void Stop()
    {
        lock (_lock)
        {
            _stopped = true;
            _refresh?.Dispose();
            foreach (var scheduled in _scheduled.Values)
            {
                scheduled.Cancel();
            }

            _scheduled.Clear();
        }
    }

    public async Task<IGrainReminder> RegisterOrUpdateAsync(GrainId grainId, string name, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        if (period <= TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "Must be positive, or infinite for a reminder that ticks once.");
        }

        var entry = new ReminderEntry(grainId, name, Time.GetUtcNow() + dueTime, period, null, null);
        var etag = await table.UpsertRowAsync(entry, CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The reminder table refused an unconditional write.");
        Schedule(entry with { ETag = etag });
        return new GrainReminder(name, entry.FirstTick, period);
    }

    public async Task UnregisterAsync(GrainId grainId, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        await table.RemoveRowAsync(grainId, name, null, CancellationToken.None).ConfigureAwait(false);
        Unschedule(grainId, name, null);
    }

    public async Task<IGrainReminder?> GetAsync(GrainId grainId, string name)
    {
        var row = await table.ReadRowAsync(grainId, name, CancellationToken.None).ConfigureAwait(false);
        return row is null ? null : new GrainReminder(row.Name, row.FirstTick, row.Period);
    }

    public async Task<IReadOnlyList<IGrainReminder>> GetAllAsync(GrainId grainId)
    {
        var rows = await table.ReadRowsAsync(grainId, CancellationToken.None).ConfigureAwait(false);
        return [.. rows.Select(r => new GrainReminder(r.Name, r.FirstTick, r.Period))];
    }

    /// <summary>Reconciles the schedule with the table: new and changed rows are (re)scheduled, removed ones dropped.</summary>
    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        // A schedule made after this point (a registration, an acknowledgement) is newer than any row
        // read below: the reload must neither replace it with an older row nor drop it as absent.
        long startedAt;
        lock (_lock)
        {
            startedAt = _generation;
        }

        var rows = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var present = new HashSet<(GrainId, string)>();
        foreach (var row in rows)
        {
            present.Add((row.GrainId, row.Name));
            bool known;
            lock (_lock)
            {
                known = _scheduled.TryGetValue((row.GrainId, row.Name), out var scheduled)
                    && (scheduled.Entry.ETag == row.ETag || scheduled.Generation > startedAt);
            }

            if (!known)
            {
                Schedule(row);
            }
        }

        List<Scheduled> gone;
        lock (_lock)
        {
            gone = [.. _scheduled.Values.Where(s => !present.Contains((s.Entry.GrainId, s.Entry.Name)) && !s.Delivering && s.Generation <= startedAt)];
        }

        foreach (var scheduled in gone)
        {
            Unschedule(scheduled.Entry.GrainId, scheduled.Entry.Name, scheduled);
        }
    }

    private async Task RefreshAsync()
    {
        try
        {
            await ReloadAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            runtime.Logger.LogWarning(exception, "Re-reading the reminder table failed.");
        }

        lock (_lock)
        {
            if (!_stopped)
            {
                _refresh?.Change(runtime.Options.ReminderRefreshPeriod, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Arms the reminder for its next undelivered tick (the latest one already due, if any).</summary>
    private void Schedule(ReminderEntry entry, int attempt = 0, TimeSpan? retryAfter = null)
    {
        var now = Time.GetUtcNow();
        if (NextTick(entry, now) is not { } tick)
        {
            // A once-only reminder whose tick was acknowledged: nothing left to do.
            Unschedule(entry.GrainId, entry.Name, null);
            return;
        }

        var delay = tick > now ? tick - now : TimeSpan.Zero;
        if (retryAfter is { } retry && retry > delay)
        {
            delay = retry;
        }

        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            var key = (entry.GrainId, entry.Name);
            if (_scheduled.TryGetValue(key, out var previous))
            {
                previous.Cancel();
            }

            // A timer waits at most about 49.7 days; a tick further off is reached in hops of MaxWait,
            // each of which only schedules again.
            var scheduled = new Scheduled(entry, attempt) { WakeOnly = delay > MaxWait, Generation = ++_generation };
            _scheduled[key] = scheduled;
            scheduled.Timer = Time.CreateTimer(static s => _ = ((Scheduled)s!).Service!.FireAsync((Scheduled)s), scheduled,
                Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            scheduled.Service = this;
            scheduled.Timer.Change(scheduled.WakeOnly ? MaxWait : delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void Unschedule(GrainId grainId, string name, Scheduled? only)
    {
        lock (_lock)
        {
            if (_scheduled.TryGetValue((grainId, name), out var scheduled) && (only is null || ReferenceEquals(only, scheduled)))
            {
                scheduled.Cancel();
                _scheduled.Remove((grainId, name));
            }
        }
    }

    /// <summary>
    /// The tick to deliver next: the first tick if none was acknowledged, else the latest tick due
    /// by now that is after the acknowledged one (missed ticks coalesce), else the next one to come.
    /// </summary>
    internal static DateTimeOffset? NextTick(ReminderEntry entry, DateTimeOffset now)
    {
        var once = entry.Period == Timeout.InfiniteTimeSpan;
        if (entry.LastDelivered is not { } delivered)
        {
            return once || now <= entry.FirstTick ? entry.FirstTick : LatestDue(entry, now);
        }

        if (once)
        {
            return null;
        }

        var next = delivered + entry.Period;
        return next > now ? next : LatestDue(entry, now);
    }

    private static DateTimeOffset LatestDue(ReminderEntry entry, DateTimeOffset now)
    {
        var periods = (now - entry.FirstTick).Ticks / entry.Period.Ticks;
        return entry.FirstTick + TimeSpan.FromTicks(periods * entry.Period.Ticks);
    }

    private async Task FireAsync(Scheduled scheduled)
    {
        lock (_lock)
        {
            if (scheduled.Cancelled || _stopped)
            {
                return;
            }

            if (!scheduled.WakeOnly)
            {
                scheduled.Delivering = true;
            }
        }

        if (scheduled.WakeOnly)
        {
            Schedule(scheduled.Entry, scheduled.Attempt, null);
            return;
        }

        var entry = scheduled.Entry;
        var tick = NextTick(entry, Time.GetUtcNow()) ?? entry.FirstTick;
        try
        {
            var request = new ReminderTickRequest(entry.Name, new TickStatus(entry.FirstTick, entry.Period, tick));
            var delivered = request.CreateTask();
            runtime.Dispatcher.Send(entry.GrainId, request);
            await delivered.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            var retry = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, scheduled.Attempt), runtime.Options.ReminderMaxRetryDelay.TotalSeconds));
            runtime.Logger.LogWarning(exception, "Reminder {Name} of {GrainId} (tick {Tick}) was not delivered; retrying in {Retry}.",
                entry.Name, entry.GrainId, tick, retry);
            if (!scheduled.Cancelled)
            {
                Schedule(entry, scheduled.Attempt + 1, retry);
            }

            return;
        }

        await AcknowledgeAsync(scheduled, tick).ConfigureAwait(false);
    }

    /// <summary>Records the delivered tick durably, then arms the next one.</summary>
    private async Task AcknowledgeAsync(Scheduled scheduled, DateTimeOffset tick)
    {
        var entry = scheduled.Entry;
        var acknowledged = entry with { LastDelivered = tick };
        try
        {
            if (entry.Period == Timeout.InfiniteTimeSpan)
            {
                await table.RemoveRowAsync(entry.GrainId, entry.Name, entry.ETag, CancellationToken.None).ConfigureAwait(false);
                Unschedule(entry.GrainId, entry.Name, scheduled);
                return;
            }

            var etag = await table.UpsertRowAsync(acknowledged, CancellationToken.None).ConfigureAwait(false);
            if (etag is null)
            {
                // The grain re-registered or unregistered it meanwhile: follow the table.
                var row = await table.ReadRowAsync(entry.GrainId, entry.Name, CancellationToken.None).ConfigureAwait(false);
                if (row is null)
                {
                    Unschedule(entry.GrainId, entry.Name, scheduled);
                }
                else if (!scheduled.Cancelled)
                {
                    Schedule(row);
                }

                return;
            }

            acknowledged = acknowledged with { ETag = etag };
        }
        catch (Exception exception)
        {
            // The grain has the tick; if the silo stops before an acknowledgement is written, the
            // tick is delivered again after the restart (at least once).
            runtime.Logger.LogWarning(exception, "The acknowledgement of reminder {Name} of {GrainId} was not written.", entry.Name, entry.GrainId);
        }

        if (!scheduled.Cancelled)
        {
            Schedule(acknowledged);
        }
    }

    private sealed class Scheduled(ReminderEntry entry, int attempt)
    {
        public ReminderEntry Entry { get; } = entry;

        public int Attempt { get; } = attempt;

        public ReminderService? Service { get; set; }

        public ITimer? Timer { get; set; }

        public bool Delivering { get; set; }

        /// <summary>The tick is beyond the longest timer: this one only schedules again, closer to it.</summary>
        public bool WakeOnly { get; init; }

        /// <summary>When it was scheduled, in the service's count of schedulings.</summary>
        public long Generation { get; init; }

        public bool Cancelled { get; private set; }

        public void Cancel()
        {
            Cancelled = true;
            Timer?.Dispose();
        }
    }
}
