using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PartyActors.Grains;
using PartyActors.Silo.Streams;

namespace PartyActors.Silo.Tests;

/// <summary>Server-sent roll-up streams over real HTTP connections to Kestrel.</summary>
[Collection(SiloCollection.Name)]
public sealed class RollupStreamTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    private RollupFeeds Feeds => silo.Services.GetRequiredService<RollupFeeds>();

    [Fact]
    public async Task The_first_event_carries_the_current_figures_at_once_and_a_change_sends_another()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("s-first", null, "community");
        var current = await Api.GetJsonAsync("/api/v1/orgs/s-first/rollup", admin);

        await using var stream = await EventStreamReader.OpenAsync(Api.Http, "s-first", admin);
        Assert.Equal("no-cache", stream.Response.Headers.CacheControl?.ToString());
        var first = await stream.ReadEventAsync(TimeSpan.FromSeconds(5));

        // The current figures, at once: the version read before, or a later one if the new
        // organization published again in between (its first activation publishes under a new epoch).
        Assert.True(first.Version >= current["version"]!.GetValue<long>(), $"The first event's version {first.Version} is older than the roll-up read before it.");
        Assert.Equal(current["metrics"]!["members"]!.GetValue<long>(), first.Metric("members"));
        Assert.Equal(current["metrics"]!["orgs"]!.GetValue<long>(), first.Metric("orgs"));
        Assert.Equal(first.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), first.Id);
        OrganizationApiTests.AssertRollupShape(first.Json, "s-first");

        await Api.EnrollAsync("s-first-m", "s-first");
        var (update, _) = await stream.ReadUntilAsync(e => e.Metric("members") == 1);
        Assert.True(update.Version > first.Version);
    }

    [Fact]
    public async Task Rapid_changes_are_coalesced_to_at_most_ten_a_second_and_the_last_event_is_current()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("s-burst", null, "community");
        await using var stream = await EventStreamReader.OpenAsync(Api.Http, "s-burst", admin);
        await stream.ReadEventAsync();

        const int changes = 40;
        var clock = Stopwatch.StartNew();
        var writes = Task.WhenAll(Enumerable.Range(0, changes).Select(i => Api.EnrollAsync($"s-burst-m{i}", "s-burst")));
        var (last, events) = await stream.ReadUntilAsync(e => e.Metric("members") == changes);
        await writes;
        var elapsed = clock.Elapsed;

        // One event per 100 ms at most, plus the one that may open the window.
        var allowed = (int)Math.Ceiling(elapsed.TotalMilliseconds / 100) + 1;
        Assert.True(events <= allowed, $"{events} events in {elapsed.TotalMilliseconds:F0} ms (at most {allowed} allowed)");
        var rollup = await Api.GetJsonAsync("/api/v1/orgs/s-burst/rollup", admin);
        Assert.Equal(rollup["version"]!.GetValue<long>(), last.Version);
    }

    [Fact]
    public async Task A_client_that_does_not_read_neither_blocks_others_nor_ends_on_a_stale_figure()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("s-slow", null, "community");
        await using var slow = await EventStreamReader.OpenAsync(Api.Http, "s-slow", admin);
        await using var fast = await EventStreamReader.OpenAsync(Api.Http, "s-slow", admin);
        await fast.ReadEventAsync();

        for (var i = 0; i < 20; i++)
        {
            await Api.EnrollAsync($"s-slow-m{i}", "s-slow");
        }

        await fast.ReadUntilAsync(e => e.Metric("members") == 20, TimeSpan.FromSeconds(10));
        Assert.Equal(2, Feeds.CountSubscribers("s-slow"));

        // The slow client catches up to the current figure, however few events it gets on the way.
        var (caughtUp, _) = await slow.ReadUntilAsync(e => e.Metric("members") == 20, TimeSpan.FromSeconds(10));
        Assert.Equal(20, caughtUp.Metric("members"));
    }

    [Fact]
    public void A_subscriber_holds_one_update_however_many_arrive()
    {
        var subscription = new RollupSubscription(null!);
        var encoder = new RollupEventEncoder(Http.ApiJsonContext.Default.Rollup);
        for (var version = 1; version <= 1000; version++)
        {
            subscription.Offer(encoder.Encode(new Rollup("s-unit", DateTimeOffset.UnixEpoch, version, RollupCounters.Zero)));
        }

        Assert.Equal(1, subscription.Updates.Count);
        Assert.True(subscription.Updates.TryRead(out var latest));
        Assert.Equal(1000, latest.Version);
    }

    [Fact]
    public async Task A_thousand_subscribers_share_one_observer_and_all_get_the_update()
    {
        const int subscribers = 1000;
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("s-crowd", null, "community");
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = subscribers + 10 };
        using var http = new HttpClient(handler) { BaseAddress = Api.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var streams = new EventStreamReader[subscribers];
        try
        {
            using var opening = new SemaphoreSlim(64);
            await Task.WhenAll(Enumerable.Range(0, subscribers).Select(async i =>
            {
                await opening.WaitAsync();
                try
                {
                    streams[i] = await EventStreamReader.OpenAsync(http, "s-crowd", admin);
                    await streams[i].ReadEventAsync(TimeSpan.FromSeconds(30));
                }
                finally
                {
                    opening.Release();
                }
            }));

            Assert.Equal(subscribers, Feeds.CountSubscribers("s-crowd"));
            Assert.True(Feeds.Connections >= subscribers);

            await Api.EnrollAsync("s-crowd-m", "s-crowd");
            var updates = await Task.WhenAll(streams.Select(s => s.ReadUntilAsync(e => e.Metric("members") == 1, TimeSpan.FromSeconds(30))));
            Assert.All(updates, u => Assert.Equal(1, u.Frame.Metric("members")));
        }
        finally
        {
            foreach (var stream in streams.Where(s => s is not null))
            {
                await stream.DisposeAsync();
            }
        }

        await EventuallyAsync(() => Feeds.CountSubscribers("s-crowd") == 0, "every subscriber left and the feed closed");
    }

    [Fact]
    public async Task The_feed_closes_when_its_last_subscriber_leaves()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("s-close", null, "community");
        var stream = await EventStreamReader.OpenAsync(Api.Http, "s-close", admin);
        await stream.ReadEventAsync();
        Assert.Equal(1, Feeds.CountSubscribers("s-close"));
        await stream.DisposeAsync();
        await EventuallyAsync(() => Feeds.CountSubscribers("s-close") == 0, "the subscriber left");

        await using var again = await EventStreamReader.OpenAsync(Api.Http, "s-close", admin);
        await again.ReadEventAsync();
        await Api.EnrollAsync("s-close-m", "s-close");
        await again.ReadUntilAsync(e => e.Metric("members") == 1);
    }

    [Fact]
    public async Task Streams_of_unknown_or_unreachable_organizations_are_refused_before_streaming()
    {
        var admin = await Api.AdminAsync();
        using var unknown = await Api.GetAsync("/api/v1/orgs/s-none/rollup/stream", admin);
        await Problem.AssertAsync(unknown, HttpStatusCode.NotFound);
        Assert.Equal(0, Feeds.CountSubscribers("s-none"));

        await Api.PlaceAsync("s-root", null, "street");
        await Api.PlaceAsync("s-other", null, "street");
        var supervisor = await Api.TokenAsync("s-sup", ["supervisor"], "s-root");
        using var outside = await Api.GetAsync("/api/v1/orgs/s-other/rollup/stream", supervisor);
        await Problem.AssertAsync(outside, HttpStatusCode.Forbidden);
        await using var inside = await EventStreamReader.OpenAsync(Api.Http, "s-root", supervisor);
        await inside.ReadEventAsync();
    }

    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting until " + what);
            await Task.Delay(20);
        }
    }
}
