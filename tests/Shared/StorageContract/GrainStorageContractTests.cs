using PartyActors.Runtime;

namespace PartyActors.Storage.Contract;

/// <summary>The <see cref="IGrainStorage"/> contract: round trips, ETags, clear, schema evolution.</summary>
public abstract class GrainStorageContractTests
{
    private static readonly GrainId Grain = GrainId.Create("contract", "g1");

    /// <summary>A silo configuration registering a fresh, empty store as "Default" state and log storage and as the reminder table.</summary>
    protected abstract Task<Action<ISiloBuilder>> CreateStoreAsync();

    public sealed class Tally
    {
        public int Value { get; set; }

        public List<string> Notes { get; set; } = [];
    }

    public sealed class TallyWithMore
    {
        public int Value { get; set; }

        public string Extra { get; set; } = "default";
    }

    [Fact]
    public async Task Reading_an_absent_record_gives_a_fresh_state_and_no_etag()
    {
        await using var store = await StoreHarness.StartAsync(await CreateStoreAsync());
        var state = new GrainState<Tally> { State = new Tally { Value = 9 }, ETag = "stale" };

        await store.GrainStorage.ReadStateAsync("tally", Grain, state, default);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State.Value);
    }

    [Fact]
    public async Task A_written_state_reads_back_and_each_write_changes_the_etag()
    {
        await using var store = await StoreHarness.StartAsync(await CreateStoreAsync());
        var state = new GrainState<Tally> { State = new Tally { Value = 1, Notes = ["一", "two"] } };

        await store.GrainStorage.WriteStateAsync("tally", Grain, state, default);
        var first = state.ETag;
        state.State.Value = 2;
        await store.GrainStorage.WriteStateAsync("tally", Grain, state, default);

        var read = new GrainState<Tally>();
        await store.GrainStorage.ReadStateAsync("tally", Grain, read, default);
        Assert.NotNull(first);
        Assert.NotEqual(first, state.ETag);
        Assert.Equal(state.ETag, read.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(2, read.State.Value);
        Assert.Equal(["一", "two"], read.State.Notes);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_throws_and_leaves_the_other_writers_state()
    {
        await using var store = await StoreHarness.StartAsync(await CreateStoreAsync());
        var mine = new GrainState<Tally>();
        var theirs = new GrainState<Tally>();
        await store.GrainStorage.ReadStateAsync("tally", Grain, mine, default);
        await store.GrainStorage.ReadStateAsync("tally", Grain, theirs, default);
        theirs.State.Value = 100;
        await store.GrainStorage.WriteStateAsync("tally", Grain, theirs, default);

        mine.State.Value = 1;
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.GrainStorage.WriteStateAsync("tally", Grain, mine, default));

        var read = new GrainState<Tally>();
        await store.GrainStorage.ReadStateAsync("tally", Grain, read, default);
        Assert.Equal(100, read.State.Value);
        Assert.Equal(theirs.ETag, read.ETag);

        mine.ETag = "12345";
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.GrainStorage.WriteStateAsync("tally", Grain, mine, default));
    }

    [Fact]
    public async Task One_stale_write_among_many_concurrent_ones_fails_alone()
    {
        await using var store = await StoreHarness.StartAsync(await CreateStoreAsync());
        var stale = new GrainState<Tally> { ETag = "999999" };
        var writes = Enumerable.Range(0, 200).Select(i => new GrainState<Tally> { State = new Tally { Value = i } }).ToArray();

        var results = await Task.WhenAll(writes.Select((w, i) => Capture(store.GrainStorage.WriteStateAsync("tally", GrainId.Create("contract", $"many-{i}"), w, default)))
            .Append(Capture(store.GrainStorage.WriteStateAsync("tally", GrainId.Create("contract", "many-stale"), stale, default))));

        Assert.All(results.Take(200), Assert.Null);
        Assert.IsType<InconsistentStateException>(results[200]);
        for (var i = 0; i < 200; i += 37)
        {
            var read = new GrainState<Tally>();
            await store.GrainStorage.ReadStateAsync("tally", GrainId.Create("contract", $"many-{i}"), read, default);
            Assert.Equal(i, read.State.Value);
        }

        static async Task<Exception?> Capture(Task write)
        {
            try
            {
                await write;
                return null;
            }
            catch (Exception exception)
            {
                return exception;
            }
        }
    }

    [Fact]
    public async Task Clearing_resets_the_state_and_a_later_write_starts_afresh()
    {
        await using var store = await StoreHarness.StartAsync(await CreateStoreAsync());
        var state = new GrainState<Tally> { State = new Tally { Value = 5 } };
        await store.GrainStorage.WriteStateAsync("tally", Grain, state, default);

        await store.GrainStorage.ClearStateAsync("tally", Grain, state, default);

        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State.Value);
        var read = new GrainState<Tally>();
        await store.GrainStorage.ReadStateAsync("tally", Grain, read, default);
        Assert.False(read.RecordExists);
        Assert.Equal(0, read.State.Value);

        state.State.Value = 6;
        await store.GrainStorage.WriteStateAsync("tally", Grain, state, default);
        await store.GrainStorage.ReadStateAsync("tally", Grain, read, default);
        Assert.Equal(6, read.State.Value);
    }

    [Fact]
    public async Task Clearing_with_a_stale_etag_throws()
    {
        await using var store = await StoreHarness.StartAsync(await CreateStoreAsync());
        var state = new GrainState<Tally>();
        await store.GrainStorage.WriteStateAsync("tally", Grain, state, default);
        var stale = new GrainState<Tally> { ETag = "424242" };

        await Assert.ThrowsAsync<InconsistentStateException>(() => store.GrainStorage.ClearStateAsync("tally", Grain, stale, default));
    }

    [Fact]
    public async Task States_are_kept_apart_by_grain_type_key_and_state_name()
    {
        await using var store = await StoreHarness.StartAsync(await CreateStoreAsync());
        var ids = new[] { GrainId.Create("a", "k"), GrainId.Create("b", "k"), GrainId.Create("a", "k2") };
        for (var i = 0; i < ids.Length; i++)
        {
            await store.GrainStorage.WriteStateAsync("s", ids[i], new GrainState<Tally> { State = new Tally { Value = i + 1 } }, default);
        }

        await store.GrainStorage.WriteStateAsync("other", ids[0], new GrainState<Tally> { State = new Tally { Value = 10 } }, default);

        for (var i = 0; i < ids.Length; i++)
        {
            var read = new GrainState<Tally>();
            await store.GrainStorage.ReadStateAsync("s", ids[i], read, default);
            Assert.Equal(i + 1, read.State.Value);
        }
    }

    [Fact]
    public async Task A_field_added_later_reads_its_default_from_records_written_before()
    {
        await using var store = await StoreHarness.StartAsync(await CreateStoreAsync());
        await store.GrainStorage.WriteStateAsync("evolving", Grain, new GrainState<Tally> { State = new Tally { Value = 3 } }, default);

        var read = new GrainState<TallyWithMore>();
        await store.GrainStorage.ReadStateAsync("evolving", Grain, read, default);

        Assert.Equal(3, read.State.Value);
        Assert.Equal("default", read.State.Extra);
    }
}
