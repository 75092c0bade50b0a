using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace PartyActors.Silo.Tests;

/// <summary>
/// Roster batches over HTTP (docs/roster.md): pushes, polls, refusals and their audit. The tree:
/// r-d → r-st1 → r-c1, and r-d → r-st2. Scoped callers hold r-st1.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class RosterApiTests(SiloFixture silo) : IAsyncLifetime
{
    private const string Batches = "/api/v1/roster/batches";

    private ApiClient Api => silo.Api;

    public async Task InitializeAsync()
    {
        await Api.PlaceAsync("r-d", null, "district");
        await Api.PlaceAsync("r-st1", "r-d", "street");
        await Api.PlaceAsync("r-c1", "r-st1", "community");
        await Api.PlaceAsync("r-st2", "r-d", "street");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_push_is_accepted_once_durable_and_a_repeat_with_its_key_answers_the_same_batch()
    {
        var job = await Api.TokenAsync("r-job", ["integration"], "r-st1");
        using var pushed = await RosterPush.SendAsync(Api, job, "nightly-1", RosterPush.Ndjson(
            """{"op":"upsert-org","id":"r-g1","name":"第一网格","kind":"grid","parentId":"r-c1"}""",
            """{"op":"upsert-member","id":"r-m1","name":"张三","status":"full","category":"retired","orgId":"r-c1","residenceGridId":"r-g1"}"""));
        var id = await RosterPush.AcceptedAsync(pushed);
        Assert.Equal($"{Batches}/{id}", pushed.Headers.Location?.OriginalString);

        var done = await Api.EventuallyAsync($"{Batches}/{id}", job, b => b["status"]!.GetValue<string>() == "completed", "the batch completed");
        Assert.Equal(2, done["total"]!.GetValue<int>());
        Assert.Equal(2, done["applied"]!.GetValue<int>());
        Assert.Equal("r-job", done["submittedBy"]!.GetValue<string>());
        Assert.Equal("ndjson", done["format"]!.GetValue<string>());
        Assert.Equal("r-c1", (await Api.GetJsonAsync("/api/v1/members/r-m1", await Api.AdminAsync()))["orgId"]!.GetValue<string>());

        using var repeated = await RosterPush.SendAsync(Api, job, "nightly-1", RosterPush.Ndjson("""{"op":"remove-member","id":"r-m1"}"""));
        Assert.Equal(id, await RosterPush.AcceptedAsync(repeated));
    }

    [Fact]
    public async Task Lines_outside_the_callers_subtree_are_rejected_one_by_one()
    {
        var job = await Api.TokenAsync("r-job", ["integration"], "r-st1");
        using var pushed = await RosterPush.SendAsync(Api, job, "outside-1", RosterPush.Csv(
            "op,id,name,status,category,orgId",
            "upsert-member,r-m2,李四,full,retired,r-st2",
            "upsert-member,r-m3,王五,full,retired,r-c1"));
        var id = await RosterPush.AcceptedAsync(pushed);

        var done = await Api.EventuallyAsync($"{Batches}/{id}", job, b => b["status"]!.GetValue<string>() == "completed", "the batch completed");
        Assert.Equal(1, done["applied"]!.GetValue<int>());
        var error = Assert.Single(done["errors"]!.AsArray())!;
        Assert.Equal(2, error["line"]!.GetValue<int>());
        Assert.Equal("out-of-scope", error["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Report_ins_and_commitments_apply_in_scope_with_their_codes_and_a_second_push_changes_nothing()
    {
        await Api.PlaceAsync("r-g2", "r-c1", "grid");
        await Api.PlaceAsync("r-c2", "r-st2", "community");
        await Api.PlaceAsync("r-g3", "r-c2", "grid");
        await Api.EnrollAsync("r-m10", "r-c1", category: "in-service");
        await Api.EnrollAsync("r-m11", "r-c2", category: "in-service", residenceGridId: "r-g3");
        var job = await Api.TokenAsync("r-job", ["integration"], "r-st1");
        var dueOn = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        string Commitment(string owner, string extra = "", string target = "10") =>
            $$"""{"op":"upsert-commitment","id":"2026-k1",{{owner}},"title":"每月为独居老人理发","target":{{target}},"unit":"次","dueOn":"{{dueOn}}"{{extra}}}""";

        using var pushed = await RosterPush.SendAsync(Api, job, "report-ins-1", RosterPush.Ndjson(
            """{"op":"report-in","memberId":"r-m10","gridId":"r-g2"}""",
            """{"op":"report-in","memberId":"r-m11","gridId":"r-g2"}""",
            """{"op":"report-in","memberId":"r-m10","gridId":"r-g3"}""",
            """{"op":"report-in","memberId":"r-m10"}""",
            Commitment("\"memberId\":\"r-m10\"", ",\"progress\":2"),
            Commitment("\"orgId\":\"r-c2\""),
            Commitment("\"orgId\":\"r-c1\"", target: "0"),
            Commitment("\"memberId\":\"r-m10\"", target: "11"),
            """{"op":"withdraw-report-in","memberId":"r-m11"}"""));
        var id = await RosterPush.AcceptedAsync(pushed);
        var done = await Api.EventuallyAsync($"{Batches}/{id}", job, b => b["status"]!.GetValue<string>() == "completed", "the batch completed");

        Assert.Equal((9, 2, 7), (done["total"]!.GetValue<int>(), done["applied"]!.GetValue<int>(), done["rejected"]!.GetValue<int>()));
        Assert.Equal(
            ["2:out-of-scope:memberId", "3:out-of-scope:gridId", "4:invalid-field:gridId", "6:out-of-scope:orgId", "7:invalid-field:target",
                "8:commitment-changed:target", "9:out-of-scope:memberId"],
            done["errors"]!.AsArray().Select(e => $"{e!["line"]}:{e["code"]}:{e["field"]}"));
        var admin = await Api.AdminAsync();
        Assert.Equal("r-g2", (await Api.GetJsonAsync("/api/v1/members/r-m10", admin))["reportedIn"]!["gridId"]!.GetValue<string>());
        var listed = Assert.Single((await Api.GetJsonAsync("/api/v1/orgs/r-c1/commitments", admin))["items"]!.AsArray())!;
        Assert.Equal(("2026-k1", 2m, "open"), (listed["key"]!.GetValue<string>(), listed["progress"]!.GetValue<decimal>(), listed["status"]!.GetValue<string>()));

        // The same report-in and commitment again, as CSV under another key: applied, nothing new.
        using var again = await RosterPush.SendAsync(Api, job, "report-ins-2", RosterPush.Csv(
            "op,id,memberId,gridId,title,target,unit,dueOn,progress",
            "report-in,,r-m10,r-g2,,,,,",
            $"upsert-commitment,2026-k1,r-m10,,每月为独居老人理发,10,次,{dueOn},2"));
        var second = await Api.EventuallyAsync($"{Batches}/{await RosterPush.AcceptedAsync(again)}", job,
            b => b["status"]!.GetValue<string>() == "completed", "the second batch completed");
        Assert.Equal((2, 2), (second["total"]!.GetValue<int>(), second["applied"]!.GetValue<int>()));
        var relisted = Assert.Single((await Api.GetJsonAsync("/api/v1/orgs/r-c1/commitments", admin))["items"]!.AsArray())!;
        Assert.Equal(listed.ToJsonString(), relisted.ToJsonString());
        await Api.EventuallyAsync("/api/v1/orgs/r-st1/rollup", admin, r =>
            r["metrics"]!["reportedHere"]?.GetValue<long>() == 1 && r["metrics"]!["commitmentsOpen"]?.GetValue<long>() == 1, "the street counts both");
    }

    [Fact]
    public async Task A_batch_is_read_by_its_submitter_and_admins_and_is_absent_to_anyone_else()
    {
        var job = await Api.TokenAsync("r-reader", ["integration"], "r-st1");
        using var pushed = await RosterPush.SendAsync(Api, job, "read-1", RosterPush.Ndjson("""{"op":"remove-member","id":"r-nobody"}"""));
        var id = await RosterPush.AcceptedAsync(pushed);

        Assert.Equal(id, (await Api.GetJsonAsync($"{Batches}/{id}", await Api.AdminAsync()))["id"]!.GetValue<string>());
        var other = await Api.TokenAsync("r-other", ["integration"], "r-st1");
        using var hidden = await Api.GetAsync($"{Batches}/{id}", other);
        Assert.Equal("batch-not-found", (await RosterPush.ProblemAsync(hidden, HttpStatusCode.NotFound))["code"]!.GetValue<string>());
        using var unknown = await Api.GetAsync($"{Batches}/rb-unknown", job);
        await RosterPush.ProblemAsync(unknown, HttpStatusCode.NotFound);

        using var malformed = await Api.GetAsync($"{Batches}/-x", job);
        var invalid = await Problem.AssertInvalidAsync(malformed, "batchId");
        Assert.Equal("invalid-id", invalid["code"]!.GetValue<string>());
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.1", invalid["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Pushes_that_cannot_be_taken_are_refused_with_a_problem_naming_why()
    {
        var job = await Api.TokenAsync("r-job", ["integration"], "r-st1");
        var line = """{"op":"remove-member","id":"r-nobody"}""";

        using (var plain = await RosterPush.SendAsync(Api, job, "refused-1", new StringContent(line, Encoding.UTF8, "text/plain")))
        {
            var problem = await RosterPush.ProblemAsync(plain, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
            Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.16", problem["type"]!.GetValue<string>());
            Assert.Equal("Unsupported Media Type", problem["title"]!.GetValue<string>());
        }

        using (var gbkJson = await RosterPush.SendAsync(Api, job, "refused-1", RosterPush.Body(line, "application/x-ndjson; charset=gb18030")))
        {
            await RosterPush.ProblemAsync(gbkJson, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        }

        foreach (var key in new[] { null, "", new string('k', 256), "tab\tkey" })
        {
            using var keyless = await RosterPush.SendAsync(Api, job, key, RosterPush.Ndjson(line));
            var problem = await Problem.AssertInvalidAsync(keyless, "Idempotency-Key");
            Assert.Equal("invalid-field", problem["code"]!.GetValue<string>());
        }

        using (var spaced = await RosterPush.SendAsync(Api, job, "nightly run 2026-11-22 " + new string('k', 200), RosterPush.Ndjson(line)))
        {
            await RosterPush.AcceptedAsync(spaced);
        }

        using (var headless = await RosterPush.SendAsync(Api, job, "refused-2", RosterPush.Body("", "text/csv")))
        {
            await RosterPush.ProblemAsync(headless, HttpStatusCode.BadRequest, "missing-header");
        }

        using (var anonymous = await RosterPush.SendAsync(Api, null, "refused-3", RosterPush.Ndjson(line)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        var unscoped = SignedTokens.Sign(subject: "r-unscoped", roles: ["integration"]);
        using (var noOrg = await RosterPush.SendAsync(Api, unscoped, "refused-4", RosterPush.Ndjson(line)))
        {
            var problem = await RosterPush.ProblemAsync(noOrg, HttpStatusCode.Forbidden, "forbidden");
            Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.4", problem["type"]!.GetValue<string>());
        }

        foreach (var role in new[] { "supervisor", "grid-worker", "member", "resident" })
        {
            var token = await Api.TokenAsync("r-" + role, [role], "r-st1", member: role == "member" ? "r-m1" : null);
            using var refused = await RosterPush.SendAsync(Api, token, "refused-5", RosterPush.Ndjson(line));
            await RosterPush.ProblemAsync(refused, HttpStatusCode.Forbidden);
            using var read = await Api.GetAsync($"{Batches}/rb-any", token);
            await RosterPush.ProblemAsync(read, HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task Pushes_are_audited_in_the_trail_of_the_callers_organization_without_the_body()
    {
        var admin = await Api.AdminAsync();
        var job = await Api.TokenAsync("r-audited", ["integration", "supervisor"], "r-st1");
        using var pushed = await RosterPush.SendAsync(Api, job, "audited-1", RosterPush.Ndjson(
            """{"op":"upsert-member","id":"r-m4","name":"赵六","status":"full","category":"retired","orgId":"r-c1","phone":"13912345678"}"""),
            userAgent: "roster-job/2.0");
        var id = await RosterPush.AcceptedAsync(pushed);

        var trail = await Api.GetJsonAsync("/api/v1/audit?orgId=r-st1", admin);
        var entry = Assert.Single(Entries(trail), e => e["resourceId"]?.GetValue<string>() == id);
        Assert.Equal("r-audited", entry["sub"]!.GetValue<string>());
        Assert.Equal(["integration", "supervisor"], entry["roles"]!.AsArray().Select(r => r!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal("POST", entry["method"]!.GetValue<string>());
        Assert.Equal(Batches, entry["path"]!.GetValue<string>());
        Assert.Equal(Batches, entry["route"]!.GetValue<string>());
        Assert.Equal("r-st1", entry["orgId"]!.GetValue<string>());
        Assert.Equal(202, entry["status"]!.GetValue<int>());
        Assert.Equal("127.0.0.1", entry["remoteIp"]!.GetValue<string>());
        Assert.Equal("roster-job/2.0", entry["userAgent"]!.GetValue<string>());
        Assert.DoesNotContain("13912345678", trail.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("赵六", trail.ToJsonString(), StringComparison.Ordinal);

        // Polling reads; it is not a write and leaves no entry.
        using (await Api.GetAsync($"{Batches}/{id}", job))
        {
        }

        Assert.Single(Entries(await Api.GetJsonAsync("/api/v1/audit?orgId=r-st1", admin)), e => e["resourceId"]?.GetValue<string>() == id);
    }

    [Fact]
    public async Task Refused_pushes_are_audited_like_other_refused_writes()
    {
        var admin = await Api.AdminAsync();
        var line = """{"op":"remove-member","id":"r-nobody"}""";
        var job = await Api.TokenAsync("r-refused", ["integration"], "r-st2");
        using (var plain = await RosterPush.SendAsync(Api, job, "audit-refused-1", RosterPush.Body(line, "text/plain")))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        }

        using (var keyless = await RosterPush.SendAsync(Api, job, null, RosterPush.Ndjson(line)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, keyless.StatusCode);
        }

        var reader = await Api.TokenAsync("r-supervisor-2", ["supervisor"], "r-st2");
        using (var refused = await RosterPush.SendAsync(Api, reader, "audit-refused-2", RosterPush.Ndjson(line)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        var trail = Entries(await Api.GetJsonAsync("/api/v1/audit?orgId=r-st2", admin)).Where(e => e["path"]!.GetValue<string>() == Batches).ToList();
        Assert.Equal([("r-supervisor-2", 403), ("r-refused", 400), ("r-refused", 415)],
            trail.Select(e => (e["sub"]!.GetValue<string>(), e["status"]!.GetValue<int>())));
    }

    [Fact]
    public async Task An_admins_push_names_no_organization_and_lands_in_the_unscoped_trail()
    {
        var admin = await Api.TokenAsync("r-root", ["admin"]);
        using var pushed = await RosterPush.SendAsync(Api, admin, "admin-1", RosterPush.Ndjson(
            """{"op":"upsert-org","id":"r-st3","name":"第三街道","kind":"street","parentId":"r-d"}"""));
        var id = await RosterPush.AcceptedAsync(pushed);

        var entry = Assert.Single(Entries(await Api.GetJsonAsync("/api/v1/audit", admin)), e => e["resourceId"]?.GetValue<string>() == id);
        Assert.Equal("r-root", entry["sub"]!.GetValue<string>());
        Assert.Null(entry["orgId"]);
        Assert.Equal(202, entry["status"]!.GetValue<int>());
    }

    private static IEnumerable<JsonObject> Entries(JsonObject trail) => trail["items"]!.AsArray().Select(i => i!.AsObject());
}

/// <summary>Roster bodies, limits and outages: each on a silo of its own.</summary>
public sealed class RosterLimitTests
{
    [Fact]
    public async Task The_roster_limit_overrides_the_json_limit_for_declared_and_chunked_bodies()
    {
        await using var factory = new SiloFactory(new Dictionary<string, string?>
        {
            ["Limits:MaxRequestBodyBytes"] = "1024",
            ["Roster:MaxUploadBytes"] = "16384",
        });
        using var api = factory.Start();
        await api.PlaceAsync("rl-st", null, "street");
        var job = await api.TokenAsync("rl-job", ["integration"], "rl-st");

        // Over the JSON routes' limit, under the roster's.
        var fits = RosterPush.Lines(60);
        Assert.InRange(Encoding.UTF8.GetByteCount(fits), 4096, 16384);
        using (var declared = await RosterPush.SendAsync(api, job, "fits-1", RosterPush.Body(fits, "application/x-ndjson")))
        {
            await RosterPush.AcceptedAsync(declared);
        }

        using (var chunked = await RosterPush.SendAsync(api, job, "fits-2", new ChunkedContent(fits, "application/x-ndjson")))
        {
            await RosterPush.AcceptedAsync(chunked);
        }

        var tooLarge = RosterPush.Lines(300);
        Assert.InRange(Encoding.UTF8.GetByteCount(tooLarge), 16385, 64 * 1024);
        using (var declared = await RosterPush.SendAsync(api, job, "large-1", RosterPush.Body(tooLarge, "application/x-ndjson")))
        {
            var problem = await RosterPush.ProblemAsync(declared, HttpStatusCode.RequestEntityTooLarge, "body-too-large");
            Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.14", problem["type"]!.GetValue<string>());
            Assert.Contains("16384", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var (status, headers) = await SendChunkedAsync(api, job, "large-2", tooLarge);
        Assert.StartsWith("HTTP/1.1 413", status, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", headers);

        // The JSON routes keep their own limit.
        using var json = await api.PutAsync("/api/v1/orgs/rl-big", await api.AdminAsync(), new { name = new string('x', 2000), kind = "street", parentId = (string?)null });
        await RosterPush.ProblemAsync(json, HttpStatusCode.RequestEntityTooLarge, "body-too-large");
    }

    [Fact]
    public async Task A_push_while_the_store_is_down_is_503_with_Retry_After()
    {
        FlakyGrainStorage? flaky = null;
        await using var factory = new SiloFactory(services: FlakyGrainStorage.Register(created => flaky = created));
        using var api = factory.Start();
        var admin = await api.AdminAsync();
        await api.PlaceAsync("rl-up", null, "street");
        Assert.NotNull(flaky);

        flaky.Down = true;
        using var pushed = await RosterPush.SendAsync(api, admin, "down-1", RosterPush.Ndjson("""{"op":"remove-member","id":"rl-nobody"}"""));
        var problem = await RosterPush.ProblemAsync(pushed, HttpStatusCode.ServiceUnavailable, "storage-unavailable");
        Assert.Equal(TimeSpan.FromSeconds(7), pushed.Headers.RetryAfter?.Delta);
        Assert.Equal("Service Unavailable", problem["title"]!.GetValue<string>());

        flaky.Down = false;
        using var retried = await RosterPush.SendAsync(api, admin, "down-1", RosterPush.Ndjson("""{"op":"remove-member","id":"rl-nobody"}"""));
        await RosterPush.AcceptedAsync(retried);
    }

    /// <summary>
    /// Raw HTTP: the server answers and closes while the client may still be sending, which HttpClient
    /// reports as a broken pipe. Returns the status line and the headers.
    /// </summary>
    private static async Task<(string Status, List<string> Headers)> SendChunkedAsync(ApiClient api, string token, string key, string body)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(api.BaseAddress.Host, api.BaseAddress.Port);
        var stream = client.GetStream();
        var head = Encoding.ASCII.GetBytes(
            "POST /api/v1/roster/batches HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\nIdempotency-Key: " + key +
            "\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n");
        var bytes = Encoding.UTF8.GetBytes(body);
        var sending = Task.Run(async () =>
        {
            try
            {
                await stream.WriteAsync(head);
                for (var offset = 0; offset < bytes.Length; offset += 1024)
                {
                    var length = Math.Min(1024, bytes.Length - offset);
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"{length:x}\r\n"));
                    await stream.WriteAsync(bytes.AsMemory(offset, length));
                    await stream.WriteAsync("\r\n"u8.ToArray());
                }

                await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
            }
            catch (IOException)
            {
                // The server stopped reading once the limit was passed.
            }
        });

        using var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)) ?? "";
        var headers = new List<string>();
        for (var line = await reader.ReadLineAsync(); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync())
        {
            headers.Add(line);
        }

        client.Close();
        await sending;
        return (status, headers);
    }

    /// <summary>A body of unknown length, sent with <c>Transfer-Encoding: chunked</c>.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(string text, string contentType)
        {
            _bytes = Encoding.UTF8.GetBytes(text);
            Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < _bytes.Length; offset += 1024)
            {
                await stream.WriteAsync(_bytes.AsMemory(offset, Math.Min(1024, _bytes.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

/// <summary>Sends roster pushes and reads their answers.</summary>
internal static class RosterPush
{
    public static HttpContent Ndjson(params string[] lines) => Body(string.Join('\n', lines) + "\n", "application/x-ndjson");

    public static HttpContent Csv(params string[] rows) => Body(string.Join("\r\n", rows) + "\r\n", "text/csv; charset=utf-8");

    public static HttpContent Body(string text, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    /// <summary><paramref name="count"/> NDJSON lines of about 110 bytes each.</summary>
    public static string Lines(int count) => string.Concat(Enumerable.Range(0, count).Select(i =>
        $$"""{"op":"upsert-member","id":"rl-m{{i}}","name":"成员{{i}}","status":"full","category":"retired","orgId":"rl-st"}""" + "\n"));

    public static Task<HttpResponseMessage> SendAsync(ApiClient api, string? token, string? key, HttpContent body, string? userAgent = null) =>
        api.SendAsync(HttpMethod.Post, "/api/v1/roster/batches", token, body, request =>
        {
            if (key is not null)
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
            }

            if (userAgent is not null)
            {
                request.Headers.UserAgent.ParseAdd(userAgent);
            }
        });

    /// <summary>Asserts a 202 <c>{ id }</c> and returns the batch id.</summary>
    public static async Task<string> AcceptedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Expected 202, got {(int)response.StatusCode}: {text}");
        var id = JsonNode.Parse(text)!["id"]!.GetValue<string>();
        Assert.StartsWith("rb-", id, StringComparison.Ordinal);
        return id;
    }

    /// <summary>Asserts a problem with <paramref name="status"/> and, when given, its <c>code</c>.</summary>
    public static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        var problem = await Problem.AssertAsync(response, status);
        if (code is not null)
        {
            Assert.Equal(code, problem["code"]?.GetValue<string>());
        }

        return problem;
    }
}
