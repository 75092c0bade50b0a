using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace PartyActors.Silo.Tests;

/// <summary>Idempotency-Key records outlive the process that answered, and forget after their TTL.</summary>
public sealed class IdempotencyTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("partyactors-idempotency-tests-").FullName;

    private Dictionary<string, string?> OnSqlite() => new(StringComparer.Ordinal)
    {
        ["Storage:Provider"] = "Sqlite",
        ["Storage:SqliteDataSource"] = Path.Combine(_directory, "silo.db"),
    };

    [Fact]
    public async Task A_repeat_after_a_restart_gets_the_first_answer_and_reverts_nothing()
    {
        var body = new { name = "幂等街道", kind = "street", parentId = (string?)null };
        string firstBody;
        await using (var before = new SiloFactory(OnSqlite()))
        {
            using var api = before.Start();
            using var first = await Put(api, body, "restart-key");
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            Assert.False(first.Headers.Contains("Idempotent-Replayed"));
            firstBody = await first.Content.ReadAsStringAsync();
        }

        await using var after = new SiloFactory(OnSqlite());
        using var restarted = after.Start();
        using var repeat = await Put(restarted, body, "restart-key");
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(firstBody, await repeat.Content.ReadAsStringAsync());
        Assert.Equal("application/json", repeat.Content.Headers.ContentType?.MediaType);

        using var renamed = await restarted.PutAsync("/api/v1/orgs/i-durable", await restarted.AdminAsync(), body with { name = "改名街道" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        using var late = await Put(restarted, body, "restart-key");
        Assert.Equal(HttpStatusCode.Created, late.StatusCode);
        Assert.Equal("true", late.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal("改名街道", (await restarted.GetJsonAsync("/api/v1/orgs/i-durable", await restarted.AdminAsync()))["name"]!.GetValue<string>());

        using var otherBody = await Put(restarted, body with { name = "别的" }, "restart-key");
        var problem = await Problem.AssertAsync(otherBody, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("idempotency-key-reused", problem["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_answer_older_than_the_ttl_is_not_replayed()
    {
        var clock = new ShiftedTimeProvider();
        await using var factory = new SiloFactory(
            new Dictionary<string, string?> { ["Idempotency:Ttl"] = "00:05:00" },
            services: s => s.AddSingleton<TimeProvider>(clock));
        using var api = factory.Start();
        await api.AdminAsync();
        var body = new { name = "过期", kind = "street", parentId = (string?)null };
        using var first = await Put(api, body, "ttl-key", "i-expiry");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var repeat = await Put(api, body, "ttl-key", "i-expiry");
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());

        clock.Offset = TimeSpan.FromMinutes(6);
        using var expired = await Put(api, body, "ttl-key", "i-expiry");
        Assert.Equal(HttpStatusCode.OK, expired.StatusCode);
        Assert.False(expired.Headers.Contains("Idempotent-Replayed"));

        // The run after expiry is remembered afresh.
        using var again = await Put(api, body, "ttl-key", "i-expiry");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
    }

    [Fact]
    public async Task An_answer_whose_record_cannot_be_written_is_sent_but_not_replayed()
    {
        FlakyGrainStorage? flaky = null;
        await using var factory = new SiloFactory(services: FlakyGrainStorage.Register(created => flaky = created));
        using var api = factory.Start();
        await api.PlaceAsync("i-up", null, "street");
        Assert.NotNull(flaky);
        var body = new { name = "存储故障", kind = "street", parentId = (string?)null };
        flaky.OnlyWritesOf = "idempotency";
        flaky.Down = true;
        using var first = await Put(api, body, "down-key", "i-down");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));

        flaky.Down = false;
        using var repeat = await Put(api, body, "down-key", "i-down");
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.False(repeat.Headers.Contains("Idempotent-Replayed"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a closing connection; the temp directory is cleaned up by the OS eventually.
        }
    }

    private static async Task<HttpResponseMessage> Put(ApiClient api, object body, string key, string id = "i-durable") =>
        await api.SendAsync(HttpMethod.Put, $"/api/v1/orgs/{id}", await api.AdminAsync(), body, r => r.Headers.Add("Idempotency-Key", key));
}
