using System.Text;
using PartyActors.Runtime;

namespace PartyActors.Storage.Contract;

/// <summary>The <see cref="IGrainLogStorage"/> contract: sequences, ranges, single-writer conflicts.</summary>
public abstract class GrainLogStorageContractTests
{
    private static readonly GrainId Grain = GrainId.Create("contract", "log");

    protected abstract Task<Action<ISiloBuilder>> CreateStoreAsync();

    private static ReadOnlyMemory<byte>[] Json(params int[] values) =>
        [.. values.Select(v => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes($"{{\"v\":{v}}}"))];

    private static int[] Values(IEnumerable<StoredLogEntry> entries) =>
        [.. entries.Select(e => int.Parse(Encoding.UTF8.GetString(e.Json.Span).Split(':')[1].TrimEnd('}', ' '), System.Globalization.CultureInfo.InvariantCulture))];

    [Fact]
    public async Task An_empty_log_starts_at_sequence_one()
    {
        await using var store = await StoreHarness.StartAsync(await CreateStoreAsync());

        Assert.Equal(1, await store.LogStorage.GetNextSequenceAsync("awards", Grain, default));
        Assert.Empty(await store.LogStorage.ReadAsync("awards", Grain, 1, long.MaxValue, default));
    }

    [Fact]
    public async Task Appends_get_consecutive_sequences_and_read_back_by_range()
    {
        await using var store = await StoreHarness.StartAsync(await CreateStoreAsync());

        Assert.Equal(1, await store.LogStorage.AppendAsync("awards", Grain, Json(10, 20), 1, default));
        Assert.Equal(3, await store.LogStorage.AppendAsync("awards", Grain, Json(30), 3, default));
        Assert.Equal(4, await store.LogStorage.AppendAsync("awards", Grain, Json(40, 50), null, default));

        var all = await store.LogStorage.ReadAsync("awards", Grain, 1, long.MaxValue, default);
        Assert.Equal([1L, 2, 3, 4, 5], all.Select(e => e.Sequence));
        Assert.Equal([10, 20, 30, 40, 50], Values(all));
        var middle = await store.LogStorage.ReadAsync("awards", Grain, 2, 4, default);
        Assert.Equal([20, 30], Values(middle));
        Assert.Equal(6, await store.LogStorage.GetNextSequenceAsync("awards", Grain, default));
        Assert.All(all, e => Assert.True(e.At > DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public async Task An_append_expecting_another_sequence_fails_and_writes_nothing()
    {
        await using var store = await StoreHarness.StartAsync(await CreateStoreAsync());
        await store.LogStorage.AppendAsync("awards", Grain, Json(1, 2), 1, default);

        await Assert.ThrowsAsync<InconsistentStateException>(() => store.LogStorage.AppendAsync("awards", Grain, Json(99), 2, default));
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.LogStorage.AppendAsync("awards", Grain, Json(99), 1, default));

        var kept = await store.LogStorage.ReadAsync("awards", Grain, 1, long.MaxValue, default);
        Assert.Equal([1, 2], Values(kept));
    }

    [Fact]
    public async Task Logs_are_kept_apart_by_grain_and_name_and_concurrent_appends_all_land()
    {
        await using var store = await StoreHarness.StartAsync(await CreateStoreAsync());

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            store.LogStorage.AppendAsync(i % 2 == 0 ? "even" : "odd", GrainId.Create("contract", $"log-{i}"), Json(i, i), 1, default)));

        for (var i = 0; i < 100; i += 9)
        {
            var name = i % 2 == 0 ? "even" : "odd";
            var entries = await store.LogStorage.ReadAsync(name, GrainId.Create("contract", $"log-{i}"), 1, long.MaxValue, default);
            Assert.Equal([i, i], Values(entries));
            Assert.Empty(await store.LogStorage.ReadAsync(i % 2 == 0 ? "odd" : "even", GrainId.Create("contract", $"log-{i}"), 1, long.MaxValue, default));
        }
    }

    [Fact]
    public async Task A_deleted_log_reads_empty_restarts_at_one_and_leaves_other_logs_alone()
    {
        await using var store = await StoreHarness.StartAsync(await CreateStoreAsync());
        var other = GrainId.Create("contract", "other");
        await store.LogStorage.AppendAsync("awards", Grain, Json(1, 2, 3), 1, default);
        await store.LogStorage.AppendAsync("notes", Grain, Json(7), 1, default);
        await store.LogStorage.AppendAsync("awards", other, Json(8, 9), 1, default);

        await store.LogStorage.DeleteAsync("awards", Grain, default);

        Assert.Empty(await store.LogStorage.ReadAsync("awards", Grain, 1, long.MaxValue, default));
        Assert.Equal(1, await store.LogStorage.GetNextSequenceAsync("awards", Grain, default));
        var notes = await store.LogStorage.ReadAsync("notes", Grain, 1, long.MaxValue, default);
        Assert.Equal([7], Values(notes));
        var others = await store.LogStorage.ReadAsync("awards", other, 1, long.MaxValue, default);
        Assert.Equal([8, 9], Values(others));

        // A writer still expecting the old next sequence is refused; one starting afresh gets 1.
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.LogStorage.AppendAsync("awards", Grain, Json(99), 4, default));
        Assert.Equal(1, await store.LogStorage.AppendAsync("awards", Grain, Json(10, 20), 1, default));
        var after = await store.LogStorage.ReadAsync("awards", Grain, 1, long.MaxValue, default);
        Assert.Equal([1L, 2], after.Select(e => e.Sequence));
        Assert.Equal([10, 20], Values(after));
    }

    [Fact]
    public async Task Deleting_a_log_twice_or_one_never_written_is_fine()
    {
        await using var store = await StoreHarness.StartAsync(await CreateStoreAsync());
        await store.LogStorage.DeleteAsync("awards", GrainId.Create("contract", "never"), default);
        await store.LogStorage.AppendAsync("awards", Grain, Json(1), 1, default);

        await store.LogStorage.DeleteAsync("awards", Grain, default);
        await store.LogStorage.DeleteAsync("awards", Grain, default);

        Assert.Empty(await store.LogStorage.ReadAsync("awards", Grain, 1, long.MaxValue, default));
        Assert.Equal(1, await store.LogStorage.GetNextSequenceAsync("awards", Grain, default));
    }
}
