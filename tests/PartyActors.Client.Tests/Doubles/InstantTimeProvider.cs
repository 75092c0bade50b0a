using System.Collections.Concurrent;

namespace PartyActors.Client.Tests;

/// <summary>
/// A clock standing still at <paramref name="now"/> whose timers fire at once, recording what they
/// were asked to wait: retry and polling waits are checked without the test waiting them out.
/// </summary>
internal sealed class InstantTimeProvider(DateTimeOffset now) : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> waits = new();

    public InstantTimeProvider()
        : this(new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero))
    {
    }

    public IReadOnlyList<TimeSpan> Waits => [.. waits];

    public override DateTimeOffset GetUtcNow() => now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        waits.Enqueue(dueTime);
        ThreadPool.QueueUserWorkItem(_ => callback(state));
        return new FiredTimer();
    }

    private sealed class FiredTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
