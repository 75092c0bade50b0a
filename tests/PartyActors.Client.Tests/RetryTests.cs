using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PartyActors.Client.Tests;

public sealed class RetryTests
{
    private const string RollupJson = """{"orgId":"410103","asOf":"2026-11-22T10:00:00+08:00","version":7,"metrics":{"members":3}}""";
    private const string Unavailable = """{"title":"Storage unavailable","status":503,"detail":"The store did not answer."}""";

    [Fact]
    public async Task A_read_waits_out_Retry_After_in_seconds_and_succeeds()
    {
        var attempts = 0;
        await using var silo = await FakeSilo.StartAsync(app => app.MapGet("/api/v1/orgs/{orgId}/rollup", context =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                context.Response.Headers.RetryAfter = "2";
                return FakeSilo.WriteJsonAsync(context, 503, Unavailable, "application/problem+json");
            }

            return FakeSilo.WriteJsonAsync(context, 200, RollupJson);
        }));
        var clock = new InstantTimeProvider();
        var client = silo.CreateClient(new PartyActorsClientOptions { TimeProvider = clock });

        var rollup = await client.GetRollupAsync("410103");

        Assert.Equal(7, rollup.Version);
        Assert.Equal(2, attempts);
        Assert.Equal([TimeSpan.FromSeconds(2)], clock.Waits);
    }

    [Fact]
    public async Task A_Retry_After_date_is_waited_out_from_now()
    {
        var clock = new InstantTimeProvider();
        var attempts = 0;
        await using var silo = await FakeSilo.StartAsync(app => app.MapGet("/api/v1/orgs/{orgId}/rollup", context =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                context.Response.Headers.RetryAfter = clock.GetUtcNow().AddSeconds(5).ToString("R");
                return FakeSilo.WriteJsonAsync(context, 429, """{"title":"Too Many Requests","status":429}""", "application/problem+json");
            }

            return FakeSilo.WriteJsonAsync(context, 200, RollupJson);
        }));
        var client = silo.CreateClient(new PartyActorsClientOptions { TimeProvider = clock });

        await client.GetRollupAsync("410103");

        Assert.Equal([TimeSpan.FromSeconds(5)], clock.Waits);
    }

    [Fact]
    public async Task Retries_stop_at_the_configured_bound_and_the_last_answer_is_thrown()
    {
        var attempts = 0;
        await using var silo = await FakeSilo.StartAsync(app => app.MapPut("/api/v1/members/{memberId}", context =>
        {
            Interlocked.Increment(ref attempts);
            return FakeSilo.WriteJsonAsync(context, 503, Unavailable, "application/problem+json");
        }));
        var clock = new InstantTimeProvider();
        var client = silo.CreateClient(new PartyActorsClientOptions { TimeProvider = clock, MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(300) });

        var error = await Assert.ThrowsAsync<PartyActorsApiException>(() =>
            client.PutMemberAsync("m-1", new PutMemberRequest("张三", MemberStatuses.Full, MemberCategories.Retired, "410103-002-01")));

        Assert.Equal(3, attempts);
        Assert.Equal([TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300)], clock.Waits);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal("Storage unavailable", error.Title);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_limit_fails_at_once_and_says_how_long()
    {
        var attempts = 0;
        await using var silo = await FakeSilo.StartAsync(app => app.MapGet("/api/v1/orgs/{orgId}/rollup", context =>
        {
            Interlocked.Increment(ref attempts);
            context.Response.Headers.RetryAfter = "120";
            return FakeSilo.WriteJsonAsync(context, 503, Unavailable, "application/problem+json");
        }));
        var clock = new InstantTimeProvider();
        var client = silo.CreateClient(new PartyActorsClientOptions { TimeProvider = clock, MaxRetryDelay = TimeSpan.FromSeconds(30) });

        var error = await Assert.ThrowsAsync<PartyActorsApiException>(() => client.GetRollupAsync("410103"));

        Assert.Equal(1, attempts);
        Assert.Empty(clock.Waits);
        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
    }

    [Fact]
    public async Task A_write_that_is_not_idempotent_is_never_retried()
    {
        var attempts = 0;
        await using var silo = await FakeSilo.StartAsync(app => app.MapPost("/api/v1/members/{memberId}/report-in", context =>
        {
            Interlocked.Increment(ref attempts);
            context.Response.Headers.RetryAfter = "1";
            return FakeSilo.WriteJsonAsync(context, 503, Unavailable, "application/problem+json");
        }));
        var clock = new InstantTimeProvider();
        var client = silo.CreateClient(new PartyActorsClientOptions { TimeProvider = clock });

        var error = await Assert.ThrowsAsync<PartyActorsApiException>(() => client.ReportInAsync("m-1", "g-1"));

        Assert.Equal(1, attempts);
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
    }

    [Fact]
    public async Task Other_errors_are_not_retried()
    {
        var attempts = 0;
        await using var silo = await FakeSilo.StartAsync(app => app.MapGet("/api/v1/orgs/{orgId}/rollup", context =>
        {
            Interlocked.Increment(ref attempts);
            return FakeSilo.WriteJsonAsync(context, StatusCodes.Status500InternalServerError, """{"title":"Oops"}""", "application/problem+json");
        }));
        var client = silo.CreateClient(new PartyActorsClientOptions { TimeProvider = new InstantTimeProvider() });

        await Assert.ThrowsAsync<PartyActorsApiException>(() => client.GetRollupAsync("410103"));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Retrying_can_be_turned_off()
    {
        var attempts = 0;
        await using var silo = await FakeSilo.StartAsync(app => app.MapGet("/api/v1/orgs/{orgId}/rollup", context =>
        {
            Interlocked.Increment(ref attempts);
            return FakeSilo.WriteJsonAsync(context, 503, Unavailable, "application/problem+json");
        }));
        var client = silo.CreateClient(new PartyActorsClientOptions { TimeProvider = new InstantTimeProvider(), MaxRetries = 0 });

        await Assert.ThrowsAsync<PartyActorsApiException>(() => client.GetRollupAsync("410103"));

        Assert.Equal(1, attempts);
    }
}
