using Microsoft.Extensions.DependencyInjection;
using PartyActors.Runtime.Testing;
using PartyActors.Storage.Contract;

namespace PartyActors.Runtime.Tests;

/// <summary>Reminders further off than a timer can wait (about 49.7 days): retention deadlines, yearly reviews.</summary>
public sealed class LongReminderTests
{
    [Fact]
    public async Task A_reminder_due_beyond_the_longest_timer_fires_at_its_time_and_not_before()
    {
        var clock = new ManualTimeProvider();
        var probe = new ContractProbe();
        var store = await MemoryStore.CreateAsync();
        await using var cluster = await TestClusters.StartAsync(time: clock, silo: silo =>
        {
            silo.AddGrains<ContractProbe>();
            silo.Services.AddSingleton(probe);
            store(silo);
        });
        var alarm = cluster.GrainFactory.GetGrain<IAlarmGrain>("yearly");
        var registeredAt = clock.GetUtcNow();
        await alarm.Set("review", TimeSpan.FromDays(100), TimeSpan.FromDays(365));

        // Past two 30-day hops and the 49.7-day limit of one timer: still nothing.
        clock.Advance(TimeSpan.FromDays(99));
        await Task.Delay(100);
        Assert.Empty(probe.Ticks);

        // Exactly to the tick: a clock that jumped further would also expire the delivery call's deadline.
        clock.Advance(TimeSpan.FromDays(1));
        await TestClusters.EventuallyAsync(() => !probe.Ticks.IsEmpty, "the tick 100 days after registration");
        var tick = Assert.Single(probe.Ticks);
        Assert.Equal(("yearly", "review", registeredAt + TimeSpan.FromDays(100)), tick);
    }

    [Fact]
    public void The_test_clock_refuses_waits_a_system_timer_refuses()
    {
        var clock = new ManualTimeProvider();
        using var timer = clock.CreateTimer(_ => { }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Assert.Throws<ArgumentOutOfRangeException>(() => timer.Change(TimeSpan.FromDays(50), Timeout.InfiniteTimeSpan));
        Assert.True(timer.Change(TimeSpan.FromDays(49), Timeout.InfiniteTimeSpan));
    }
}
