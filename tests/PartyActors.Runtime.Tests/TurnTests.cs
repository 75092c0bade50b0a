using PartyActors.Runtime.Tests.Grains;

namespace PartyActors.Runtime.Tests;

/// <summary>One request at a time, awaits included; interleaving only where Orleans allows it.</summary>
public sealed class TurnTests
{
    [Fact]
    public async Task A_non_reentrant_read_await_write_counter_loses_no_update_under_64_concurrent_callers()
    {
        await using var cluster = await TestClusters.StartAsync();
        var counter = cluster.GrainFactory.GetGrain<ICounterGrain>("shared");

        var callers = Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                await counter.IncrementWithAwait();
            }
        }));
        await Task.WhenAll(callers);

        Assert.Equal(640_000, await counter.Get());
    }

    [Fact]
    public async Task Ten_thousand_concurrent_first_calls_create_one_activation()
    {
        var probe = new Probe();
        await using var cluster = await TestClusters.StartAsync(probe);
        using var start = new ManualResetEventSlim();

        var calls = Enumerable.Range(0, 10_000).Select(_ => Task.Run(() =>
        {
            start.Wait();
            return cluster.GrainFactory.GetGrain<ICounterGrain>("fresh").Get();
        })).ToArray();
        start.Set();
        await Task.WhenAll(calls);

        Assert.Equal(1, probe.Count("counter.constructed"));
        Assert.Equal(1, cluster.Silo.ActivationCount);
    }

    [Fact]
    public async Task A_non_reentrant_grain_holds_the_second_request_until_the_first_completes()
    {
        await using var cluster = await TestClusters.StartAsync();
        var gate = cluster.GrainFactory.GetGrain<INonReentrantGateGrain>("g");

        var first = gate.Hold();
        var second = gate.Hold();
        await TestClusters.EventuallyAsync(() => gate.Peek().Result == 1, "the first request to be inside");
        await Task.Delay(50);
        Assert.Equal(1, await gate.Peek());
        Assert.False(second.IsCompleted);

        await gate.Release();
        await first;
        await TestClusters.EventuallyAsync(() => gate.Peek().Result == 1, "the second request to enter");
        await gate.Release();
        await second;
        Assert.Equal(1, await gate.MaxInside());
    }

    [Fact]
    public async Task A_reentrant_grain_interleaves_requests_at_their_awaits()
    {
        await using var cluster = await TestClusters.StartAsync();
        var gate = cluster.GrainFactory.GetGrain<IReentrantGateGrain>("g");

        var held = Enumerable.Range(0, 3).Select(_ => gate.Hold()).ToArray();
        await TestClusters.EventuallyAsync(() => gate.Peek().Result == 3, "three requests inside at once");
        await gate.Release();
        await Task.WhenAll(held);

        Assert.Equal(3, await gate.MaxInside());
    }

    [Fact]
    public async Task A_reentrant_grain_interleaves_but_never_runs_on_two_threads_at_once()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IParallelismGrain>("p");

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => grain.Work(200))));

        Assert.Equal(1, await grain.MaxParallel());
    }

    [Fact]
    public async Task Read_only_requests_interleave_with_each_other()
    {
        await using var cluster = await TestClusters.StartAsync();
        var gate = cluster.GrainFactory.GetGrain<INonReentrantGateGrain>("ro");

        var readers = Enumerable.Range(0, 3).Select(_ => gate.HoldReadOnly()).ToArray();
        await TestClusters.EventuallyAsync(() => gate.Peek().Result == 3, "three read-only requests inside at once");
        await gate.Release();
        await Task.WhenAll(readers);

        Assert.Equal(3, await gate.MaxInside());
    }

    [Fact]
    public async Task A_read_only_request_waits_behind_a_running_writer()
    {
        await using var cluster = await TestClusters.StartAsync();
        var gate = cluster.GrainFactory.GetGrain<INonReentrantGateGrain>("rw");

        var writer = gate.Hold();
        await TestClusters.EventuallyAsync(() => gate.Peek().Result == 1, "the writer to be inside");
        var reader = gate.HoldReadOnly();
        await Task.Delay(50);
        Assert.Equal(1, await gate.Peek());

        await gate.Release();
        await writer;
        await TestClusters.EventuallyAsync(() => gate.Peek().Result == 1, "the reader to enter");
        await gate.Release();
        await reader;
        Assert.Equal(1, await gate.MaxInside());
    }

    [Fact]
    public async Task An_always_interleave_method_runs_while_a_request_holds_the_grain()
    {
        await using var cluster = await TestClusters.StartAsync();
        var gate = cluster.GrainFactory.GetGrain<INonReentrantGateGrain>("ai");

        var holder = gate.Hold();
        var queuedBehind = gate.Hold();
        await TestClusters.EventuallyAsync(() => gate.Peek().Result == 1, "the holder to be inside");

        // Peek answers although one request holds the grain and another is queued behind it.
        Assert.Equal(1, await gate.Peek().WaitAsync(TimeSpan.FromSeconds(5)));

        await gate.Release();
        await holder;
        await TestClusters.EventuallyAsync(() => gate.Peek().Result == 1, "the queued request to enter");
        await gate.Release();
        await queuedBehind;
    }
}
