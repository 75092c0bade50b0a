using PartyActors.Runtime;

namespace PartyActors.Storage.Contract;

/// <summary>What grains see of the store across silo restarts: state, logs and reminders.</summary>
public abstract class DurableGrainContractTests
{
    protected abstract Task<Action<ISiloBuilder>> CreateStoreAsync();

    private static readonly Action<GrainRuntimeOptions> QuickRetries = o => o.ReminderMaxRetryDelay = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task State_and_log_survive_a_silo_restart()
    {
        var store = await CreateStoreAsync();
        var probe = new ContractProbe();
        await using (var cluster = await StoreHarness.StartClusterAsync(store, probe))
        {
            var ledger = cluster.GrainFactory.GetGrain<ILedgerGrain>("m-1");
            await ledger.Award(3, "volunteering");
            await ledger.Award(2, "meeting");
            await ledger.Award(-1, "correction");
        }

        await using (var cluster = await StoreHarness.StartClusterAsync(store, probe))
        {
            var ledger = cluster.GrainFactory.GetGrain<ILedgerGrain>("m-1");
            Assert.Equal(4, await ledger.Balance());
            Assert.Equal(4, await ledger.NextSequence());
            Assert.Equal(
                new[] { new LedgerEntry(3, "volunteering"), new LedgerEntry(2, "meeting"), new LedgerEntry(-1, "correction") },
                (await ledger.Entries(1, long.MaxValue)).ToArray());
            Assert.Equal(new[] { new LedgerEntry(2, "meeting") }, (await ledger.Entries(2, 3)).ToArray());
            Assert.Equal(5, await ledger.Award(1, "after restart"));
        }
    }

    [Fact]
    public async Task A_reminder_fires_after_a_restart_and_activates_its_grain()
    {
        var store = await CreateStoreAsync();
        var probe = new ContractProbe();
        await using (var cluster = await StoreHarness.StartClusterAsync(store, probe))
        {
            await cluster.GrainFactory.GetGrain<IAlarmGrain>("deadline").Set("sla", TimeSpan.FromSeconds(1.5), Timeout.InfiniteTimeSpan);
        }

        Assert.Empty(probe.Ticks);
        await using (var cluster = await StoreHarness.StartClusterAsync(store, probe))
        {
            Assert.Equal(0, cluster.Silo.ActivationCount);
            await StoreHarness.EventuallyAsync(() => !probe.Ticks.IsEmpty, "the reminder to fire");
            await Task.Delay(500);

            Assert.Single(probe.Ticks);
            Assert.Equal(("deadline", "sla"), (probe.Ticks.Single().Grain, probe.Ticks.Single().Reminder));
            Assert.Empty(await cluster.GrainFactory.GetGrain<IAlarmGrain>("deadline").Reminders());
        }
    }

    [Fact]
    public async Task A_periodic_reminder_keeps_ticking_across_a_restart_until_unregistered()
    {
        var store = await CreateStoreAsync();
        var probe = new ContractProbe();
        await using (var cluster = await StoreHarness.StartClusterAsync(store, probe))
        {
            await cluster.GrainFactory.GetGrain<IAlarmGrain>("p").Set("beat", TimeSpan.Zero, TimeSpan.FromMilliseconds(300));
            await StoreHarness.EventuallyAsync(() => probe.Ticks.Count >= 2, "two ticks");
        }

        var beforeRestart = probe.Ticks.Count;
        await using (var cluster = await StoreHarness.StartClusterAsync(store, probe))
        {
            await StoreHarness.EventuallyAsync(() => probe.Ticks.Count >= beforeRestart + 2, "two more ticks after the restart");
            var alarm = cluster.GrainFactory.GetGrain<IAlarmGrain>("p");
            Assert.Equal(new[] { "beat" }, (await alarm.Reminders()).ToArray());

            await alarm.Cancel("beat");
            await Task.Delay(400);
            var afterCancel = probe.Ticks.Count;
            await Task.Delay(900);
            Assert.Equal(afterCancel, probe.Ticks.Count);
        }

        var ticks = probe.Ticks.Select(t => t.Tick).ToArray();
        Assert.Equal(ticks.Distinct().Count(), ticks.Length);
        Assert.True(ticks.SequenceEqual(ticks.Order()), "ticks arrive in order");
    }

    [Fact]
    public async Task A_tick_the_grain_fails_to_take_is_delivered_again_until_it_is_taken()
    {
        var store = await CreateStoreAsync();
        var probe = new ContractProbe();
        probe.FailuresLeft["stubborn"] = 2;
        await using var cluster = await StoreHarness.StartClusterAsync(store, probe, QuickRetries);

        await cluster.GrainFactory.GetGrain<IAlarmGrain>("stubborn").Set("once", TimeSpan.FromMilliseconds(100), Timeout.InfiniteTimeSpan);

        await StoreHarness.EventuallyAsync(() => !probe.Ticks.IsEmpty, "delivery after two failures");
        Assert.Equal(0, probe.FailuresLeft["stubborn"]);
        await Task.Delay(1500);
        Assert.Single(probe.Ticks);
    }
}
