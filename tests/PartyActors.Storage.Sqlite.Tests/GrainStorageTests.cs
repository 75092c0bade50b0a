using Orleans.Storage;
using PartyActors.Storage.Contract;

namespace PartyActors.Storage.Sqlite.Tests;

public sealed class GrainStorageTests
{
    private static readonly GrainId Grain = GrainId.Create("counter", "a");

    [Fact]
    public async Task Missing_state_reads_empty_without_etag()
    {
        await using var store = new TestStore();
        var state = new StoredState<Counter> { State = new Counter { Value = 9 }, ETag = "x", RecordExists = true };

        await store.Storage.ReadStateAsync("count", Grain, state, default);

        Assert.Equal(0, state.State.Value);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task Written_state_reads_back_with_its_etag()
    {
        await using var store = new TestStore();
        var state = new StoredState<Counter> { State = new Counter { Value = 42, Note = "héllo 你好" } };

        await store.Storage.WriteStateAsync("count", Grain, state, default);
        Assert.Equal("1", state.ETag);
        Assert.True(state.RecordExists);
        state.State.Value = 43;
        await store.Storage.WriteStateAsync("count", Grain, state, default);
        Assert.Equal("2", state.ETag);

        var read = new StoredState<Counter>();
        await store.Storage.ReadStateAsync("count", Grain, read, default);
        Assert.Equal(43, read.State.Value);
        Assert.Equal("héllo 你好", read.State.Note);
        Assert.Equal("2", read.ETag);
        Assert.True(read.RecordExists);

        // Other state names and grains are separate rows.
        var other = new StoredState<Counter>();
        await store.Storage.ReadStateAsync("other", Grain, other, default);
        Assert.False(other.RecordExists);
        await store.Storage.ReadStateAsync("count", GrainId.Create("counter", "b"), other, default);
        Assert.False(other.RecordExists);
    }

    [Fact]
    public async Task Stale_or_missing_etag_conflicts_and_changes_nothing()
    {
        await using var store = new TestStore();
        var first = new StoredState<Counter> { State = new Counter { Value = 1 } };
        await store.Storage.WriteStateAsync("count", Grain, first, default);

        // A second "first" writer: it read nothing, but a row now exists.
        var late = new StoredState<Counter> { State = new Counter { Value = 100 } };
        var insert = await Assert.ThrowsAsync<InconsistentStateException>(() => store.Storage.WriteStateAsync("count", Grain, late, default));
        Assert.Equal("1", insert.StoredEtag);
        Assert.Null(insert.CurrentEtag);

        var stale = new StoredState<Counter> { State = new Counter { Value = 200 }, ETag = "1" };
        first.State.Value = 2;
        await store.Storage.WriteStateAsync("count", Grain, first, default);
        var update = await Assert.ThrowsAsync<InconsistentStateException>(() => store.Storage.WriteStateAsync("count", Grain, stale, default));
        Assert.Equal("2", update.StoredEtag);
        Assert.Equal("1", update.CurrentEtag);
        Assert.Equal("1", stale.ETag);

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            store.Storage.WriteStateAsync("count", Grain, new StoredState<Counter> { ETag = "not-a-version" }, default));
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            store.Storage.WriteStateAsync("count", GrainId.Create("counter", "none"), new StoredState<Counter> { ETag = "1" }, default));

        var read = new StoredState<Counter>();
        await store.Storage.ReadStateAsync("count", Grain, read, default);
        Assert.Equal(2, read.State.Value);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task One_stale_write_in_a_concurrent_batch_of_50_fails_alone()
    {
        // A long batching delay so that the 50 writes land in one or two batches.
        await using var store = new TestStore(options => options.GroupCommit.MaxDelay = TimeSpan.FromMilliseconds(50));
        var states = new StoredState<Counter>[50];
        for (var i = 0; i < states.Length; i++)
        {
            states[i] = new StoredState<Counter> { State = new Counter { Value = 1 } };
            await store.Storage.WriteStateAsync("count", GrainId.Create("counter", $"g{i}"), states[i], default);
        }

        states[17].ETag = "7"; // stale: the row is at version 1
        var writes = new Task[states.Length];
        for (var i = 0; i < states.Length; i++)
        {
            states[i].State.Value = 2;
            var index = i;
            writes[i] = Task.Run(() => store.Storage.WriteStateAsync("count", GrainId.Create("counter", $"g{index}"), states[index], default));
        }

        await Assert.ThrowsAnyAsync<Exception>(() => Task.WhenAll(writes));
        for (var i = 0; i < writes.Length; i++)
        {
            if (i == 17)
            {
                Assert.IsType<InconsistentStateException>(writes[i].Exception!.InnerException);
            }
            else
            {
                Assert.True(writes[i].IsCompletedSuccessfully, $"write {i}: {writes[i].Exception}");
            }
        }

        for (var i = 0; i < states.Length; i++)
        {
            var read = new StoredState<Counter>();
            await store.Storage.ReadStateAsync("count", GrainId.Create("counter", $"g{i}"), read, default);
            Assert.Equal(i == 17 ? 1 : 2, read.State.Value);
            Assert.Equal(i == 17 ? "1" : "2", read.ETag);
        }
    }

    [Fact]
    public async Task Clear_deletes_the_row_by_default()
    {
        await using var store = new TestStore();
        var state = new StoredState<Counter> { State = new Counter { Value = 5 } };
        await store.Storage.WriteStateAsync("count", Grain, state, default);
        var stale = new StoredState<Counter> { ETag = state.ETag };
        state.State.Value = 6;
        await store.Storage.WriteStateAsync("count", Grain, state, default);

        await Assert.ThrowsAsync<InconsistentStateException>(() => store.Storage.ClearStateAsync("count", Grain, stale, default));
        await store.Storage.ClearStateAsync("count", Grain, state, default);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State.Value);
        Assert.Equal(0L, await store.Database.ReadAsync(s => (long)s.Command("SELECT count(*) FROM grain_state").ExecuteScalar()!, default));

        // Clearing what is not there is a no-op; writing afresh inserts again.
        await store.Storage.ClearStateAsync("count", Grain, state, default);
        await store.Storage.WriteStateAsync("count", Grain, state, default);
        Assert.Equal("1", state.ETag);
    }

    [Fact]
    public async Task Clear_keeps_the_row_and_bumps_its_version_when_configured()
    {
        await using var store = new TestStore(options => options.DeleteStateOnClear = false);
        var state = new StoredState<Counter> { State = new Counter { Value = 5 } };
        await store.Storage.WriteStateAsync("count", Grain, state, default);
        var stale = new StoredState<Counter> { ETag = state.ETag };

        await store.Storage.ClearStateAsync("count", Grain, state, default);
        Assert.Equal("2", state.ETag);
        Assert.False(state.RecordExists);

        var read = new StoredState<Counter>();
        await store.Storage.ReadStateAsync("count", Grain, read, default);
        Assert.Equal("2", read.ETag);
        Assert.False(read.RecordExists);
        Assert.Equal(0, read.State.Value);

        // The writer from before the clear still conflicts; so does one that read nothing.
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.Storage.WriteStateAsync("count", Grain, stale, default));
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.Storage.WriteStateAsync("count", Grain, new StoredState<Counter>(), default));
        read.State.Value = 7;
        await store.Storage.WriteStateAsync("count", Grain, read, default);
        Assert.Equal("3", read.ETag);
        Assert.True(read.RecordExists);
    }
}
