using System.Text;
using PartyActors.Runtime;

namespace PartyActors.Storage.Sqlite.Tests;

public sealed class GrainLogStorageTests
{
    private static readonly GrainId Grain = GrainId.Create("ledger", "m1");

    private static ReadOnlyMemory<byte>[] Entries(params int[] values) =>
        [.. values.Select(v => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes($"{{\"points\":{v}}}"))];

    [Fact]
    public async Task Appends_get_consecutive_sequences_from_one_and_read_back_by_range()
    {
        await using var store = new TestStore();
        Assert.Equal(1, await store.Logs.GetNextSequenceAsync("points", Grain, default));

        Assert.Equal(1, await store.Logs.AppendAsync("points", Grain, Entries(10, 20), expectedNextSequence: 1, default));
        Assert.Equal(3, await store.Logs.AppendAsync("points", Grain, Entries(30), expectedNextSequence: null, default));
        Assert.Equal(4, await store.Logs.GetNextSequenceAsync("points", Grain, default));
        Assert.Equal(1, await store.Logs.GetNextSequenceAsync("other", Grain, default));

        var range = await store.Logs.ReadAsync("points", Grain, 2, 4, default);
        Assert.Equal([2L, 3L], range.Select(e => e.Sequence));
        Assert.Equal("{\"points\":20}", Encoding.UTF8.GetString(range[0].Json.Span));
        Assert.True(range[0].At > DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Empty(await store.Logs.ReadAsync("points", Grain, 4, 10, default));
        Assert.Equal(3, (await store.Logs.ReadAsync("points", Grain, 0, long.MaxValue, default)).Count);
    }

    [Fact]
    public async Task A_wrong_expected_sequence_conflicts_and_writes_nothing()
    {
        await using var store = new TestStore();
        await store.Logs.AppendAsync("points", Grain, Entries(1, 2), 1, default);

        await Assert.ThrowsAsync<InconsistentStateException>(() => store.Logs.AppendAsync("points", Grain, Entries(3, 4), 1, default));
        Assert.Equal(3, await store.Logs.GetNextSequenceAsync("points", Grain, default));
        Assert.Equal(3, await store.Logs.AppendAsync("points", Grain, Entries(3), 3, default));
    }

    [Fact]
    public async Task Concurrent_appends_to_one_log_in_one_batch_stay_consecutive()
    {
        await using var store = new TestStore(options => options.GroupCommit.MaxDelay = TimeSpan.FromMilliseconds(20));
        var firsts = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => store.Logs.AppendAsync("points", Grain, Entries(i, i), null, default))));

        Assert.Equal(Enumerable.Range(0, 40).Select(i => 1L + (2 * i)), firsts.Order());
        var all = await store.Logs.ReadAsync("points", Grain, 1, 81, default);
        Assert.Equal(Enumerable.Range(1, 80).Select(i => (long)i), all.Select(e => e.Sequence));
    }
}

public sealed class ReminderTableTests
{
    private static readonly GrainId Grain = GrainId.Create("grid", "g1");
    private static readonly DateTimeOffset First = new(2026, 11, 22, 8, 30, 0, 123, TimeSpan.FromHours(8));

    [Fact]
    public async Task Reminders_round_trip_with_etag_conditions()
    {
        await using var store = new TestStore();
        var entry = new ReminderEntry(Grain, "daily", First.AddTicks(7), TimeSpan.FromHours(24), null, null);

        var etag1 = await store.Reminders.UpsertRowAsync(entry, default);
        Assert.Equal("1", etag1);
        var read = await store.Reminders.ReadRowAsync(Grain, "daily", default);
        Assert.Equal(entry with { ETag = "1" }, read);

        var delivered = First.AddDays(1);
        var etag2 = await store.Reminders.UpsertRowAsync(entry with { LastDelivered = delivered, ETag = etag1 }, default);
        Assert.Equal("2", etag2);
        Assert.Null(await store.Reminders.UpsertRowAsync(entry with { ETag = etag1 }, default));
        Assert.Equal(delivered, (await store.Reminders.ReadRowAsync(Grain, "daily", default))!.LastDelivered);

        // Unconditional upsert replaces whatever is there.
        Assert.Equal("3", await store.Reminders.UpsertRowAsync(entry, default));

        Assert.False(await store.Reminders.RemoveRowAsync(Grain, "daily", etag2, default));
        Assert.True(await store.Reminders.RemoveRowAsync(Grain, "daily", "3", default));
        Assert.Null(await store.Reminders.ReadRowAsync(Grain, "daily", default));
        Assert.False(await store.Reminders.RemoveRowAsync(Grain, "daily", null, default));

        // A conditional upsert of a removed row fails rather than resurrecting it.
        Assert.Null(await store.Reminders.UpsertRowAsync(entry with { ETag = "3" }, default));
        Assert.Null(await store.Reminders.UpsertRowAsync(entry with { ETag = "garbage" }, default));
    }

    [Fact]
    public async Task Rows_are_read_per_grain_and_all_and_one_shot_reminders_keep_an_infinite_period()
    {
        await using var store = new TestStore();
        var other = GrainId.Create("grid", "g2");
        await store.Reminders.UpsertRowAsync(new ReminderEntry(Grain, "once", First, Timeout.InfiniteTimeSpan, null, null), default);
        await store.Reminders.UpsertRowAsync(new ReminderEntry(Grain, "hourly", First, TimeSpan.FromHours(1), null, null), default);
        await store.Reminders.UpsertRowAsync(new ReminderEntry(other, "hourly", First, TimeSpan.FromHours(1), null, null), default);

        var mine = await store.Reminders.ReadRowsAsync(Grain, default);
        Assert.Equal(["hourly", "once"], mine.Select(r => r.Name));
        Assert.Equal(Timeout.InfiniteTimeSpan, mine[1].Period);
        Assert.Equal(3, (await store.Reminders.ReadAllAsync(default)).Count);
        Assert.True(await store.Reminders.RemoveRowAsync(other, "hourly", null, default));
        Assert.Equal(2, (await store.Reminders.ReadAllAsync(default)).Count);
    }
}
