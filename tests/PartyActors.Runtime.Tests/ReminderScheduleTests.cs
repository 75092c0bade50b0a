namespace PartyActors.Runtime.Tests;

/// <summary>Which tick a reminder delivers next: the rule behind "at least once, latest tick wins".</summary>
public sealed class ReminderScheduleTests
{
    private static readonly DateTimeOffset First = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly GrainId Grain = GrainId.Create("alarm", "a");

    private static DateTimeOffset? Next(TimeSpan period, DateTimeOffset? delivered, DateTimeOffset now) =>
        ReminderService.NextTick(new ReminderEntry(Grain, "r", First, period, delivered, "1"), now);

    [Fact]
    public void A_new_reminder_ticks_first_at_its_first_tick()
    {
        Assert.Equal(First, Next(TimeSpan.FromMinutes(10), null, First.AddMinutes(-5)));
        Assert.Equal(First, Next(Timeout.InfiniteTimeSpan, null, First.AddHours(3)));
    }

    [Fact]
    public void After_an_acknowledged_tick_the_next_is_one_period_later()
    {
        Assert.Equal(First.AddMinutes(20), Next(TimeSpan.FromMinutes(10), First.AddMinutes(10), First.AddMinutes(12)));
    }

    [Fact]
    public void Ticks_missed_while_down_coalesce_into_the_latest_one_due()
    {
        Assert.Equal(First.AddMinutes(50), Next(TimeSpan.FromMinutes(10), First.AddMinutes(10), First.AddMinutes(57)));
        Assert.Equal(First.AddMinutes(50), Next(TimeSpan.FromMinutes(10), null, First.AddMinutes(57)));
    }

    [Fact]
    public void A_once_reminder_has_nothing_after_its_acknowledged_tick()
    {
        Assert.Null(Next(Timeout.InfiniteTimeSpan, First, First.AddMinutes(1)));
    }

    [Fact]
    public void An_unacknowledged_tick_is_due_again()
    {
        // Delivered the 10-minute tick, not yet the 20-minute one, now 25 minutes in: the 20-minute tick.
        Assert.Equal(First.AddMinutes(20), Next(TimeSpan.FromMinutes(10), First.AddMinutes(10), First.AddMinutes(25)));
    }
}
