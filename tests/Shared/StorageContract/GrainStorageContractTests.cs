using Orleans.Storage;

namespace PartyActors.Storage.Contract;

/// <summary>
/// The Orleans <see cref="IGrainStorage"/> contract every store keeps: round trips, ETags and
/// <see cref="InconsistentStateException"/> on conflicts, <c>RecordExists</c>, clearing, concurrent
/// writers, large and non-ASCII states, and schema evolution. ETags are opaque here: each store has
/// its own format (its own tests pin it down).
/// </summary>
public abstract class GrainStorageContractTests
{
    private static readonly GrainId Grain = GrainId.Create("contract", "g1");

    /// <summary>A silo configuration registering a fresh, empty store as the "Default" grain storage.</summary>
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
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());
        var state = new StoredState<Tally> { State = new Tally { Value = 9 }, ETag = "7", RecordExists = true };

        await silo.GrainStorage.ReadStateAsync("tally", Grain, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
        Assert.Equal(0, state.State.Value);
    }

    [Fact]
    public async Task A_written_state_reads_back_and_each_write_changes_the_etag()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());
        var state = new StoredState<Tally> { State = new Tally { Value = 1, Notes = ["一", "two"] } };

        await silo.GrainStorage.WriteStateAsync("tally", Grain, state);
        var first = state.ETag;
        Assert.True(state.RecordExists);
        state.State.Value = 2;
        await silo.GrainStorage.WriteStateAsync("tally", Grain, state);

        var read = new StoredState<Tally>();
        await silo.GrainStorage.ReadStateAsync("tally", Grain, read);
        Assert.NotNull(first);
        Assert.NotEqual(first, state.ETag);
        Assert.Equal(state.ETag, read.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(2, read.State.Value);
        Assert.Equal(["一", "two"], read.State.Notes);
    }

    [Fact]
    public async Task Chinese_keys_state_names_and_text_round_trip()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());
        var grain = GrainId.Create("organization", "武汉市/江岸区/台北街道/党支部-1 ✓");
        var notes = new List<string> { "三会一课", "主题党日 🇨🇳", "quote \" backslash \\ tab \t", "\u0001 control", "𠀀 beyond the BMP" };
        await silo.GrainStorage.WriteStateAsync("党员名册", grain, new StoredState<Tally> { State = new Tally { Value = 3, Notes = notes } });

        var read = new StoredState<Tally>();
        await silo.GrainStorage.ReadStateAsync("党员名册", grain, read);
        Assert.True(read.RecordExists);
        Assert.Equal(notes, read.State.Notes);

        // A near miss on the key or the state name is another record.
        var other = new StoredState<Tally>();
        await silo.GrainStorage.ReadStateAsync("党员名册", GrainId.Create("organization", "武汉市/江岸区/台北街道/党支部-1"), other);
        Assert.False(other.RecordExists);
        await silo.GrainStorage.ReadStateAsync("党员", grain, other);
        Assert.False(other.RecordExists);
    }

    [Fact]
    public async Task A_large_state_round_trips_and_is_replaced_by_a_small_one()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());

        // About 2 MB of JSON: a district roster is far smaller, so no real state comes near it.
        var notes = Enumerable.Range(0, 20_000).Select(i => $"成员 {i:D5}: " + new string((char)('a' + (i % 26)), 80)).ToList();
        var state = new StoredState<Tally> { State = new Tally { Value = 1, Notes = notes } };
        await silo.GrainStorage.WriteStateAsync("roster", Grain, state);

        var read = new StoredState<Tally>();
        await silo.GrainStorage.ReadStateAsync("roster", Grain, read);
        Assert.Equal(notes, read.State.Notes);

        read.State.Notes = ["short"];
        await silo.GrainStorage.WriteStateAsync("roster", Grain, read);
        var again = new StoredState<Tally>();
        await silo.GrainStorage.ReadStateAsync("roster", Grain, again);
        Assert.Equal(["short"], again.State.Notes);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_throws_and_leaves_the_other_writers_state()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());
        var mine = new StoredState<Tally>();
        var theirs = new StoredState<Tally>();
        await silo.GrainStorage.ReadStateAsync("tally", Grain, mine);
        await silo.GrainStorage.ReadStateAsync("tally", Grain, theirs);
        theirs.State.Value = 100;
        await silo.GrainStorage.WriteStateAsync("tally", Grain, theirs);

        // Both read "nothing stored"; the second writer finds a record and is refused.
        mine.State.Value = 1;
        await Assert.ThrowsAsync<InconsistentStateException>(() => silo.GrainStorage.WriteStateAsync("tally", Grain, mine));

        // A writer holding an older version is refused too.
        var older = new StoredState<Tally> { State = new Tally { Value = 2 }, ETag = theirs.ETag, RecordExists = true };
        theirs.State.Value = 101;
        await silo.GrainStorage.WriteStateAsync("tally", Grain, theirs);
        await Assert.ThrowsAsync<InconsistentStateException>(() => silo.GrainStorage.WriteStateAsync("tally", Grain, older));

        var read = new StoredState<Tally>();
        await silo.GrainStorage.ReadStateAsync("tally", Grain, read);
        Assert.Equal(101, read.State.Value);
        Assert.Equal(theirs.ETag, read.ETag);

        // An ETag the store never issued matches nothing.
        mine.ETag = "12345";
        await Assert.ThrowsAsync<InconsistentStateException>(() => silo.GrainStorage.WriteStateAsync("tally", Grain, mine));

        // The refused writer recovers as Orleans does after deactivating it: read again, then write.
        await silo.GrainStorage.ReadStateAsync("tally", Grain, mine);
        mine.State.Value = 102;
        await silo.GrainStorage.WriteStateAsync("tally", Grain, mine);
        await silo.GrainStorage.ReadStateAsync("tally", Grain, read);
        Assert.Equal(102, read.State.Value);
    }

    [Fact]
    public async Task Of_two_concurrent_writers_holding_one_etag_exactly_one_wins()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());
        var original = new StoredState<Tally> { State = new Tally { Value = 1 } };
        await silo.GrainStorage.WriteStateAsync("tally", Grain, original);

        for (var round = 0; round < 5; round++)
        {
            var current = new StoredState<Tally>();
            await silo.GrainStorage.ReadStateAsync("tally", Grain, current);
            var writers = Enumerable.Range(0, 4)
                .Select(w => new StoredState<Tally> { State = new Tally { Value = (round * 10) + w }, ETag = current.ETag, RecordExists = true })
                .ToArray();

            var outcomes = await Task.WhenAll(writers.Select(w => Capture(silo.GrainStorage.WriteStateAsync("tally", Grain, w))));

            Assert.Equal(1, outcomes.Count(o => o is null));
            Assert.All(outcomes.Where(o => o is not null), o => Assert.IsType<InconsistentStateException>(o));
            var winner = writers[Array.FindIndex(outcomes, o => o is null)];
            var read = new StoredState<Tally>();
            await silo.GrainStorage.ReadStateAsync("tally", Grain, read);
            Assert.Equal(winner.State.Value, read.State.Value);
            Assert.Equal(winner.ETag, read.ETag);
        }
    }

    [Fact]
    public async Task One_stale_write_among_many_concurrent_ones_fails_alone()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());
        var stale = new StoredState<Tally> { ETag = "999999" };
        var writes = Enumerable.Range(0, 200).Select(i => new StoredState<Tally> { State = new Tally { Value = i } }).ToArray();

        var results = await Task.WhenAll(writes
            .Select((w, i) => Capture(silo.GrainStorage.WriteStateAsync("tally", GrainId.Create("contract", $"many-{i}"), w)))
            .Append(Capture(silo.GrainStorage.WriteStateAsync("tally", GrainId.Create("contract", "many-stale"), stale))));

        Assert.All(results.Take(200), Assert.Null);
        Assert.IsType<InconsistentStateException>(results[200]);
        for (var i = 0; i < 200; i += 37)
        {
            var read = new StoredState<Tally>();
            await silo.GrainStorage.ReadStateAsync("tally", GrainId.Create("contract", $"many-{i}"), read);
            Assert.Equal(i, read.State.Value);
            Assert.Equal(writes[i].ETag, read.ETag);
        }
    }

    [Fact]
    public async Task Clearing_resets_the_state_and_a_later_write_starts_afresh()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());
        var state = new StoredState<Tally> { State = new Tally { Value = 5 } };
        await silo.GrainStorage.WriteStateAsync("tally", Grain, state);

        await silo.GrainStorage.ClearStateAsync("tally", Grain, state);

        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State.Value);
        var read = new StoredState<Tally>();
        await silo.GrainStorage.ReadStateAsync("tally", Grain, read);
        Assert.False(read.RecordExists);
        Assert.Equal(0, read.State.Value);

        // The cleared holder writes on (its ETag is whatever the clear left it), as an activation does.
        state.State.Value = 6;
        await silo.GrainStorage.WriteStateAsync("tally", Grain, state);
        Assert.True(state.RecordExists);
        await silo.GrainStorage.ReadStateAsync("tally", Grain, read);
        Assert.True(read.RecordExists);
        Assert.Equal(6, read.State.Value);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task Clearing_a_record_never_written_does_nothing()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());
        var state = new StoredState<Tally>();

        await silo.GrainStorage.ClearStateAsync("tally", Grain, state);

        Assert.False(state.RecordExists);
        var read = new StoredState<Tally>();
        await silo.GrainStorage.ReadStateAsync("tally", Grain, read);
        Assert.False(read.RecordExists);
        state.State.Value = 1;
        await silo.GrainStorage.WriteStateAsync("tally", Grain, state);
        Assert.True(state.RecordExists);
    }

    [Fact]
    public async Task Clearing_with_a_stale_etag_throws_and_keeps_the_state()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());
        var state = new StoredState<Tally> { State = new Tally { Value = 1 } };
        await silo.GrainStorage.WriteStateAsync("tally", Grain, state);
        var stale = new StoredState<Tally> { ETag = state.ETag, RecordExists = true };
        state.State.Value = 2;
        await silo.GrainStorage.WriteStateAsync("tally", Grain, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => silo.GrainStorage.ClearStateAsync("tally", Grain, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            silo.GrainStorage.ClearStateAsync("tally", Grain, new StoredState<Tally> { ETag = "424242", RecordExists = true }));

        var read = new StoredState<Tally>();
        await silo.GrainStorage.ReadStateAsync("tally", Grain, read);
        Assert.True(read.RecordExists);
        Assert.Equal(2, read.State.Value);
    }

    [Fact]
    public async Task States_are_kept_apart_by_grain_type_key_and_state_name()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());
        var ids = new[] { GrainId.Create("a", "k"), GrainId.Create("b", "k"), GrainId.Create("a", "k2") };
        for (var i = 0; i < ids.Length; i++)
        {
            await silo.GrainStorage.WriteStateAsync("s", ids[i], new StoredState<Tally> { State = new Tally { Value = i + 1 } });
        }

        await silo.GrainStorage.WriteStateAsync("other", ids[0], new StoredState<Tally> { State = new Tally { Value = 10 } });

        for (var i = 0; i < ids.Length; i++)
        {
            var read = new StoredState<Tally>();
            await silo.GrainStorage.ReadStateAsync("s", ids[i], read);
            Assert.Equal(i + 1, read.State.Value);
        }

        var otherRead = new StoredState<Tally>();
        await silo.GrainStorage.ReadStateAsync("other", ids[0], otherRead);
        Assert.Equal(10, otherRead.State.Value);
    }

    [Fact]
    public async Task Keys_that_read_alike_as_numbers_or_differ_only_in_case_are_different_records()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());
        string[] keys = ["abc", "ABC", "0abc", "20235", "020235", "7", "7+a", "6f1c0a527d434e0b9a556b2f1e8d3c21", "6F1C0A527D434E0B9A556B2F1E8D3C21"];
        for (var i = 0; i < keys.Length; i++)
        {
            await silo.GrainStorage.WriteStateAsync("s", GrainId.Create("member", keys[i]), new StoredState<Tally> { State = new Tally { Value = i + 1 } });
        }

        for (var i = 0; i < keys.Length; i++)
        {
            var read = new StoredState<Tally>();
            await silo.GrainStorage.ReadStateAsync("s", GrainId.Create("member", keys[i]), read);
            Assert.Equal((keys[i], i + 1), (keys[i], read.State.Value));
        }
    }

    [Fact]
    public async Task A_field_added_later_reads_its_default_from_records_written_before()
    {
        await using var silo = await ContractSilo.StartAsync(await CreateStoreAsync());
        await silo.GrainStorage.WriteStateAsync("evolving", Grain, new StoredState<Tally> { State = new Tally { Value = 3, Notes = ["kept"] } });

        var read = new StoredState<TallyWithMore>();
        await silo.GrainStorage.ReadStateAsync("evolving", Grain, read);

        Assert.Equal(3, read.State.Value);
        Assert.Equal("default", read.State.Extra);
    }

    private static async Task<Exception?> Capture(Task write)
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
