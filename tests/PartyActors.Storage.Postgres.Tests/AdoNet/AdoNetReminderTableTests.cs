using Microsoft.Extensions.DependencyInjection;

namespace PartyActors.Storage.Postgres.Tests.AdoNet;

/// <summary>
/// Orleans' ADO.NET reminder table on our schema, taken from a running silo configured with
/// UseAdoNetReminderService, so it is initialized and called as the reminder service calls it.
/// The silo is shared: each test names its own grains and looks only at them.
/// </summary>
[Collection(AdoNetCollection.Name)]
public sealed class AdoNetReminderTableTests(AdoNetFixture fixture)
{
    /// <summary>Far enough ahead that the silo's own reminder service never fires these reminders.</summary>
    private static readonly DateTime Start = new(2031, 3, 1, 8, 30, 15, 123, DateTimeKind.Utc);

    [Fact]
    public async Task An_upsert_is_read_back_and_a_second_one_replaces_it_under_a_new_etag()
    {
        var table = await TableAsync();
        var grain = GrainId.Create("reminded", "upsert");

        var first = await table.UpsertRow(Entry(grain, "daily", TimeSpan.FromDays(1)));
        var read = await table.ReadRow(grain, "daily");
        Assert.NotNull(read);
        Assert.Equal(grain, read.GrainId);
        Assert.Equal("daily", read.ReminderName);
        Assert.Equal(Start, read.StartAt);
        Assert.Equal(DateTimeKind.Utc, read.StartAt.Kind);
        Assert.Equal(TimeSpan.FromDays(1), read.Period);
        Assert.Equal(first, read.ETag);

        // 40 days is past the 24.8 days an int of milliseconds holds; Orleans then sends a bigint.
        var second = await table.UpsertRow(Entry(grain, "daily", TimeSpan.FromDays(40)));
        Assert.NotEqual(first, second);
        read = await table.ReadRow(grain, "daily");
        Assert.Equal(TimeSpan.FromDays(40), read?.Period);
        Assert.Equal(second, read?.ETag);

        Assert.Null(await table.ReadRow(grain, "weekly"));
    }

    [Fact]
    public async Task Only_the_current_etag_removes_a_reminder_and_none_from_before_matches_it_once_registered_again()
    {
        var table = await TableAsync();
        var grain = GrainId.Create("reminded", "remove");

        var stale = await table.UpsertRow(Entry(grain, "deadline", TimeSpan.FromMinutes(1)));
        var current = await table.UpsertRow(Entry(grain, "deadline", TimeSpan.FromMinutes(2)));
        Assert.False(await table.RemoveRow(grain, "deadline", stale!));
        Assert.NotNull(await table.ReadRow(grain, "deadline"));

        Assert.True(await table.RemoveRow(grain, "deadline", current!));
        Assert.Null(await table.ReadRow(grain, "deadline"));
        Assert.False(await table.RemoveRow(grain, "deadline", current!));

        var again = await table.UpsertRow(Entry(grain, "deadline", TimeSpan.FromMinutes(1)));
        Assert.DoesNotContain(again, new[] { stale, current });
        Assert.False(await table.RemoveRow(grain, "deadline", stale!));
        Assert.False(await table.RemoveRow(grain, "deadline", current!));
        Assert.Equal(again, (await table.ReadRow(grain, "deadline"))?.ETag);
    }

    [Fact]
    public async Task A_grain_s_reminders_are_read_together_and_no_other_grain_s()
    {
        var table = await TableAsync();
        var grain = GrainId.Create("reminded", "by-grain");
        var neighbour = GrainId.Create("reminded", "by-grain-neighbour");
        await table.UpsertRow(Entry(grain, "one", TimeSpan.FromMinutes(5)));
        await table.UpsertRow(Entry(grain, "two", TimeSpan.FromMinutes(5)));
        await table.UpsertRow(Entry(neighbour, "one", TimeSpan.FromMinutes(5)));

        var rows = await table.ReadRows(grain);

        Assert.Equal(["one", "two"], rows.Reminders.Select(r => r.ReminderName).Order(StringComparer.Ordinal));
        Assert.All(rows.Reminders, r => Assert.Equal(grain, r.GrainId));
    }

    /// <summary>
    /// The reminder service asks for the ring range (begin, end] it owns. The ranges cover every
    /// case of the two queries Orleans chooses between by signed order: plain, both ends negative
    /// as signed, crossing the signed boundary, wrapped past the top of the ring, and the whole ring.
    /// </summary>
    [Theory]
    [InlineData(0x1000_0000u, 0x7000_0000u)]
    [InlineData(0x9000_0000u, 0xF000_0000u)]
    [InlineData(0x4000_0000u, 0xC000_0000u)]
    [InlineData(0xC000_0000u, 0x4000_0000u)]
    [InlineData(0x7000_0000u, 0x2000_0000u)]
    [InlineData(0x5555_5555u, 0x5555_5555u)]
    public async Task Reminders_are_read_by_hash_range_as_Orleans_defines_the_range(uint begin, uint end)
    {
        var table = await TableAsync();
        var grains = await RingOfGrainsAsync(table);

        var expected = grains.Where(g => RangeFactory.CreateRange(begin, end).InRange(g)).ToHashSet();
        var read = await ReadRingGrainsAsync(table, begin, end);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, read.Count);
        Assert.Equal(expected, read.ToHashSet());
    }

    [Fact]
    public async Task A_range_excludes_its_begin_and_includes_its_end()
    {
        var table = await TableAsync();
        var byHash = (await RingOfGrainsAsync(table)).OrderBy(g => g.GetUniformHashCode()).ToList();

        var read = await ReadRingGrainsAsync(table, byHash[3].GetUniformHashCode(), byHash[7].GetUniformHashCode());

        Assert.Equal(byHash[4..8].ToHashSet(), read.ToHashSet());
    }

    private async Task<IReminderTable> TableAsync() =>
        (await fixture.SharedSiloAsync()).Services.GetRequiredService<IReminderTable>();

    private static ReminderEntry Entry(GrainId grain, string name, TimeSpan period) =>
        new() { GrainId = grain, ReminderName = name, StartAt = Start, Period = period };

    /// <summary>Two dozen grains whose (fixed) hashes spread over the ring, each with one reminder.</summary>
    private static async Task<List<GrainId>> RingOfGrainsAsync(IReminderTable table)
    {
        var grains = Enumerable.Range(0, 24).Select(i => GrainId.Create("ringed", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Entry(grain, "tick", TimeSpan.FromMinutes(10)));
        }

        return grains;
    }

    private static async Task<List<GrainId>> ReadRingGrainsAsync(IReminderTable table, uint begin, uint end) =>
        (await table.ReadRows(begin, end)).Reminders
            .Select(r => r.GrainId)
            .Where(g => g.Type.ToString() == "ringed")
            .ToList();
}
