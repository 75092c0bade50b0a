using Microsoft.Extensions.DependencyInjection;
using PartyActors.Runtime.Tests.Grains;

namespace PartyActors.Runtime.Tests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_finishes_running_calls_deactivates_everything_and_refuses_new_calls()
    {
        var probe = new Probe();
        await using var cluster = await TestClusters.StartAsync(probe);
        var gate = cluster.GrainFactory.GetGrain<INonReentrantGateGrain>("held");
        var others = Enumerable.Range(0, 10).Select(i => cluster.GrainFactory.GetGrain<ILifecycleGrain>($"l{i}")).ToArray();
        await Task.WhenAll(others.Select(o => o.Ping()));
        var running = gate.Hold();
        await TestClusters.EventuallyAsync(() => gate.Peek().Result == 1, "the held call to be running");

        var stopping = cluster.Silo.StopAsync();
        await Task.Delay(50);
        Assert.False(stopping.IsCompleted);
        await Assert.ThrowsAsync<SiloUnavailableException>(() => others[0].Ping());

        // Calls from outside are refused now (Release included), so open the gate from the grain's
        // own scheduler, as a timer tick would.
        await ReleaseFromInsideAsync(cluster, gate);
        await running;
        await stopping;

        Assert.Equal(0, cluster.Silo.ActivationCount);
        Assert.All(Enumerable.Range(0, 10), i => Assert.Equal(1, probe.Count($"deactivate:l{i}:ShuttingDown")));
    }

    [Fact]
    public async Task Grains_persist_their_state_when_the_silo_stops()
    {
        var store = new MemoryGrainStorage(new GrainStateSerializer(Microsoft.Extensions.Options.Options.Create(new GrainStateSerializerOptions())));
        await using var cluster = await TestClusters.StartAsync(silo: s =>
            s.Services.AddKeyedSingleton<IGrainStorage>(PersistentStateAttribute.DefaultStorageName, store));
        await cluster.GrainFactory.GetGrain<IStatefulGrain>("lazy").AddLazily(7);

        await cluster.RestartAsync();

        Assert.Equal(7, (await cluster.GrainFactory.GetGrain<IStatefulGrain>("lazy").Read()).Value);
    }

    private static Task ReleaseFromInsideAsync(Testing.InProcessTestCluster cluster, IGateGrain gate)
    {
        var runtime = cluster.Services.GetRequiredService<RuntimeCore>();
        runtime.Catalog.TryGet(((GrainReference)gate).GrainId, out var activation);
        var released = new TaskCompletionSource();
        activation!.Post(_ =>
        {
            ((GateGrainBase)activation.GrainInstance).Release();
            released.SetResult();
        }, null);
        return released.Task;
    }
}
