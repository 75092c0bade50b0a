using System.Globalization;
using System.Text;
using Orleans.Storage;

namespace PartyActors.Storage.Contract;

/// <summary>The <see cref="IGrainLogStorage"/> contract: sequences, ranges, deletion, second-writer detection.</summary>
public abstract class GrainLogStorageContractTests
{
    private static readonly GrainId Grain = GrainId.Create("contract", "log");

    /// <summary>A silo configuration registering a fresh, empty store as the "Default" grain log storage.</summary>
    protected abstract Task<Action<ISiloBuilder>> CreateStoreAsync();

    private static ReadOnlyMemory<byte>[] Json(params int[] values) =>
        [.. values.Select(v => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes($"{{\"v\":{v}}}"))];

    /// <summary>The values of <paramref name="entries"/>, space-separated: "10 20 30".</summary>
    private static string Values(IEnumerable<StoredLogEntry> entries) =>
        string.Join(' ', entries.Select(e => int.Parse(Encoding.UTF8.GetString(e.Json.Span).Split(':')[1].TrimEnd('}', ' '), CultureInfo.InvariantCulture)));

    [Fact]
    public async Task An_empty_log_starts_at_sequence_one()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());

        Assert.Equal(1, await silo.LogStorage.GetNextSequenceAsync("awards", Grain, default));
        Assert.Empty(await silo.LogStorage.ReadAsync("awards", Grain, 1, long.MaxValue, default));
    }

    [Fact]
    public async Task Appends_get_consecutive_sequences_and_read_back_by_range()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());
        var before = DateTimeOffset.UtcNow.AddMinutes(-5);

        Assert.Equal(1, await silo.LogStorage.AppendAsync("awards", Grain, Json(10, 20), 1, default));
        Assert.Equal(3, await silo.LogStorage.AppendAsync("awards", Grain, Json(30), 3, default));
        Assert.Equal(4, await silo.LogStorage.AppendAsync("awards", Grain, Json(40, 50), null, default));

        var all = await silo.LogStorage.ReadAsync("awards", Grain, 1, long.MaxValue, default);
        Assert.Equal([1L, 2, 3, 4, 5], all.Select(e => e.Sequence));
        Assert.Equal("10 20 30 40 50", Values(all));
        Assert.Equal("20 30", Values(await silo.LogStorage.ReadAsync("awards", Grain, 2, 4, default)));
        Assert.Empty(await silo.LogStorage.ReadAsync("awards", Grain, 6, 10, default));
        Assert.Empty(await silo.LogStorage.ReadAsync("awards", Grain, 3, 3, default));
        Assert.Equal(6, await silo.LogStorage.GetNextSequenceAsync("awards", Grain, default));
        Assert.All(all, e => Assert.InRange(e.At, before, DateTimeOffset.UtcNow.AddMinutes(5)));
    }

    [Fact]
    public async Task Chinese_text_in_entries_and_names_round_trips()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());
        var grain = GrainId.Create("member", "党员-张三");
        var entry = Encoding.UTF8.GetBytes("{\"reason\":\"志愿服务 🇨🇳 \\\"引号\\\"\"}");

        await silo.LogStorage.AppendAsync("积分", grain, [entry], 1, default);

        var read = Assert.Single(await silo.LogStorage.ReadAsync("积分", grain, 1, long.MaxValue, default));
        using var stored = System.Text.Json.JsonDocument.Parse(read.Json);
        Assert.Equal("志愿服务 🇨🇳 \"引号\"", stored.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task An_append_expecting_another_sequence_fails_and_writes_nothing()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());
        await silo.LogStorage.AppendAsync("awards", Grain, Json(1, 2), 1, default);

        // A second writer of the log (a duplicate activation) still expects what it last saw.
        await Assert.ThrowsAsync<InconsistentStateException>(() => silo.LogStorage.AppendAsync("awards", Grain, Json(99), 2, default));
        await Assert.ThrowsAsync<InconsistentStateException>(() => silo.LogStorage.AppendAsync("awards", Grain, Json(99), 1, default));
        await Assert.ThrowsAsync<InconsistentStateException>(() => silo.LogStorage.AppendAsync("awards", Grain, Json(99), 7, default));

        Assert.Equal("1 2", Values(await silo.LogStorage.ReadAsync("awards", Grain, 1, long.MaxValue, default)));
        Assert.Equal(3, await silo.LogStorage.GetNextSequenceAsync("awards", Grain, default));
        Assert.Equal(3, await silo.LogStorage.AppendAsync("awards", Grain, Json(3), 3, default));
    }

    [Fact]
    public async Task Of_two_writers_expecting_the_same_sequence_exactly_one_appends()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());
        await silo.LogStorage.AppendAsync("awards", Grain, Json(1), 1, default);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(async w =>
        {
            try
            {
                return (long?)await silo.LogStorage.AppendAsync("awards", Grain, Json(100 + w, 200 + w), 2, default);
            }
            catch (InconsistentStateException)
            {
                return null;
            }
        }));

        Assert.Equal(2, Assert.Single(outcomes, o => o is not null));
        var entries = await silo.LogStorage.ReadAsync("awards", Grain, 1, long.MaxValue, default);
        Assert.Equal([1L, 2, 3], entries.Select(e => e.Sequence));
        var winner = Array.FindIndex(outcomes, o => o is not null);
        Assert.Equal($"1 {100 + winner} {200 + winner}", Values(entries));
    }

    [Fact]
    public async Task Logs_are_kept_apart_by_grain_and_name_and_concurrent_appends_all_land()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            silo.LogStorage.AppendAsync(i % 2 == 0 ? "even" : "odd", GrainId.Create("contract", $"log-{i}"), Json(i, i), 1, default)));

        for (var i = 0; i < 100; i += 9)
        {
            var name = i % 2 == 0 ? "even" : "odd";
            var entries = await silo.LogStorage.ReadAsync(name, GrainId.Create("contract", $"log-{i}"), 1, long.MaxValue, default);
            Assert.Equal($"{i} {i}", Values(entries));
            Assert.Empty(await silo.LogStorage.ReadAsync(i % 2 == 0 ? "odd" : "even", GrainId.Create("contract", $"log-{i}"), 1, long.MaxValue, default));
        }

        Assert.Empty(await silo.LogStorage.ReadAsync("even", GrainId.Create("other", "log-0"), 1, long.MaxValue, default));
    }

    [Fact]
    public async Task Unchecked_concurrent_appends_to_one_log_get_distinct_consecutive_sequences()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());

        var firsts = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => silo.LogStorage.AppendAsync("audit", Grain, Json(i, i), null, default)));

        Assert.Equal(Enumerable.Range(0, 20).Select(i => 1L + (2 * i)), firsts.Order());
        var all = await silo.LogStorage.ReadAsync("audit", Grain, 1, long.MaxValue, default);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), all.Select(e => e.Sequence));

        // Each append's entries stay together, in order.
        var values = Values(all).Split(' ');
        for (var i = 0; i < values.Length; i += 2)
        {
            Assert.Equal(values[i], values[i + 1]);
        }
    }

    [Fact]
    public async Task A_deleted_log_reads_empty_restarts_at_one_and_leaves_other_logs_alone()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());
        var other = GrainId.Create("contract", "other");
        await silo.LogStorage.AppendAsync("awards", Grain, Json(1, 2, 3), 1, default);
        await silo.LogStorage.AppendAsync("notes", Grain, Json(7), 1, default);
        await silo.LogStorage.AppendAsync("awards", other, Json(8, 9), 1, default);

        await silo.LogStorage.DeleteAsync("awards", Grain, default);

        Assert.Empty(await silo.LogStorage.ReadAsync("awards", Grain, 1, long.MaxValue, default));
        Assert.Equal(1, await silo.LogStorage.GetNextSequenceAsync("awards", Grain, default));
        Assert.Equal("7", Values(await silo.LogStorage.ReadAsync("notes", Grain, 1, long.MaxValue, default)));
        Assert.Equal("8 9", Values(await silo.LogStorage.ReadAsync("awards", other, 1, long.MaxValue, default)));

        // A writer still expecting the old next sequence is refused; one starting afresh gets 1.
        await Assert.ThrowsAsync<InconsistentStateException>(() => silo.LogStorage.AppendAsync("awards", Grain, Json(99), 4, default));
        Assert.Equal(1, await silo.LogStorage.AppendAsync("awards", Grain, Json(10, 20), 1, default));
        var after = await silo.LogStorage.ReadAsync("awards", Grain, 1, long.MaxValue, default);
        Assert.Equal([1L, 2], after.Select(e => e.Sequence));
        Assert.Equal("10 20", Values(after));
    }

    [Fact]
    public async Task Deleting_a_log_twice_or_one_never_written_is_fine()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());
        await silo.LogStorage.DeleteAsync("awards", GrainId.Create("contract", "never"), default);
        await silo.LogStorage.AppendAsync("awards", Grain, Json(1), 1, default);

        await silo.LogStorage.DeleteAsync("awards", Grain, default);
        await silo.LogStorage.DeleteAsync("awards", Grain, default);

        Assert.Empty(await silo.LogStorage.ReadAsync("awards", Grain, 1, long.MaxValue, default));
        Assert.Equal(1, await silo.LogStorage.GetNextSequenceAsync("awards", Grain, default));
    }
}
