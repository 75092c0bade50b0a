using Microsoft.Extensions.DependencyInjection;

namespace PartyActors.Storage.Contract;

/// <summary>What grains see of the store across a silo restart: their state and their logs.</summary>
public abstract class DurableGrainContractTests
{
    /// <summary>
    /// A silo configuration registering a fresh, empty store as the "Default" grain storage and grain
    /// log storage. Each silo the test starts uses it again, so it must point at the same data.
    /// </summary>
    protected abstract Task<Action<ISiloBuilder>> CreateStoreAsync();

    [Fact]
    public async Task State_and_log_survive_a_silo_restart()
    {
        var store = await CreateStoreAsync();
        var probe = new ContractProbe();
        await using (var silo = await ContractSilo.StartAsync(store, s => s.Services.AddSingleton(probe)))
        {
            var ledger = silo.Grains.GetGrain<ILedgerGrain>("m-1");
            await ledger.Award(3, "volunteering");
            await ledger.Award(2, "meeting");
            await ledger.Award(-1, "correction");
        }

        await using (var silo = await ContractSilo.StartAsync(store, s => s.Services.AddSingleton(probe)))
        {
            var ledger = silo.Grains.GetGrain<ILedgerGrain>("m-1");
            Assert.Equal(4, await ledger.Balance());
            Assert.Equal(4, await ledger.NextSequence());
            Assert.Equal(
                [new LedgerEntry(3, "volunteering"), new LedgerEntry(2, "meeting"), new LedgerEntry(-1, "correction")],
                await ledger.Entries(1, long.MaxValue));
            Assert.Equal([new LedgerEntry(2, "meeting")], await ledger.Entries(2, 3));
            Assert.Equal(5, await ledger.Award(1, "after restart"));
            Assert.Equal(0, await silo.Grains.GetGrain<ILedgerGrain>("m-2").Balance());
        }
    }
}

/// <summary>
/// What grains see of the reminder table across a silo restart. Orleans reminders have no one-shot
/// kind and a one-minute minimum period: the silos here lower the minimum (as tests may), and a
/// one-shot deadline is a reminder its grain unregisters on the first tick.
/// </summary>
public abstract class DurableReminderContractTests
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A silo configuration making a fresh, empty store the silo's reminder table (and, where the
    /// store has them, its grain storage). Each silo the test starts uses it again.
    /// </summary>
    protected abstract Task<Action<ISiloBuilder>> CreateStoreAsync();

    private static Task<ContractSilo> StartAsync(Action<ISiloBuilder> store, ContractProbe probe) =>
        ContractSilo.StartAsync(store, silo =>
        {
            silo.Services.AddSingleton(probe);
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = Period);
        });

    [Fact]
    public async Task A_reminder_fires_after_a_restart_and_activates_its_grain()
    {
        var store = await CreateStoreAsync();
        var probe = new ContractProbe();
        probe.OneShot["sla"] = true;
        await using (var silo = await StartAsync(store, probe))
        {
            // Due after the silo has stopped: a graceful stop takes well under a second, even on a busy machine.
            await silo.Grains.GetGrain<IAlarmGrain>("deadline").Set("sla", TimeSpan.FromSeconds(3), Period);
        }

        Assert.Empty(probe.Ticks);
        probe.Activations.Clear();
        await using (var silo = await StartAsync(store, probe))
        {
            // Nothing calls the grain: the reminder service alone brings it back.
            await ContractSilo.EventuallyAsync(() => !probe.Ticks.IsEmpty, "the reminder to fire");
            Assert.Equal(["deadline"], probe.Activations);
            await Task.Delay(Period * 3);

            var tick = Assert.Single(probe.Ticks);
            Assert.Equal(("deadline", "sla"), (tick.Grain, tick.Reminder));
            Assert.Empty(await silo.Grains.GetGrain<IAlarmGrain>("deadline").Reminders());
        }
    }

    [Fact]
    public async Task A_periodic_reminder_keeps_ticking_across_a_restart_until_unregistered()
    {
        var store = await CreateStoreAsync();
        var probe = new ContractProbe();
        await using (var silo = await StartAsync(store, probe))
        {
            await silo.Grains.GetGrain<IAlarmGrain>("p").Set("beat", TimeSpan.Zero, Period);
            await ContractSilo.EventuallyAsync(() => probe.Ticks.Count >= 2, "two ticks");
        }

        var beforeRestart = probe.Ticks.Count;
        await using (var silo = await StartAsync(store, probe))
        {
            await ContractSilo.EventuallyAsync(() => probe.Ticks.Count >= beforeRestart + 2, "two more ticks after the restart");
            var alarm = silo.Grains.GetGrain<IAlarmGrain>("p");
            Assert.Equal(["beat"], await alarm.Reminders());

            await alarm.Cancel("beat");
            await Task.Delay(Period);
            var afterCancel = probe.Ticks.Count;
            await Task.Delay(Period * 3);
            Assert.Equal(afterCancel, probe.Ticks.Count);
        }

        var ticks = probe.Ticks.Select(t => t.Tick).ToArray();
        Assert.Equal(ticks.Distinct().Count(), ticks.Length);
        Assert.True(ticks.SequenceEqual(ticks.Order()), "ticks arrive in order");
    }

    [Fact]
    public async Task A_tick_the_grain_fails_to_take_does_not_stop_the_reminder()
    {
        var store = await CreateStoreAsync();
        var probe = new ContractProbe();
        probe.FailuresLeft["stubborn"] = 2;
        await using var silo = await StartAsync(store, probe);

        await silo.Grains.GetGrain<IAlarmGrain>("stubborn").Set("beat", TimeSpan.FromMilliseconds(100), Period);

        // Orleans does not deliver a failed tick again: the next period's tick is the next chance.
        await ContractSilo.EventuallyAsync(() => !probe.Ticks.IsEmpty, "a tick after two failures");
        Assert.Equal(0, probe.FailuresLeft["stubborn"]);
        Assert.Equal(["beat"], await silo.Grains.GetGrain<IAlarmGrain>("stubborn").Reminders());
    }
}
