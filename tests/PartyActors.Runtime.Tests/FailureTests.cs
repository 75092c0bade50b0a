using PartyActors.Runtime.Testing;
using PartyActors.Runtime.Tests.Grains;

namespace PartyActors.Runtime.Tests;

public sealed class FailureTests
{
    [Fact]
    public async Task A_grain_exception_reaches_the_caller_with_its_type_and_message_and_the_activation_lives_on()
    {
        var probe = new Probe();
        await using var cluster = await TestClusters.StartAsync(probe);
        var grain = cluster.GrainFactory.GetGrain<ILifecycleGrain>("f");
        var before = await grain.Ping();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Fail("the reason"));

        Assert.Equal("the reason", error.Message);
        Assert.Equal(before, await grain.Ping());
        Assert.Equal(1, probe.Count("activate:f"));
    }

    [Fact]
    public async Task An_inconsistent_state_exception_deactivates_the_activation()
    {
        var probe = new Probe();
        await using var cluster = await TestClusters.StartAsync(probe);
        var grain = cluster.GrainFactory.GetGrain<ILifecycleGrain>("i");
        var before = await grain.Ping();

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.FailInconsistently());

        await TestClusters.EventuallyAsync(() => probe.Count("deactivate:i:InconsistentState") == 1, "deactivation");
        Assert.NotEqual(before, await grain.Ping());
        Assert.Equal(2, probe.Count("activate:i"));
    }

    [Fact]
    public async Task A_failed_activation_faults_its_calls_and_the_next_call_activates_again()
    {
        var probe = new Probe();
        await using var cluster = await TestClusters.StartAsync(probe);
        var grain = cluster.GrainFactory.GetGrain<IFlakyActivationGrain>("x");

        // All five calls are queued while the first activation is still running OnActivateAsync.
        var queued = Enumerable.Range(0, 5).Select(_ => grain.Ping()).ToArray();
        probe.Gate.SetResult();

        foreach (var call in queued)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => call);
            Assert.Equal("first activation fails", error.Message);
        }

        Assert.Equal(2, await grain.Ping());
    }

    [Fact]
    public async Task A_call_without_an_answer_times_out_and_so_do_calls_queued_behind_it()
    {
        var clock = new ManualTimeProvider();
        await using var cluster = await TestClusters.StartAsync(time: clock, options: o =>
        {
            o.ResponseTimeout = TimeSpan.FromSeconds(30);

            // The hung call never ends, so the stop at the end of the test gives up on it quickly.
            o.ShutdownTimeout = TimeSpan.FromMilliseconds(200);
        });
        var grain = cluster.GrainFactory.GetGrain<ISlowGrain>("s");

        var hanging = grain.Hang();
        var queued = grain.Ping();
        await Task.Delay(50);
        Assert.False(hanging.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(50);
        Assert.False(hanging.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(2));
        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => hanging);
        Assert.Contains("Hang", timeout.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<TimeoutException>(() => queued);
    }

    [Fact]
    public async Task A_call_to_an_unregistered_interface_fails_clearly()
    {
        await using var cluster = await TestClusters.StartAsync();

        var error = Assert.Throws<InvalidOperationException>(() => cluster.GrainFactory.GetGrain<IGateGrain>("ambiguous"));

        Assert.Contains("several grain classes", error.Message, StringComparison.Ordinal);
    }
}
