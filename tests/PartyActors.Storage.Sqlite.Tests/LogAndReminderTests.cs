using System.Text;
using Orleans.Storage;

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

    // Not whole milliseconds: this store keeps every tick.
    private static readonly DateTime First = new DateTime(2026, 11, 22, 0, 30, 0, 123, DateTimeKind.Utc).AddTicks(7);

    private static ReminderEntry Entry(string name, TimeSpan period, DateTime? start = null) =>
        new() { GrainId = Grain, ReminderName = name, StartAt = start ?? First, Period = period };

    [Fact]
    public async Task Etags_are_row_versions_and_start_times_keep_every_tick()
    {
        await using var store = new TestStore();
        await store.Reminders.StartAsync();

        Assert.Equal("1", await store.Reminders.UpsertRow(Entry("daily", TimeSpan.FromHours(24))));
        var read = await store.Reminders.ReadRow(Grain, "daily");
        Assert.NotNull(read);
        Assert.Equal(First, read.StartAt);
        Assert.Equal(DateTimeKind.Utc, read.StartAt.Kind);
        Assert.Equal(TimeSpan.FromHours(24), read.Period);
        Assert.Equal("1", read.ETag);

        Assert.Equal("2", await store.Reminders.UpsertRow(Entry("daily", TimeSpan.FromHours(12))));
        Assert.False(await store.Reminders.RemoveRow(Grain, "daily", "1"));
        Assert.False(await store.Reminders.RemoveRow(Grain, "daily", "garbage"));
        Assert.True(await store.Reminders.RemoveRow(Grain, "daily", "2"));
        Assert.Null(await store.Reminders.ReadRow(Grain, "daily"));

        // A name registered again is a new row.
        Assert.Equal("1", await store.Reminders.UpsertRow(Entry("daily", TimeSpan.FromHours(24))));
    }

    [Fact]
    public async Task A_start_time_without_a_kind_is_taken_as_utc_and_a_local_one_keeps_its_instant()
    {
        await using var store = new TestStore();
        var unspecified = DateTime.SpecifyKind(First, DateTimeKind.Unspecified);
        var local = First.ToLocalTime();

        await store.Reminders.UpsertRow(Entry("unspecified", TimeSpan.FromMinutes(1), unspecified));
        await store.Reminders.UpsertRow(Entry("local", TimeSpan.FromMinutes(1), local));

        Assert.Equal(First, (await store.Reminders.ReadRow(Grain, "unspecified"))!.StartAt);
        Assert.Equal(First, (await store.Reminders.ReadRow(Grain, "local"))!.StartAt);
    }

    [Fact]
    public async Task Rows_are_read_per_grain_in_name_order()
    {
        await using var store = new TestStore();
        var other = GrainId.Create("grid", "g2");
        await store.Reminders.UpsertRow(Entry("once", TimeSpan.FromMinutes(1)));
        await store.Reminders.UpsertRow(Entry("hourly", TimeSpan.FromHours(1)));
        await store.Reminders.UpsertRow(new ReminderEntry { GrainId = other, ReminderName = "hourly", StartAt = First, Period = TimeSpan.FromHours(1) });

        Assert.Equal(["hourly", "once"], (await store.Reminders.ReadRows(Grain)).Reminders.Select(r => r.ReminderName));
        Assert.Equal(3, (await store.Reminders.ReadRows(0u, 0u)).Reminders.Count);
    }
}
