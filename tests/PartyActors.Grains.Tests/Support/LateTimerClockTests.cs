using Microsoft.Extensions.Time.Testing;

namespace PartyActors.Grains.Tests;

/// <summary>
/// Why the harness gives Orleans' reminder service a <see cref="LateTimerClock"/>: the reminder
/// service's wait for an instant never ends on a test clock when the instant is a fraction of a
/// millisecond off the clock's steps, and it spins inside the test's <c>Advance</c>.
/// </summary>
public sealed class LateTimerClockTests
{
    /// <summary>The due instant of the hang dump: a first refresh 10.3486 ms after the clock's start, met by a 10 ms step.</summary>
    private static readonly TimeSpan Due = TimeSpan.FromTicks(103_486);

    /// <summary>Waits for <paramref name="due"/> as Orleans' <c>DelayUntilAsync</c> does, answering how many turns it took (null: it gave up).</summary>
    private static async Task<int?> WaitUntilAsync(TimeProvider clock, DateTimeOffset due, int maxTurns)
    {
        for (var turn = 1; turn <= maxTurns; turn++)
        {
            var remaining = due - clock.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return turn;
            }

            await Task.Delay(remaining, clock);
        }

        return null;
    }

    [Fact]
    public async Task A_wait_for_an_instant_off_the_clock_steps_spins_on_the_test_clock_and_ends_on_the_late_one()
    {
        var start = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

        // Task.Delay drops the 0.3486 ms: the timer fires at 10 ms, the clock stands still, and every
        // next delay is of 0 ms, done at once. The loop runs inside Advance until it gives up.
        var fake = new FakeTimeProvider(start);
        var onFake = WaitUntilAsync(fake, start + Due, maxTurns: 1_000);
        fake.Advance(TimeSpan.FromMilliseconds(10));
        Assert.True(onFake.IsCompleted);
        Assert.Null(await onFake);

        // A millisecond late, the timer fires past the instant.
        var clock = new FakeTimeProvider(start);
        var onLate = WaitUntilAsync(new LateTimerClock(clock), start + Due, maxTurns: 1_000);
        clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.False(onLate.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(2, await onLate);
    }
}
