using PartyActors.Runtime.Testing;
using PartyActors.Runtime.Tests.Grains;

namespace PartyActors.Runtime.Tests;

public sealed class TimerTests
{
    [Fact]
    public async Task Timer_ticks_never_overlap_a_request_or_each_other()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ITimerGrain>("t");
        await grain.Start(TimeSpan.FromMilliseconds(1), keepAlive: false);

        var callers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                await grain.Busy(yields: 3);
            }
        }));
        await Task.WhenAll(callers);
        await TestClusters.EventuallyAsync(() => grain.Report().Result.Ticks >= 20, "at least 20 ticks");

        var report = await grain.Report();
        Assert.Equal(0, report.Overlaps);
        Assert.Equal(1, report.MaxTicksInside);
    }

    [Fact]
    public async Task A_change_made_while_a_tick_runs_takes_effect_when_it_ends()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IRearmTimerGrain>("rearm");
        await grain.Start();
        await TestClusters.EventuallyAsync(() => grain.Ticks().Result == 1, "the first tick");

        // The tick is inside (waiting for the gate) when the interleaving request re-arms the timer.
        await grain.Rearm();
        await Task.Delay(50);
        Assert.Equal(1, await grain.Ticks());
        await grain.Release();

        await TestClusters.EventuallyAsync(() => grain.Ticks().Result == 2, "the tick asked for while the first ran");
        await grain.Release();
        await Task.Delay(100);
        Assert.Equal(2, await grain.Ticks());
    }

    [Fact]
    public async Task Timer_ticks_follow_the_clock_and_stop_with_the_activation()
    {
        var probe = new Probe();
        var clock = new ManualTimeProvider();
        await using var cluster = await TestClusters.StartAsync(probe, clock, o => o.CollectionQuantum = TimeSpan.FromMinutes(1));
        var grain = cluster.GrainFactory.GetGrain<ITimerGrain>("clock");
        await grain.Start(TimeSpan.FromSeconds(10), keepAlive: false);

        for (var i = 1; i <= 3; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(10));

            // Report is a request, so it runs after the tick's turn, which sets the next due time.
            await TestClusters.EventuallyAsync(() => grain.Report().Result.Ticks == i, $"tick {i}");
        }

        // Ticks without KeepAlive do not count as activity: the grain is collected after 15 minutes.
        for (var i = 0; i < 200 && probe.Count("timer.deactivated") == 0; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(5);
        }

        await TestClusters.EventuallyAsync(() => probe.Count("timer.deactivated") == 1, "collection");
        var ticksAtDeactivation = probe.Count("timer.tick");
        clock.Advance(TimeSpan.FromMinutes(5));
        await Task.Delay(50);

        Assert.Equal(ticksAtDeactivation, probe.Count("timer.tick"));
        Assert.Equal(0, cluster.Silo.ActivationCount);
    }

    [Fact]
    public async Task A_keep_alive_timer_keeps_its_activation_from_idle_collection()
    {
        var probe = new Probe();
        var clock = new ManualTimeProvider();
        await using var cluster = await TestClusters.StartAsync(probe, clock, o => o.CollectionQuantum = TimeSpan.FromMinutes(1));
        var grain = cluster.GrainFactory.GetGrain<ITimerGrain>("alive");
        await grain.Start(TimeSpan.FromMinutes(1), keepAlive: true);

        for (var minute = 0; minute < 40; minute++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await TestClusters.EventuallyAsync(() => grain.Report().Result.Ticks > minute, $"tick at minute {minute + 1}");
        }

        Assert.Equal(0, probe.Count("timer.deactivated"));
    }

    [Fact]
    public async Task A_disposed_timer_ticks_no_more()
    {
        var probe = new Probe();
        var clock = new ManualTimeProvider();
        await using var cluster = await TestClusters.StartAsync(probe, clock);
        var grain = cluster.GrainFactory.GetGrain<ITimerGrain>("stop");
        await grain.Start(TimeSpan.FromSeconds(1), keepAlive: false);
        clock.Advance(TimeSpan.FromSeconds(1));
        await TestClusters.EventuallyAsync(() => grain.Report().Result.Ticks == 1, "the first tick");

        await grain.StopTimer();
        clock.Advance(TimeSpan.FromSeconds(30));
        await Task.Delay(50);

        Assert.Equal(1, probe.Count("timer.tick"));
    }
}
