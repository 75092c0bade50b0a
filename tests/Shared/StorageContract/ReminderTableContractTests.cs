namespace PartyActors.Storage.Contract;

/// <summary>
/// The Orleans <see cref="IReminderTable"/> contract, as Orleans' reminder service uses it: an upsert
/// always writes and returns the row's new ETag; a removal needs the current ETag; each silo reads
/// the rows whose grain hash falls in its share of the ring, <c>(begin, end]</c>, wrapping past the
/// top when <c>begin &gt;= end</c>.
/// </summary>
public abstract class ReminderTableContractTests
{
    private static readonly GrainId Grain = GrainId.Create("alarm", "r1");

    // Whole milliseconds: every store keeps at least that precision.
    private static readonly DateTime Start = new(2026, 11, 22, 8, 30, 15, 123, DateTimeKind.Utc);

    /// <summary>A silo configuration making a fresh, empty store the silo's reminder table.</summary>
    protected abstract Task<Action<ISiloBuilder>> CreateStoreAsync();

    private static ReminderEntry Entry(GrainId grain, string name, TimeSpan? period = null, DateTime? start = null) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = start ?? Start,
        Period = period ?? TimeSpan.FromMinutes(5),
    };

    [Fact]
    public async Task A_row_reads_back_as_written_by_name_by_grain_and_in_the_whole_ring()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());
        var other = GrainId.Create("alarm", "r2");

        var etag = await silo.Reminders.UpsertRow(Entry(Grain, "sla"));
        await silo.Reminders.UpsertRow(Entry(Grain, "daily", TimeSpan.FromDays(1), Start.AddHours(1)));
        await silo.Reminders.UpsertRow(Entry(other, "sla", TimeSpan.FromMinutes(1)));

        Assert.NotNull(etag);
        var row = await silo.Reminders.ReadRow(Grain, "sla");
        Assert.NotNull(row);
        Assert.Equal(Grain, row.GrainId);
        Assert.Equal("sla", row.ReminderName);
        Assert.Equal(Start, row.StartAt);
        Assert.Equal(TimeSpan.FromMinutes(5), row.Period);
        Assert.Equal(etag, row.ETag);

        var mine = await silo.Reminders.ReadRows(Grain);
        Assert.Equal(["daily", "sla"], mine.Reminders.Select(r => r.ReminderName).Order(StringComparer.Ordinal));
        var daily = mine.Reminders.Single(r => r.ReminderName == "daily");
        Assert.Equal((Start.AddHours(1), TimeSpan.FromDays(1)), (daily.StartAt, daily.Period));

        // begin == end is the whole ring: what a lone silo reads.
        var all = await silo.Reminders.ReadRows(0u, 0u);
        Assert.Equal(3, all.Reminders.Count);
        Assert.Contains(all.Reminders, r => r.GrainId == other && r.Period == TimeSpan.FromMinutes(1));

        Assert.Null(await silo.Reminders.ReadRow(Grain, "absent"));
        Assert.Null(await silo.Reminders.ReadRow(GrainId.Create("alarm", "nobody"), "sla"));
        Assert.Empty((await silo.Reminders.ReadRows(GrainId.Create("alarm", "nobody"))).Reminders);
    }

    [Fact]
    public async Task Chinese_grain_keys_and_reminder_names_round_trip()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());
        var grain = GrainId.Create("roster", "江岸区-名册批次-001");

        var etag = await silo.Reminders.UpsertRow(Entry(grain, "到期清理"));

        var row = await silo.Reminders.ReadRow(grain, "到期清理");
        Assert.NotNull(row);
        Assert.Equal(grain, row.GrainId);
        Assert.Equal(etag, row.ETag);
        Assert.Equal(grain, Assert.Single((await silo.Reminders.ReadRows(0u, 0u)).Reminders).GrainId);
    }

    [Fact]
    public async Task An_upsert_replaces_the_row_and_issues_a_new_etag()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());
        var first = await silo.Reminders.UpsertRow(Entry(Grain, "sla"));

        // The reminder service re-registers with a new start and period, whatever it read before.
        var second = await silo.Reminders.UpsertRow(Entry(Grain, "sla", TimeSpan.FromHours(1), Start.AddDays(1)));

        Assert.NotNull(second);
        Assert.NotEqual(first, second);
        var row = await silo.Reminders.ReadRow(Grain, "sla");
        Assert.NotNull(row);
        Assert.Equal((Start.AddDays(1), TimeSpan.FromHours(1), second), (row.StartAt, row.Period, row.ETag));
        Assert.Single((await silo.Reminders.ReadRows(Grain)).Reminders);
    }

    [Fact]
    public async Task Removal_needs_the_current_etag_and_a_stale_one_is_refused()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());
        var stale = await silo.Reminders.UpsertRow(Entry(Grain, "sla"));
        var current = await silo.Reminders.UpsertRow(Entry(Grain, "sla", TimeSpan.FromMinutes(2)));

        Assert.False(await silo.Reminders.RemoveRow(Grain, "sla", stale!));
        Assert.NotNull(await silo.Reminders.ReadRow(Grain, "sla"));
        Assert.False(await silo.Reminders.RemoveRow(Grain, "sla", "987654"));
        Assert.False(await silo.Reminders.RemoveRow(Grain, "other-name", current!));
        Assert.False(await silo.Reminders.RemoveRow(GrainId.Create("alarm", "r2"), "sla", current!));

        Assert.True(await silo.Reminders.RemoveRow(Grain, "sla", current!));
        Assert.Null(await silo.Reminders.ReadRow(Grain, "sla"));
        Assert.False(await silo.Reminders.RemoveRow(Grain, "sla", current!));

        // A name can be registered again after removal.
        var again = await silo.Reminders.UpsertRow(Entry(Grain, "sla"));
        Assert.NotNull(again);
        Assert.Equal(again, (await silo.Reminders.ReadRow(Grain, "sla"))!.ETag);
        Assert.True(await silo.Reminders.RemoveRow(Grain, "sla", again));
        Assert.Empty((await silo.Reminders.ReadRows(0u, 0u)).Reminders);
    }

    [Fact]
    public async Task Rows_are_read_by_hash_range_exclusive_begin_inclusive_end_and_wrapping_when_begin_is_not_below_end()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());

        // Eight grains in hash order: h[0] < h[1] < ... < h[7].
        var grains = Enumerable.Range(0, 64)
            .Select(i => GrainId.Create("alarm", $"ring-{i}"))
            .DistinctBy(g => g.GetUniformHashCode())
            .OrderBy(g => g.GetUniformHashCode())
            .Where((_, i) => i % 8 == 0)
            .ToArray();
        Assert.Equal(8, grains.Length);
        var h = grains.Select(g => g.GetUniformHashCode()).ToArray();
        foreach (var grain in grains)
        {
            await silo.Reminders.UpsertRow(Entry(grain, "tick"));
        }

        // The positions of the grains read, in hash order: "2 3 4".
        async Task<string> Range(uint begin, uint end) =>
            string.Join(' ', (await silo.Reminders.ReadRows(begin, end)).Reminders.Select(r => Array.IndexOf(grains, r.GrainId)).Order());

        Assert.Equal("2 3 4", await Range(h[1], h[4]));
        Assert.Equal("2 3", await Range(h[1], h[4] - 1));
        Assert.Equal("1 2 3 4", await Range(h[1] - 1, h[4]));
        Assert.Equal("", await Range(h[1], h[2] - 1));

        // Wrapped: above begin, or at most end.
        Assert.Equal("0 1 6 7", await Range(h[5], h[1]));
        Assert.Equal("0 1 2 3 4 5 6 7", await Range(h[3], h[3]));
        Assert.Equal("0 1 2 3 4 5 6 7", await Range(uint.MaxValue, uint.MaxValue));
        Assert.Equal("0 7", await Range(h[6], h[0]));

        // The extremes of the ring: nothing hashes above uint.MaxValue, and 0 is excluded as a begin.
        Assert.Equal("0 1 2 3 4 5 6 7", await Range(0u, uint.MaxValue));
        Assert.Equal("5 6 7", await Range(h[4], uint.MaxValue));
    }

    [Fact]
    public async Task The_rows_of_a_grain_are_kept_apart_from_a_grain_of_another_type_with_the_same_key()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());
        await silo.Reminders.UpsertRow(Entry(GrainId.Create("alarm", "same"), "a"));
        await silo.Reminders.UpsertRow(Entry(GrainId.Create("roster", "same"), "b"));

        Assert.Equal(["a"], (await silo.Reminders.ReadRows(GrainId.Create("alarm", "same"))).Reminders.Select(r => r.ReminderName));
        Assert.Null(await silo.Reminders.ReadRow(GrainId.Create("roster", "same"), "a"));
    }
}
