using System.Collections.Concurrent;
using System.Collections.Immutable;
using PartyActors.Runtime;

namespace PartyActors.Storage.Contract;

/// <summary>What the contract grains report to the test.</summary>
public sealed class ContractProbe
{
    public ConcurrentQueue<(string Grain, string Reminder, DateTimeOffset Tick)> Ticks { get; } = new();

    /// <summary>Reminder deliveries that should fail (grain key → failures left).</summary>
    public ConcurrentDictionary<string, int> FailuresLeft { get; } = new();
}

public sealed class Ledger
{
    public int Balance { get; set; }
}

public sealed record LedgerEntry(int Points, string Reason);

public interface ILedgerGrain : IGrainWithStringKey
{
    Task<int> Award(int points, string reason);

    Task<int> Balance();

    Task<ImmutableArray<LedgerEntry>> Entries(long fromSequence, long toSequence);

    Task<long> NextSequence();
}

/// <summary>A balance in state and every award in a log, as the points ledger will keep them.</summary>
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

    public async Task<ImmutableArray<LedgerEntry>> Entries(long fromSequence, long toSequence) =>
        [.. (await awards.ReadAsync(fromSequence, toSequence)).Select(r => r.Entry)];

    public Task<long> NextSequence() => Task.FromResult(awards.NextSequence);
}

public interface IAlarmGrain : IGrainWithStringKey, IRemindable
{
    Task Set(string name, TimeSpan dueTime, TimeSpan period);

    Task Cancel(string name);

    Task<ImmutableArray<string>> Reminders();
}

/// <summary>Records every reminder tick it receives; fails deliveries while the probe says so.</summary>
public sealed class AlarmGrain(ContractProbe probe) : Grain, IAlarmGrain
{
    public Task Set(string name, TimeSpan dueTime, TimeSpan period) => RegisterOrUpdateReminder(name, dueTime, period);

    public async Task Cancel(string name)
    {
        if (await GetReminder(name) is { } reminder)
        {
            await UnregisterReminder(reminder);
        }
    }

    public async Task<ImmutableArray<string>> Reminders() => [.. (await GetReminders()).Select(r => r.ReminderName).Order(StringComparer.Ordinal)];

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var key = GetPrimaryKeyString();
        if (probe.FailuresLeft.TryGetValue(key, out var left) && left > 0)
        {
            probe.FailuresLeft[key] = left - 1;
            throw new InvalidOperationException("not now");
        }

        probe.Ticks.Enqueue((key, reminderName, status.CurrentTickTime));
        return Task.CompletedTask;
    }
}
