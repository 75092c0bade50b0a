using PartyActors.Runtime;

namespace PartyActors.Storage.Postgres.Tests;

[Collection(PostgresCollection.Name)]
public sealed class ReminderTableTests(PostgresFixture fixture) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 8, 30, 0, TimeSpan.FromHours(8));
    private Providers _providers = null!;

    public async Task InitializeAsync() => _providers = new Providers(await fixture.CreateDatabaseAsync("reminders"));

    public async Task DisposeAsync() => await _providers.DisposeAsync();

    private IReminderTable Table => _providers.Reminders;

    private static GrainId Id(string key) => GrainId.Create("request", key);

    [Fact]
    public async Task Rows_are_inserted_read_updated_and_removed_under_etag_conditions()
    {
        var entry = new ReminderEntry(Id("r1"), "sla", T0, TimeSpan.FromMinutes(5), null, null);
        var etag1 = await Table.UpsertRowAsync(entry, default);
        Assert.NotNull(etag1);

        var read = await Table.ReadRowAsync(Id("r1"), "sla", default);
        Assert.NotNull(read);
        Assert.Equal(T0, read.FirstTick);
        Assert.Equal(TimeSpan.FromMinutes(5), read.Period);
        Assert.Null(read.LastDelivered);
        Assert.Equal(etag1, read.ETag);

        // Conditional update with the current ETag succeeds and changes it.
        var delivered = read with { LastDelivered = T0.AddMinutes(5) };
        var etag2 = await Table.UpsertRowAsync(delivered, default);
        Assert.NotNull(etag2);
        Assert.NotEqual(etag1, etag2);
        Assert.Equal(T0.AddMinutes(5), (await Table.ReadRowAsync(Id("r1"), "sla", default))!.LastDelivered);

        // The old ETag no longer matches: no write, null returned.
        Assert.Null(await Table.UpsertRowAsync(read with { Period = TimeSpan.FromHours(1) }, default));
        Assert.Equal(TimeSpan.FromMinutes(5), (await Table.ReadRowAsync(Id("r1"), "sla", default))!.Period);

        // Unconditional write replaces whatever is there.
        var etag3 = await Table.UpsertRowAsync(entry with { Period = TimeSpan.FromHours(1) }, default);
        Assert.NotNull(etag3);
        Assert.Equal(TimeSpan.FromHours(1), (await Table.ReadRowAsync(Id("r1"), "sla", default))!.Period);

        Assert.False(await Table.RemoveRowAsync(Id("r1"), "sla", etag2, default));
        Assert.True(await Table.RemoveRowAsync(Id("r1"), "sla", etag3, default));
        Assert.Null(await Table.ReadRowAsync(Id("r1"), "sla", default));
        Assert.False(await Table.RemoveRowAsync(Id("r1"), "sla", null, default));
    }

    [Fact]
    public async Task A_conditional_upsert_of_a_removed_row_fails()
    {
        var etag = await Table.UpsertRowAsync(new ReminderEntry(Id("r2"), "once", T0, Timeout.InfiniteTimeSpan, null, null), default);
        Assert.Equal(Timeout.InfiniteTimeSpan, (await Table.ReadRowAsync(Id("r2"), "once", default))!.Period);
        Assert.True(await Table.RemoveRowAsync(Id("r2"), "once", null, default));
        Assert.Null(await Table.UpsertRowAsync(new ReminderEntry(Id("r2"), "once", T0, Timeout.InfiniteTimeSpan, null, etag), default));
        Assert.Null(await Table.ReadRowAsync(Id("r2"), "once", default));
    }

    [Fact]
    public async Task Rows_are_read_per_grain_and_all_together()
    {
        await Table.UpsertRowAsync(new ReminderEntry(Id("g1"), "a", T0, TimeSpan.FromSeconds(90), null, null), default);
        await Table.UpsertRowAsync(new ReminderEntry(Id("g1"), "b", T0, TimeSpan.FromSeconds(90), null, null), default);
        await Table.UpsertRowAsync(new ReminderEntry(Id("g2"), "a", T0, TimeSpan.FromSeconds(90), T0, null), default);
        Assert.Equal(["a", "b"], (await Table.ReadRowsAsync(Id("g1"), default)).Select(r => r.Name));
        var all = await Table.ReadAllAsync(default);
        Assert.Equal(3, all.Count);
        Assert.Contains(all, r => r.GrainId == Id("g2") && r.LastDelivered == T0);
        Assert.Empty(await Table.ReadRowsAsync(Id("none"), default));
    }
}
