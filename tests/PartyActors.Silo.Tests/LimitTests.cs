using System.Net;

namespace PartyActors.Silo.Tests;

/// <summary>Rate limits, an unavailable store and keep-alives: each on a silo of its own, configured for it.</summary>
public sealed class LimitTests
{
    [Fact]
    public async Task Each_token_has_its_own_window_and_the_refusal_is_a_429_problem_with_Retry_After()
    {
        await using var factory = new SiloFactory(new Dictionary<string, string?>
        {
            ["Limits:RateLimit:PermitLimit"] = "3",
            ["Limits:RateLimit:Window"] = "00:01:00",
        });
        using var api = factory.Start();
        var alice = await api.TokenAsync("alice", ["admin"]);
        var bob = await api.TokenAsync("bob", ["admin"]);
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await api.GetAsync("/api/v1/orgs/r-none", alice);
            Assert.Equal(HttpStatusCode.NotFound, allowed.StatusCode);
        }

        using var limited = await api.GetAsync("/api/v1/orgs/r-none", alice);
        await Problem.AssertAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After");

        using var other = await api.GetAsync("/api/v1/orgs/r-none", bob);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        using var health = await api.GetAsync("/health/live", null);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task An_unavailable_store_answers_503_with_Retry_After_and_readiness_follows_it()
    {
        FlakyGrainStorage? flaky = null;
        await using var factory = new SiloFactory(services: FlakyGrainStorage.Register(created => flaky = created));
        using var api = factory.Start();
        var admin = await api.AdminAsync();
        await api.PlaceAsync("u-up", null, "street");
        Assert.NotNull(flaky);

        flaky.Down = true;
        using (var write = await api.PutAsync("/api/v1/orgs/u-down", admin, new { name = "x", kind = "street", parentId = (string?)null }))
        {
            var problem = await Problem.AssertAsync(write, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("storage-unavailable", problem["code"]!.GetValue<string>());
            Assert.Equal(TimeSpan.FromSeconds(7), write.Headers.RetryAfter?.Delta);
        }

        using (var ready = await api.GetAsync("/health/ready", null))
        {
            var problem = await Problem.AssertAsync(ready, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("storage-unavailable", problem["code"]!.GetValue<string>());
            Assert.NotNull(ready.Headers.RetryAfter);
        }

        flaky.Down = false;
        await api.PlaceAsync("u-down", null, "street");
        Assert.Equal("ready", (await api.GetJsonAsync("/health/ready", null))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_quiet_stream_gets_keep_alive_comments()
    {
        await using var factory = new SiloFactory(new Dictionary<string, string?> { ["Streams:KeepAliveInterval"] = "00:00:00.200" });
        using var api = factory.Start();
        var admin = await api.AdminAsync();
        await api.PlaceAsync("k-quiet", null, "community");
        await using var stream = await EventStreamReader.OpenAsync(api.Http, "k-quiet", admin);
        await stream.ReadEventAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var frame = await stream.ReadFrameAsync(timeout.Token);
        Assert.Equal("keep-alive", frame?.Comment);
    }

    [Fact]
    public async Task Streams_past_the_limit_are_503_with_Retry_After()
    {
        await using var factory = new SiloFactory(new Dictionary<string, string?> { ["Streams:MaxConnections"] = "1" });
        using var api = factory.Start();
        var admin = await api.AdminAsync();
        await api.PlaceAsync("k-full", null, "community");
        await using (var first = await EventStreamReader.OpenAsync(api.Http, "k-full", admin))
        {
            await first.ReadEventAsync();
            using var second = await api.GetAsync("/api/v1/orgs/k-full/rollup/stream", admin);
            var problem = await Problem.AssertAsync(second, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("too-many-streams", problem["code"]!.GetValue<string>());
            Assert.NotNull(second.Headers.RetryAfter);
        }

        // The slot is free again once the first client has gone.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var again = await api.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/orgs/k-full/rollup/stream")
            {
                Headers = { Authorization = new("Bearer", admin) },
            }, HttpCompletionOption.ResponseHeadersRead);
            if (again.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the stream slot was not released");
            await Task.Delay(20);
        }
    }
}
