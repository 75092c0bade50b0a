using Npgsql;
using Orleans.Storage;
using PartyActors.Storage.Contract;

namespace PartyActors.Storage.Postgres.Tests;

[Collection(PostgresCollection.Name)]
public sealed class GrainStorageTests(PostgresFixture fixture) : IAsyncLifetime
{
    private string _connectionString = "";
    private Providers _providers = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await fixture.CreateDatabaseAsync("state");
        _providers = new Providers(_connectionString);
    }

    public async Task DisposeAsync() => await _providers.DisposeAsync();

    private IGrainStorage Storage => _providers.Storage;

    private static GrainId Id(string key) => GrainId.Create("counter", key);

    [Fact]
    public async Task Reading_a_missing_state_gives_an_empty_state_and_no_etag()
    {
        var state = new StoredState<Counter>();
        await Storage.ReadStateAsync("count", Id("missing"), state, default);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State.Value);
    }

    [Fact]
    public async Task A_written_state_reads_back_in_another_provider_instance()
    {
        var state = new StoredState<Counter> { State = new Counter { Value = 42, Note = "你好" } };
        await Storage.WriteStateAsync("count", Id("a"), state, default);
        Assert.Equal("1", state.ETag);
        Assert.True(state.RecordExists);
        state.State.Value = 43;
        await Storage.WriteStateAsync("count", Id("a"), state, default);
        Assert.Equal("2", state.ETag);

        await using var other = new Providers(_connectionString);
        var read = new StoredState<Counter>();
        await other.Storage.ReadStateAsync("count", Id("a"), read, default);
        Assert.Equal(43, read.State.Value);
        Assert.Equal("你好", read.State.Note);
        Assert.Equal("2", read.ETag);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task A_stale_write_throws_and_leaves_the_other_writers_row()
    {
        var first = new StoredState<Counter> { State = new Counter { Value = 1 } };
        await Storage.WriteStateAsync("count", Id("b"), first, default);
        var stale = first.Copy(new Counter { Value = 99 });
        first.State.Value = 2;
        await Storage.WriteStateAsync("count", Id("b"), first, default);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("count", Id("b"), stale, default));
        Assert.Equal("2", error.StoredEtag);
        Assert.Equal("1", error.CurrentEtag);

        var read = new StoredState<Counter>();
        await Storage.ReadStateAsync("count", Id("b"), read, default);
        Assert.Equal(2, read.State.Value);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task Inserting_over_an_existing_row_is_a_conflict()
    {
        await Storage.WriteStateAsync("count", Id("c"), new StoredState<Counter> { State = new Counter { Value = 1 } }, default);
        var error = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteStateAsync("count", Id("c"), new StoredState<Counter> { State = new Counter { Value = 5 } }, default));
        Assert.Equal("1", error.StoredEtag);
        Assert.Null(error.CurrentEtag);
    }

    [Fact]
    public async Task An_etag_the_store_never_issued_is_a_conflict_not_an_error() =>
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteStateAsync("count", Id("weird"), new StoredState<Counter> { ETag = "not-a-number" }, default));

    [Fact]
    public async Task One_stale_write_among_fifty_concurrent_ones_fails_alone()
    {
        // "hot" is at version 2; one writer holds version 2 (fresh), another version 1 (stale).
        var hot = new StoredState<Counter> { State = new Counter { Value = 1 } };
        await Storage.WriteStateAsync("count", Id("hot"), hot, default);
        var stale = hot.Copy(new Counter { Value = -1 });
        await Storage.WriteStateAsync("count", Id("hot"), hot, default);
        var fresh = hot.Copy(new Counter { Value = 1000 });

        var others = Enumerable.Range(0, 48).Select(i => (Key: $"k{i}", State: new StoredState<Counter> { State = new Counter { Value = i } })).ToList();
        using var go = new ManualResetEventSlim();
        var writes = others.Select(o => Task.Run(() => { go.Wait(); return Storage.WriteStateAsync("count", Id(o.Key), o.State, default); })).ToList();
        var staleWrite = Task.Run(() => { go.Wait(); return Storage.WriteStateAsync("count", Id("hot"), stale, default); });
        var freshWrite = Task.Run(() => { go.Wait(); return Storage.WriteStateAsync("count", Id("hot"), fresh, default); });
        go.Set();

        await Assert.ThrowsAsync<InconsistentStateException>(() => staleWrite);
        await freshWrite;
        await Task.WhenAll(writes);
        Assert.Equal("3", fresh.ETag);
        foreach (var (key, state) in others)
        {
            var read = new StoredState<Counter>();
            await Storage.ReadStateAsync("count", Id(key), read, default);
            Assert.Equal(state.State.Value, read.State.Value);
            Assert.Equal("1", read.ETag);
        }

        var hotRead = new StoredState<Counter>();
        await Storage.ReadStateAsync("count", Id("hot"), hotRead, default);
        Assert.Equal(1000, hotRead.State.Value);
    }

    [Fact]
    public async Task Clearing_deletes_the_row_by_default()
    {
        var state = new StoredState<Counter> { State = new Counter { Value = 7 } };
        await Storage.WriteStateAsync("count", Id("d"), state, default);
        var stale = state.Copy();
        await Storage.ClearStateAsync("count", Id("d"), state, default);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State.Value);
        Assert.Equal(0L, await CountRowsAsync("d"));

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync("count", Id("d"), stale, default));
        state.State.Value = 8;
        await Storage.WriteStateAsync("count", Id("d"), state, default);
        Assert.Equal("1", state.ETag);
    }

    [Fact]
    public async Task Clearing_can_keep_the_row_with_a_new_version()
    {
        await using var keeping = new Providers(_connectionString, o => o.DeleteStateOnClear = false);
        var state = new StoredState<Counter> { State = new Counter { Value = 7 } };
        await keeping.Storage.WriteStateAsync("count", Id("e"), state, default);
        var stale = state.Copy();
        await keeping.Storage.ClearStateAsync("count", Id("e"), state, default);
        Assert.Equal("2", state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(1L, await CountRowsAsync("e"));

        var read = new StoredState<Counter>();
        await keeping.Storage.ReadStateAsync("count", Id("e"), read, default);
        Assert.False(read.RecordExists);
        Assert.Equal("2", read.ETag);
        Assert.Equal(0, read.State.Value);

        // The ETag from before the clear never matches again.
        await Assert.ThrowsAsync<InconsistentStateException>(() => keeping.Storage.WriteStateAsync("count", Id("e"), stale, default));
        read.State.Value = 9;
        await keeping.Storage.WriteStateAsync("count", Id("e"), read, default);
        Assert.Equal("3", read.ETag);
    }

    [Fact]
    public async Task Clearing_with_a_stale_etag_throws_and_keeps_the_state()
    {
        var state = new StoredState<Counter> { State = new Counter { Value = 1 } };
        await Storage.WriteStateAsync("count", Id("f"), state, default);
        var stale = state.Copy();
        await Storage.WriteStateAsync("count", Id("f"), state, default);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync("count", Id("f"), stale, default));
        Assert.Equal(1L, await CountRowsAsync("f"));
    }

    [Fact]
    public async Task A_storm_of_concurrent_reads_gets_every_state()
    {
        var states = Enumerable.Range(0, 300).Select(i => new StoredState<Counter> { State = new Counter { Value = i } }).ToArray();
        await Task.WhenAll(states.Select((s, i) => Storage.WriteStateAsync("count", Id($"s{i}"), s, default)));
        var reads = Enumerable.Range(0, 400).Select(_ => new StoredState<Counter>()).ToArray();
        await Task.WhenAll(reads.Select((r, i) => Storage.ReadStateAsync("count", Id($"s{i}"), r, default)));
        for (var i = 0; i < reads.Length; i++)
        {
            Assert.Equal(i < 300, reads[i].RecordExists);
            Assert.Equal(i < 300 ? i : 0, reads[i].State.Value);
            Assert.Equal(i < 300 ? "1" : null, reads[i].ETag);
        }
    }

    [Fact]
    public async Task States_of_different_names_and_types_are_separate()
    {
        await Storage.WriteStateAsync("count", Id("g"), new StoredState<Counter> { State = new Counter { Value = 1 } }, default);
        await Storage.WriteStateAsync("other", Id("g"), new StoredState<Counter> { State = new Counter { Value = 2 } }, default);
        await Storage.WriteStateAsync("count", GrainId.Create("member", "g"), new StoredState<Counter> { State = new Counter { Value = 3 } }, default);
        var read = new StoredState<Counter>();
        await Storage.ReadStateAsync("other", Id("g"), read, default);
        Assert.Equal(2, read.State.Value);
        await Storage.ReadStateAsync("count", GrainId.Create("member", "g"), read, default);
        Assert.Equal(3, read.State.Value);
    }

    private async Task<long> CountRowsAsync(string key)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from grain_state where grain_key = @key", connection);
        command.Parameters.AddWithValue("key", key);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
