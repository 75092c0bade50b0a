using System.Collections.Concurrent;

namespace PartyActors.Storage.Contract;

/// <summary>What the contract grains report to the test (a silo singleton shared with the test, so it outlives silo restarts).</summary>
public sealed class ContractProbe
{
    public ConcurrentQueue<(string Grain, string Reminder, DateTime Tick)> Ticks { get; } = new();

    /// <summary>Keys of the alarm grains activated, in order.</summary>
    public ConcurrentQueue<string> Activations { get; } = new();

    /// <summary>Reminder deliveries that should fail (grain key → failures left).</summary>
    public ConcurrentDictionary<string, int> FailuresLeft { get; } = new();

    /// <summary>Reminders the grain unregisters on their first tick, as a one-shot deadline does.</summary>
    public ConcurrentDictionary<string, bool> OneShot { get; } = new();
}

public sealed class Ledger
{
    public int Balance { get; set; }
}

[GenerateSerializer, Immutable, Alias("contract.LedgerEntry")]
public sealed record LedgerEntry([property: Id(0)] int Points, [property: Id(1)] string Reason);

[Alias("contract.ILedgerGrain")]
public interface ILedgerGrain : IGrainWithStringKey
{
    Task<int> Award(int points, string reason);

    Task<int> Balance();

    Task<LedgerEntry[]> Entries(long fromSequence, long toSequence);

    Task<long> NextSequence();
}

/// <summary>A balance in state and every award in a log, as the points ledger keeps them.</summary>
public sealed class LedgerGrain(
    [PersistentState("ledger")] IPersistentState<Ledger> ledger,
    [PersistentLog("awards")] IGrainLog<LedgerEntry> awards) : Grain, ILedgerGrain
{
    public async Task<int> Award(int points, string reason)
    {
        await awards.AppendAsync([new LedgerEntry(points, reason)]);
        ledger.State.Balance += points;
        await ledger.WriteStateAsync();
        return ledger.State.Balance;
    }

    public Task<int> Balance() => Task.FromResult(ledger.State.Balance);

    public async Task<LedgerEntry[]> Entries(long fromSequence, long toSequence) =>
        [.. (await awards.ReadAsync(fromSequence, toSequence)).Select(r => r.Entry)];

    public Task<long> NextSequence() => Task.FromResult(awards.NextSequence);
}

[Alias("contract.IAlarmGrain")]
public interface IAlarmGrain : IGrainWithStringKey, IRemindable
{
    Task Set(string name, TimeSpan dueTime, TimeSpan period);

    Task Cancel(string name);

    Task<string[]> Reminders();
}

/// <summary>Records every reminder tick it receives; fails deliveries while the probe says so.</summary>
public sealed class AlarmGrain(ContractProbe probe) : Grain, IAlarmGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Activations.Enqueue(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public Task Set(string name, TimeSpan dueTime, TimeSpan period) => this.RegisterOrUpdateReminder(name, dueTime, period);

    public async Task Cancel(string name)
    {
        if (await this.GetReminder(name) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public async Task<string[]> Reminders() => [.. (await this.GetReminders()).Select(r => r.ReminderName).Order(StringComparer.Ordinal)];

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var key = this.GetPrimaryKeyString();
        if (probe.FailuresLeft.TryGetValue(key, out var left) && left > 0)
        {
            probe.FailuresLeft[key] = left - 1;
            throw new InvalidOperationException("not now");
        }

        probe.Ticks.Enqueue((key, reminderName, status.CurrentTickTime));
        if (probe.OneShot.ContainsKey(reminderName))
        {
            await Cancel(reminderName);
        }
    }
}
