using PartyActors.Runtime.Testing;
using PartyActors.Runtime.Tests.Grains;

namespace PartyActors.Runtime.Tests;

/// <summary>Idle collection, DeactivateOnIdle and DelayDeactivation, on a clock the test moves.</summary>
public sealed class LifecycleTests
{
    private static readonly Action<GrainRuntimeOptions> FastCollector = o => o.CollectionQuantum = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_idle_activation_is_collected_after_the_default_age_and_not_before()
    {
        var probe = new Probe();
        var clock = new ManualTimeProvider();
        await using var cluster = await TestClusters.StartAsync(probe, clock, FastCollector);
        var grain = cluster.GrainFactory.GetGrain<ILifecycleGrain>("idle");
        await grain.Ping();

        clock.Advance(TimeSpan.FromMinutes(14));
        await Task.Delay(50);
        Assert.Equal(0, probe.Count("deactivate:idle:ActivationIdle"));
        Assert.Equal(1, cluster.Silo.ActivationCount);

        clock.Advance(TimeSpan.FromMinutes(1.5));
        await TestClusters.EventuallyAsync(() => probe.Count("deactivate:idle:ActivationIdle") == 1, "idle collection");
        await TestClusters.EventuallyAsync(() => cluster.Silo.ActivationCount == 0, "the catalog to empty");

        await grain.Ping();
        Assert.Equal(2, probe.Count("activate:idle"));
    }

    [Fact]
    public async Task Calls_keep_an_activation_alive()
    {
        var probe = new Probe();
        var clock = new ManualTimeProvider();
        await using var cluster = await TestClusters.StartAsync(probe, clock, FastCollector);
        var grain = cluster.GrainFactory.GetGrain<ILifecycleGrain>("busy");

        for (var minute = 0; minute < 40; minute += 10)
        {
            await grain.Ping();
            clock.Advance(TimeSpan.FromMinutes(10));
            await Task.Delay(20);
        }

        Assert.Equal(0, probe.Count("deactivate:busy:ActivationIdle"));
        Assert.Equal(1, probe.Count("activate:busy"));
    }

    [Fact]
    public async Task The_collection_age_is_per_grain_type_from_the_attribute_and_from_options()
    {
        var probe = new Probe();
        var clock = new ManualTimeProvider();
        await using var cluster = await TestClusters.StartAsync(probe, clock, o =>
        {
            FastCollector(o);
            o.CollectionAgeByGrainType["lifecycle"] = TimeSpan.FromMinutes(5);
        });
        await cluster.GrainFactory.GetGrain<IShortLivedGrain>("a").Ping();
        await cluster.GrainFactory.GetGrain<ILifecycleGrain>("b").Ping();

        clock.Advance(TimeSpan.FromMinutes(2.5));
        await TestClusters.EventuallyAsync(() => probe.Count("short-deactivate:a") == 1, "the 2-minute grain to go");
        Assert.Equal(0, probe.Count("deactivate:b:ActivationIdle"));

        clock.Advance(TimeSpan.FromMinutes(3));
        await TestClusters.EventuallyAsync(() => probe.Count("deactivate:b:ActivationIdle") == 1, "the 5-minute grain to go");
    }

    [Fact]
    public async Task DeactivateOnIdle_deactivates_after_the_current_call_and_the_next_call_gets_a_new_activation()
    {
        var probe = new Probe();
        await using var cluster = await TestClusters.StartAsync(probe);
        var grain = cluster.GrainFactory.GetGrain<ILifecycleGrain>("leave");
        var first = await grain.Ping();

        await grain.Leave();
        await TestClusters.EventuallyAsync(() => probe.Count("deactivate:leave:ApplicationRequested") == 1, "deactivation");

        Assert.NotEqual(first, await grain.Ping());
        Assert.Equal(2, probe.Count("activate:leave"));
    }

    [Fact]
    public async Task Calls_queued_behind_DeactivateOnIdle_are_served_by_the_next_activation()
    {
        var probe = new Probe();
        await using var cluster = await TestClusters.StartAsync(probe);
        var grain = cluster.GrainFactory.GetGrain<ILifecycleGrain>("q");
        await grain.Ping();

        var leave = grain.Leave();
        var after = Enumerable.Range(0, 20).Select(_ => grain.Ping()).ToArray();
        await leave;
        var ids = await Task.WhenAll(after);

        Assert.All(ids, id => Assert.False(string.IsNullOrEmpty(id)));
        Assert.Equal(1, probe.Count("deactivate:q:ApplicationRequested"));
    }

    [Fact]
    public async Task DelayDeactivation_keeps_an_idle_activation_beyond_its_age()
    {
        var probe = new Probe();
        var clock = new ManualTimeProvider();
        await using var cluster = await TestClusters.StartAsync(probe, clock, FastCollector);
        var grain = cluster.GrainFactory.GetGrain<ILifecycleGrain>("kept");
        await grain.KeepAliveFor(TimeSpan.FromMinutes(40));

        clock.Advance(TimeSpan.FromMinutes(30));
        await Task.Delay(50);
        Assert.Equal(0, probe.Count("deactivate:kept:ActivationIdle"));

        clock.Advance(TimeSpan.FromMinutes(11));
        await TestClusters.EventuallyAsync(() => probe.Count("deactivate:kept:ActivationIdle") == 1, "collection after the delay");
    }

    [Fact]
    public async Task Getting_a_reference_does_not_activate_anything()
    {
        var probe = new Probe();
        await using var cluster = await TestClusters.StartAsync(probe);

        for (var i = 0; i < 1000; i++)
        {
            _ = cluster.GrainFactory.GetGrain<ILifecycleGrain>($"ref-{i}");
        }

        Assert.Equal(0, cluster.Silo.ActivationCount);
        Assert.Empty(probe.Events);
    }

    [Fact]
    public async Task Guid_and_integer_keys_round_trip()
    {
        await using var cluster = await TestClusters.StartAsync();
        var key = Guid.NewGuid();

        Assert.Equal(key, await cluster.GrainFactory.GetGrain<IGuidKeyedGrain>(key).Key());
        Assert.Equal(-42L, await cluster.GrainFactory.GetGrain<IIntegerKeyedGrain>(-42).Key());
    }
}
