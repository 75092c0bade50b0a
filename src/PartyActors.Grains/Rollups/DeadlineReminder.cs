using Microsoft.Extensions.Logging;

namespace PartyActors.Grains;

/// <summary>
/// The durable deadline of a roll-up source (see docs/rollups.md, "Sources with deadlines: one
/// protocol"): one Orleans reminder that ticks at the next deadline, its first wait capped at
/// <see cref="MaxFirstWait"/> (deadlines may be months away, timers cannot wait that long; an early
/// tick registers it again for the time left), then every retry period until the source's catch-up
/// succeeds and removes it. Reminders are best effort, so the source also catches up on every
/// activation: whatever passed its deadline while no silo ran is caught up on first sight.
/// </summary>
/// <param name="grain">The source that owns the reminder.</param>
/// <param name="name">The reminder's name, as registered by the stores this code writes (never renamed).</param>
/// <param name="retryPeriod">How often it ticks again after the first tick.</param>
internal sealed class DeadlineReminder(IGrainBase grain, string name, TimeSpan retryPeriod, TimeProvider time, ILogger logger)
{
    /// <summary>The longest first wait: about three weeks, under what a timer can wait, and a tick too early costs only a registration.</summary>
    public static readonly TimeSpan MaxFirstWait = TimeSpan.FromDays(20);

    /// <summary>The wait from <paramref name="now"/> until <paramref name="deadline"/>, between zero and <see cref="MaxFirstWait"/>.</summary>
    public static TimeSpan FirstWait(DateTimeOffset deadline, DateTimeOffset now)
    {
        var wait = deadline - now;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxFirstWait ? MaxFirstWait : wait;
    }

    /// <summary>Registers (or moves) the reminder to tick at <paramref name="deadline"/>, or after <see cref="MaxFirstWait"/> if that is sooner.</summary>
    public Task ScheduleAsync(DateTimeOffset deadline) => grain.RegisterOrUpdateReminder(name, FirstWait(deadline, time.GetUtcNow()), retryPeriod);

    /// <summary>Removes the reminder when nothing is left to wait for; a failure is logged (its next tick finds nothing to do and tries again).</summary>
    public async Task ForgetAsync()
    {
        try
        {
            if (await grain.GetReminder(name) is { } reminder)
            {
                await grain.UnregisterReminder(reminder);
            }
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "{GrainId} could not remove its reminder {Reminder}.", grain.GrainContext.GrainId, name);
        }
    }

    /// <summary>
    /// Runs <paramref name="catchUp"/> for an activation of an existing source. A failure is logged, not
    /// thrown: reads still answer from the stored state, and the reminder tries again.
    /// </summary>
    public async Task CatchUpOnActivationAsync(Func<Task> catchUp)
    {
        try
        {
            await catchUp();
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "{GrainId} could not catch up with its deadline on activation.", grain.GrainContext.GrainId);
        }
    }

    /// <summary>A tick: a source that does not exist (its first write failed after the reminder was registered) removes it; any other catches up.</summary>
    public Task TickAsync(bool exists, Func<Task> catchUp) => exists ? catchUp() : ForgetAsync();
}
