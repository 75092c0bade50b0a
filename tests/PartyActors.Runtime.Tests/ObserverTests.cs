using System.Collections.Concurrent;
using PartyActors.Runtime.Testing;
using PartyActors.Runtime.Tests.Grains;

namespace PartyActors.Runtime.Tests;

public sealed class ObserverTests
{
    private sealed class Recorder : INewsObserver
    {
        public ConcurrentQueue<int> Received { get; } = new();

        public Task OnNews(int sequence)
        {
            Received.Enqueue(sequence);
            return Task.CompletedTask;
        }
    }

    /// <summary>Never finishes handling a notification.</summary>
    private sealed class Stuck : INewsObserver
    {
        public int Calls;

        public Task OnNews(int sequence)
        {
            Interlocked.Increment(ref Calls);
            return new TaskCompletionSource().Task;
        }
    }

    [Fact]
    public async Task Notifications_reach_live_subscribers_in_order_while_a_dead_and_a_stuck_one_block_nothing()
    {
        await using var cluster = await TestClusters.StartAsync();
        var factory = cluster.GrainFactory;
        var publisher = factory.GetGrain<IPublisherGrain>("news");
        var live = new Recorder();
        var stuck = new Stuck();
        var liveReference = factory.CreateObjectReference<INewsObserver>(live);
        var stuckReference = factory.CreateObjectReference<INewsObserver>(stuck);
        var deadReference = factory.CreateObjectReference<INewsObserver>(new Recorder());
        await publisher.Subscribe(liveReference);
        await publisher.Subscribe(stuckReference);
        await publisher.Subscribe(deadReference);
        factory.DeleteObjectReference<INewsObserver>(deadReference);

        for (var i = 1; i <= 100; i++)
        {
            await publisher.Publish(i).WaitAsync(TimeSpan.FromSeconds(5));
        }

        await TestClusters.EventuallyAsync(() => live.Received.Count == 100, "all notifications at the live subscriber");
        Assert.Equal(Enumerable.Range(1, 100), live.Received);
        Assert.Equal(1, stuck.Calls);

        // The dead subscriber's failure dropped it; the stuck one stays subscribed.
        await TestClusters.EventuallyAsync(() => publisher.SubscriberCount().Result == 2, "the dead subscriber to be dropped");
    }

    [Fact]
    public async Task Subscriptions_expire_unless_renewed()
    {
        var clock = new ManualTimeProvider();
        await using var cluster = await TestClusters.StartAsync(time: clock);
        var factory = cluster.GrainFactory;
        var publisher = factory.GetGrain<IPublisherGrain>("expiry");
        var renewed = factory.CreateObjectReference<INewsObserver>(new Recorder());
        await publisher.Subscribe(renewed);
        await publisher.Subscribe(factory.CreateObjectReference<INewsObserver>(new Recorder()));

        clock.Advance(TimeSpan.FromMinutes(3));
        await publisher.Subscribe(renewed);
        clock.Advance(TimeSpan.FromMinutes(3));

        Assert.Equal(1, await publisher.SubscriberCount());
    }

    [Fact]
    public async Task A_call_to_a_deleted_observer_fails_with_ObserverNotFoundException()
    {
        await using var cluster = await TestClusters.StartAsync();
        var reference = cluster.GrainFactory.CreateObjectReference<INewsObserver>(new Recorder());
        cluster.GrainFactory.DeleteObjectReference<INewsObserver>(reference);

        await Assert.ThrowsAsync<ObserverNotFoundException>(() => reference.OnNews(1));
    }
}
