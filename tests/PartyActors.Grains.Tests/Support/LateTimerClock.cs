namespace PartyActors.Grains.Tests;

/// <summary>
/// A test's clock as Orleans' reminder service sees it: the same time, but every timer fires one
/// millisecond after it is due.
/// <para>
/// Why: the reminder service waits for an instant in a loop (Orleans' <c>DelayUntilAsync</c>:
/// remaining = due − now, then <c>Task.Delay(remaining)</c>), and <c>Task.Delay</c> drops the
/// fraction of a millisecond. On a <c>FakeTimeProvider</c> the timer then fires just before the
/// instant, the clock stands still while the callback runs, the next <c>Task.Delay</c> is of zero
/// milliseconds and completes at once, and the loop spins for ever on the thread that moved the clock:
/// the test's, inside <c>Advance</c>, past any timeout the test keeps. A first refresh of the reminder
/// list at a random stagger (a fraction of a millisecond off the test's 10 ms steps) did exactly that:
/// <c>CoBuildingTests</c>' crash catch-up test hung with due − now = 0.35 ms (hang dump, issue 17).
/// A millisecond late is within what a reminder promises (it is best effort), and it ends the loop.
/// </para>
/// </summary>
internal sealed class LateTimerClock(TimeProvider inner) : TimeProvider
{
    private static readonly TimeSpan Late = TimeSpan.FromMilliseconds(1);

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new LateTimer(inner.CreateTimer(callback, state, LateBy(dueTime), period));

    private static TimeSpan LateBy(TimeSpan dueTime) => dueTime == Timeout.InfiniteTimeSpan ? dueTime : dueTime + Late;

    private sealed class LateTimer(ITimer timer) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => timer.Change(LateBy(dueTime), period);

        public void Dispose() => timer.Dispose();

        public ValueTask DisposeAsync() => timer.DisposeAsync();
    }
}
