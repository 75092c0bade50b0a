using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace PartyActors.Storage.Postgres.Tests.AdoNet;

/// <summary>
/// Orleans' ADO.NET grain storage on our schema, taken from a running silo configured with
/// AddAdoNetGrainStorage, so it is initialized and called as grains' persistent state calls it.
/// The silo is shared: each test names its own grains.
/// </summary>
[Collection(AdoNetCollection.Name)]
public sealed class AdoNetGrainStorageTests(AdoNetFixture fixture)
{
    private const string GrainTypeName = "counter";

    [Fact]
    public async Task A_state_never_written_reads_as_new_with_no_etag()
    {
        var storage = await StorageAsync(AdoNetSilo.Storage);

        var state = await ReadAsync(storage, GrainId.Create(GrainTypeName, "never-written"));

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State?.Value);
    }

    [Fact]
    public async Task A_written_state_is_read_back_with_its_etag_and_each_write_gets_a_new_one()
    {
        var storage = await StorageAsync(AdoNetSilo.Storage);
        var grain = GrainId.Create(GrainTypeName, "written");
        var state = new GrainState<CounterState> { State = new CounterState { Value = 1, Note = "一" } };

        await storage.WriteStateAsync(GrainTypeName, grain, state);
        var firstETag = state.ETag;
        state.State = new CounterState { Value = 2, Note = "一" };
        await storage.WriteStateAsync(GrainTypeName, grain, state);

        var read = await ReadAsync(storage, grain);
        Assert.True(read.RecordExists);
        Assert.Equal(2, read.State?.Value);
        Assert.Equal("一", read.State?.Note);
        Assert.NotNull(read.ETag);
        Assert.Equal(state.ETag, read.ETag);
        Assert.NotEqual(firstETag, read.ETag);
    }

    [Fact]
    public async Task A_write_under_a_stale_etag_or_none_is_refused_and_changes_nothing()
    {
        var storage = await StorageAsync(AdoNetSilo.Storage);
        var grain = GrainId.Create(GrainTypeName, "stale-write");
        var current = new GrainState<CounterState> { State = new CounterState { Value = 1 } };
        await storage.WriteStateAsync(GrainTypeName, grain, current);
        var stale = Copy(current, value: 100);
        current.State = new CounterState { Value = 2 };
        await storage.WriteStateAsync(GrainTypeName, grain, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(GrainTypeName, grain, stale));
        var fresh = new GrainState<CounterState> { State = new CounterState { Value = 200 } };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(GrainTypeName, grain, fresh));

        var read = await ReadAsync(storage, grain);
        Assert.Equal(2, read.State?.Value);
        Assert.Equal(current.ETag, read.ETag);
    }

    [Fact]
    public async Task Clearing_leaves_no_state_refuses_a_stale_etag_and_a_write_after_it_works()
    {
        var storage = await StorageAsync(AdoNetSilo.Storage);
        var grain = GrainId.Create(GrainTypeName, "cleared");
        var state = new GrainState<CounterState> { State = new CounterState { Value = 5 } };
        await storage.WriteStateAsync(GrainTypeName, grain, state);
        var stale = Copy(state, value: 50);

        await storage.ClearStateAsync(GrainTypeName, grain, state);

        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State?.Value);
        var cleared = await ReadAsync(storage, grain);
        Assert.False(cleared.RecordExists);
        Assert.Equal(0, cleared.State?.Value);
        Assert.Equal(state.ETag, cleared.ETag);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(GrainTypeName, grain, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(GrainTypeName, grain, Copy(stale, value: 50)));

        state.State = new CounterState { Value = 6 };
        await storage.WriteStateAsync(GrainTypeName, grain, state);
        var rewritten = await ReadAsync(storage, grain);
        Assert.True(rewritten.RecordExists);
        Assert.Equal(6, rewritten.State?.Value);
        Assert.Equal(state.ETag, rewritten.ETag);
    }

    [Fact]
    public async Task With_DeleteStateOnClear_the_state_goes_and_no_etag_from_before_matches_the_one_written_after()
    {
        var storage = await StorageAsync(AdoNetSilo.DeletingStorage);
        var grain = GrainId.Create(GrainTypeName, "deleted");
        var state = new GrainState<CounterState> { State = new CounterState { Value = 7 } };
        await storage.WriteStateAsync(GrainTypeName, grain, state);
        var stale = Copy(state, value: 70);

        await storage.ClearStateAsync(GrainTypeName, grain, state);

        Assert.Null(state.ETag);
        var deleted = await ReadAsync(storage, grain);
        Assert.False(deleted.RecordExists);
        Assert.Null(deleted.ETag);

        state.State = new CounterState { Value = 8 };
        await storage.WriteStateAsync(GrainTypeName, grain, state);
        Assert.NotEqual(stale.ETag, state.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(GrainTypeName, grain, stale));
        Assert.Equal(8, (await ReadAsync(storage, grain)).State?.Value);
    }

    [Fact]
    public async Task Grains_whose_keys_differ_only_in_their_extension_or_kind_keep_separate_states()
    {
        var storage = await StorageAsync(AdoNetSilo.Storage);
        GrainId[] grains =
        [
            GrainId.Create(GrainType.Create(GrainTypeName), GrainIdKeyExtensions.CreateIntegerKey(7)),
            GrainId.Create(GrainType.Create(GrainTypeName), GrainIdKeyExtensions.CreateIntegerKey(7, "a")),
            GrainId.Create(GrainType.Create(GrainTypeName), GrainIdKeyExtensions.CreateIntegerKey(7, "b")),
            GrainId.Create(GrainType.Create(GrainTypeName), GrainIdKeyExtensions.CreateGuidKey(Guid.Parse("6f1c0a52-7d43-4e0b-9a55-6b2f1e8d3c21"))),
            GrainId.Create(GrainType.Create(GrainTypeName), GrainIdKeyExtensions.CreateGuidKey(Guid.Parse("6f1c0a52-7d43-4e0b-9a55-6b2f1e8d3c21"), "a")),
            GrainId.Create(GrainTypeName, "seven"),
        ];

        for (var i = 0; i < grains.Length; i++)
        {
            await storage.WriteStateAsync(GrainTypeName, grains[i], new GrainState<CounterState> { State = new CounterState { Value = i + 1 } });
        }

        for (var i = 0; i < grains.Length; i++)
        {
            Assert.Equal(i + 1, (await ReadAsync(storage, grains[i])).State?.Value);
        }
    }

    private async Task<IGrainStorage> StorageAsync(string name) =>
        (await fixture.SharedSiloAsync()).Services.GetRequiredKeyedService<IGrainStorage>(name);

    private static async Task<GrainState<CounterState>> ReadAsync(IGrainStorage storage, GrainId grain)
    {
        var state = new GrainState<CounterState>();
        await storage.ReadStateAsync(GrainTypeName, grain, state);
        return state;
    }

    /// <summary>A second holder of the same record and ETag, to play a writer who missed the later writes.</summary>
    private static GrainState<CounterState> Copy(GrainState<CounterState> original, long value) =>
        new() { State = new CounterState { Value = value }, ETag = original.ETag, RecordExists = original.RecordExists };
}

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public long Value { get; set; }

    [Id(1)]
    public string? Note { get; set; }
}
