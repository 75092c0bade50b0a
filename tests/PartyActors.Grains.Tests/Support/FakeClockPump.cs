using Microsoft.Extensions.Time.Testing;

namespace PartyActors.Grains.Tests;

/// <summary>
/// Moving a test's fake clock until something the silo does on it has happened: the tests of
/// deadlines, reminders and retention all wait this way (reminders and grain timers run on the fake
/// clock, while Orleans' own housekeeping, such as the reminder service's list refresh, runs on the
/// real one, so the clock is stepped and the real time is let pass between steps).
/// </summary>
internal static class FakeClockPump
{
    /// <summary>
    /// Advances <paramref name="clock"/> by <paramref name="step"/> (10 ms unless given), 2 real ms
    /// apart, until <paramref name="condition"/> holds; fails after <paramref name="timeout"/> of real
    /// time (90 s: a safety net only, since a loaded CI machine pumps slowly).
    /// </summary>
    public static async Task PumpUntilAsync(FakeTimeProvider clock, Func<Task<bool>> condition, string what, TimeSpan? step = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            clock.Advance(step ?? TimeSpan.FromMilliseconds(10));
            await Task.Delay(2);
        }
    }

    /// <summary>
    /// Moves <paramref name="clock"/> to a minute before <paramref name="instant"/>, lets the reminder
    /// service (refreshing its list on the real clock) load what is due, then to a minute past it.
    /// </summary>
    public static async Task CrossAsync(FakeTimeProvider clock, DateTimeOffset instant)
    {
        clock.Advance(instant - clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        await Task.Delay(600);
        clock.Advance(TimeSpan.FromMinutes(2));
    }
}
