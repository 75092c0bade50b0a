using PartyActors.Runtime;

namespace PartyActors.Storage.Contract;

/// <summary>The <see cref="IReminderTable"/> contract: rows, ETag conditions, removal.</summary>
public abstract class ReminderTableContractTests
{
    private static readonly GrainId Grain = GrainId.Create("alarm", "r1");

    // Whole milliseconds: every store keeps at least that precision.
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 8, 30, 15, 123, TimeSpan.Zero);

    protected abstract Task<Action<ISiloBuilder>> CreateStoreAsync();

    [Fact]
    public async Task A_row_reads_back_as_written_by_grain_by_name_and_in_the_whole_table()
    {
        await using var store = await StoreHarness.StartAsync(await CreateStoreAsync());
        var entry = new ReminderEntry(Grain, "sla", Start, TimeSpan.FromMinutes(5), Start.AddMinutes(5), null);

        var etag = await store.Reminders.UpsertRowAsync(entry, default);
        await store.Reminders.UpsertRowAsync(entry with { GrainId = GrainId.Create("alarm", "r2"), Period = Timeout.InfiniteTimeSpan, LastDelivered = null }, default);

        var row = await store.Reminders.ReadRowAsync(Grain, "sla", default);
        Assert.NotNull(etag);
        Assert.Equal(entry with { ETag = etag }, row);
        Assert.Single(await store.Reminders.ReadRowsAsync(Grain, default));
        var all = await store.Reminders.ReadAllAsync(default);
        Assert.Equal(2, all.Count);
        Assert.Contains(all, r => r.Period == Timeout.InfiniteTimeSpan && r.LastDelivered is null);
        Assert.Null(await store.Reminders.ReadRowAsync(Grain, "absent", default));
    }

    [Fact]
    public async Task A_conditional_write_succeeds_only_with_the_current_etag()
    {
        await using var store = await StoreHarness.StartAsync(await CreateStoreAsync());
        var entry = new ReminderEntry(Grain, "sla", Start, TimeSpan.FromMinutes(1), null, null);
        var first = await store.Reminders.UpsertRowAsync(entry, default);

        var second = await store.Reminders.UpsertRowAsync(entry with { LastDelivered = Start, ETag = first }, default);
        var stale = await store.Reminders.UpsertRowAsync(entry with { LastDelivered = Start.AddMinutes(9), ETag = first }, default);
        var absent = await store.Reminders.UpsertRowAsync(entry with { Name = "none", ETag = first }, default);

        Assert.NotNull(second);
        Assert.NotEqual(first, second);
        Assert.Null(stale);
        Assert.Null(absent);
        Assert.Equal(Start, (await store.Reminders.ReadRowAsync(Grain, "sla", default))!.LastDelivered);
        Assert.Null(await store.Reminders.ReadRowAsync(Grain, "none", default));
    }

    [Fact]
    public async Task Removal_honours_the_etag_when_one_is_given()
    {
        await using var store = await StoreHarness.StartAsync(await CreateStoreAsync());
        var etag = await store.Reminders.UpsertRowAsync(new ReminderEntry(Grain, "sla", Start, TimeSpan.FromMinutes(1), null, null), default);

        Assert.False(await store.Reminders.RemoveRowAsync(Grain, "sla", "not-" + etag, default));
        Assert.True(await store.Reminders.RemoveRowAsync(Grain, "sla", etag, default));
        Assert.False(await store.Reminders.RemoveRowAsync(Grain, "sla", null, default));

        await store.Reminders.UpsertRowAsync(new ReminderEntry(Grain, "again", Start, TimeSpan.FromMinutes(1), null, null), default);
        Assert.True(await store.Reminders.RemoveRowAsync(Grain, "again", null, default));
        Assert.Empty(await store.Reminders.ReadAllAsync(default));
    }
}
