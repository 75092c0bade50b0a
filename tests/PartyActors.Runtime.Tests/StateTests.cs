using Microsoft.Extensions.DependencyInjection;
using PartyActors.Runtime.Tests.Grains;

namespace PartyActors.Runtime.Tests;

public sealed class StateTests
{
    private static Task<Testing.InProcessTestCluster> StartWithStoreAsync(MemoryGrainStorage store) =>
        TestClusters.StartAsync(silo: s => s.Services.AddKeyedSingleton<IGrainStorage>(PersistentStateAttribute.DefaultStorageName, store));

    private static MemoryGrainStorage NewStore() =>
        new(new GrainStateSerializer(Microsoft.Extensions.Options.Options.Create(new GrainStateSerializerOptions())));

    [Fact]
    public async Task State_is_read_on_activation_and_written_with_a_new_etag_each_time()
    {
        var store = NewStore();
        await using var cluster = await StartWithStoreAsync(store);
        var grain = cluster.GrainFactory.GetGrain<IStatefulGrain>("s");

        var fresh = await grain.Read();
        var first = await grain.Add(2, "a");
        var second = await grain.Add(3, "b");

        Assert.False(fresh.RecordExists);
        Assert.Null(fresh.Etag);
        Assert.True(first.RecordExists);
        Assert.NotEqual(first.Etag, second.Etag);

        await cluster.RestartAsync();
        var reread = await cluster.GrainFactory.GetGrain<IStatefulGrain>("s").Read();
        Assert.Equal(5, reread.Value);
        Assert.Equal("a,b", string.Join(',', reread.Notes));
        Assert.NotNull(reread.Etag);
    }

    [Fact]
    public async Task A_stale_etag_raises_InconsistentStateException_and_the_next_call_reads_afresh()
    {
        var store = NewStore();
        await using var cluster = await StartWithStoreAsync(store);
        var grain = cluster.GrainFactory.GetGrain<IStatefulGrain>("race");
        await grain.Add(1, "mine");

        // Another writer changes the stored record behind the activation's back.
        var other = new GrainState<Tally> { State = new Tally { Value = 100 } };
        await store.ReadStateAsync("tally", GrainId.Create("stateful", "race"), other, default);
        other.State.Value = 100;
        await store.WriteStateAsync("tally", GrainId.Create("stateful", "race"), other, default);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Add(1, "lost"));
        await TestClusters.EventuallyAsync(() => grain.Read().Result.Value == 100, "a new activation reading the other writer's state");
        Assert.Equal(101, (await grain.Add(1, "again")).Value);
    }

    [Fact]
    public async Task Clearing_removes_the_record()
    {
        var store = NewStore();
        await using var cluster = await StartWithStoreAsync(store);
        var grain = cluster.GrainFactory.GetGrain<IStatefulGrain>("c");
        await grain.Add(1, "x");

        await grain.Clear();

        var view = await grain.Read();
        Assert.False(view.RecordExists);
        Assert.Equal(0, view.Value);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public async Task A_grain_naming_an_unregistered_store_fails_to_activate_with_a_clear_message()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IMisconfiguredGrain>("m");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Ping());

        Assert.Contains("'Nowhere'", error.Message, StringComparison.Ordinal);
    }
}
