using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PartyActors.Silo.Tests;

/// <summary>What every route shares: problem details, ids, JSON reading, content types, body limits, idempotency keys.</summary>
[Collection(SiloCollection.Name)]
public sealed class HttpConventionTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    [Theory]
    [InlineData("/api/v1/orgs/bad%20id")]
    [InlineData("/api/v1/orgs/-starts-with-dash")]
    [InlineData("/api/v1/orgs/ends-with-newline%0A")]
    [InlineData("/api/v1/orgs/slash%2Finside")]
    [InlineData("/api/v1/orgs/%E7%BD%91%E6%A0%BC")]
    [InlineData("/api/v1/orgs/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("/api/v1/orgs/bad%20id/rollup")]
    [InlineData("/api/v1/orgs/bad%20id/children")]
    [InlineData("/api/v1/orgs/bad%20id/rollup/stream")]
    [InlineData("/api/v1/orgs/bad%20id/report-in")]
    [InlineData("/api/v1/orgs/bad%20id/reported-orgs")]
    [InlineData("/api/v1/orgs/bad%20id/service-feedback?period=2026")]
    public async Task Ids_outside_the_rule_are_400_naming_orgId(string path)
    {
        using var response = await Api.GetAsync(path, await Api.AdminAsync());
        await Problem.AssertInvalidAsync(response, "orgId");
    }

    [Fact]
    public async Task Member_ids_outside_the_rule_are_400_on_every_route()
    {
        var admin = await Api.AdminAsync();
        foreach (var (method, path, body) in new (string, string, object?)[]
        {
            ("GET", "/api/v1/members/m%20x", null),
            ("DELETE", "/api/v1/members/m%20x", null),
            ("PUT", "/api/v1/members/m%20x", new { name = "x", status = "full", category = "retired", orgId = "h-org" }),
            ("POST", "/api/v1/members/m%20x/report-in", new { gridId = "g" }),
            ("DELETE", "/api/v1/members/m%20x/report-in", null),
        })
        {
            using var response = await Api.SendAsync(new HttpMethod(method), path, admin, body);
            await Problem.AssertInvalidAsync(response, "memberId");
        }
    }

    [Fact]
    public async Task Ids_of_64_characters_are_accepted()
    {
        var id = "h" + new string('x', 62) + "9";
        await Api.PlaceAsync(id, null, "street");
        Assert.Equal(id, (await Api.GetJsonAsync($"/api/v1/orgs/{id}", await Api.AdminAsync()))["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("kind", """{"name":"x","kind":"galaxy","parentId":null}""")]
    [InlineData("kind", """{"name":"x","kind":5,"parentId":null}""")]
    [InlineData("kind", """{"name":"x","parentId":null}""")]
    [InlineData("name", """{"name":42,"kind":"street","parentId":null}""")]
    [InlineData("name", """{"kind":"street","parentId":null}""")]
    [InlineData("parentId", """{"name":"x","kind":"street","parentId":"bad id"}""")]
    [InlineData("parentId", """{"name":"x","kind":"street","parentId":17}""")]
    [InlineData("body", """{"name":"x",""")]
    [InlineData("body", """null""")]
    [InlineData("body", " ")]
    [InlineData("body", "\"just a string\"")]
    public async Task Unreadable_or_invalid_organization_bodies_are_400_naming_the_field(string field, string json)
    {
        using var response = await Api.SendAsync(HttpMethod.Put, "/api/v1/orgs/h-invalid", await Api.AdminAsync(), ApiClient.Raw(json));
        var problem = await Problem.AssertInvalidAsync(response, field);
        if (field == "kind" && json.Contains("galaxy", StringComparison.Ordinal))
        {
            Assert.Contains("general-branch", problem["errors"]!["kind"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        using var response = await Api.SendAsync(HttpMethod.Put, "/api/v1/orgs/h-415", await Api.AdminAsync(),
            ApiClient.Raw("name=x&kind=street", "application/x-www-form-urlencoded"));
        await Problem.AssertAsync(response, HttpStatusCode.UnsupportedMediaType);

        using var text = await Api.SendAsync(HttpMethod.Post, "/api/v1/members/h-415/report-in", await Api.AdminAsync(), ApiClient.Raw("g1", "text/plain"));
        await Problem.AssertAsync(text, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_declared_body_over_the_limit_is_413_before_it_is_sent()
    {
        var big = "{\"name\":\"" + new string('x', 1024 * 1024 + 10) + "\",\"kind\":\"street\",\"parentId\":null}";
        using var response = await Api.SendAsync(HttpMethod.Put, "/api/v1/orgs/h-413", await Api.AdminAsync(), ApiClient.Raw(big),
            request => request.Headers.ExpectContinue = true);
        var problem = await Problem.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("body-too-large", problem["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413_when_it_passes_the_limit()
    {
        // Raw HTTP: the server answers and closes while the client may still be sending, which HttpClient reports as a broken pipe.
        using var client = new TcpClient();
        await client.ConnectAsync(Api.BaseAddress.Host, Api.BaseAddress.Port);
        var stream = client.GetStream();
        var head = Encoding.ASCII.GetBytes(
            "PUT /api/v1/orgs/h-413c HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + await Api.AdminAsync() +
            "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        var sending = Task.Run(async () =>
        {
            try
            {
                await stream.WriteAsync(head);
                var chunk = Encoding.ASCII.GetBytes("10000\r\n" + new string(' ', 0x10000) + "\r\n");
                for (var i = 0; i < 20; i++)
                {
                    await stream.WriteAsync(chunk);
                }
            }
            catch (IOException)
            {
                // The server stopped reading once the limit was passed.
            }
        });

        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.StartsWith("HTTP/1.1 413", statusLine, StringComparison.Ordinal);
        var headers = new List<string>();
        for (var line = await reader.ReadLineAsync(); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync())
        {
            headers.Add(line);
        }

        Assert.Contains("Content-Type: application/problem+json", headers);
        client.Close();
        await sending;
    }

    [Fact]
    public async Task Unknown_routes_are_404_problems_and_wrong_methods_405()
    {
        using var unknown = await Api.GetAsync("/api/v1/nothing-here", await Api.AdminAsync());
        await Problem.AssertAsync(unknown, HttpStatusCode.NotFound);
        using var wrongMethod = await Api.SendAsync(HttpMethod.Patch, "/api/v1/orgs/h-x", await Api.AdminAsync());
        await Problem.AssertAsync(wrongMethod, HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task A_repeat_with_the_same_idempotency_key_gets_the_first_answer()
    {
        var admin = await Api.AdminAsync();
        var body = new { name = "幂等", kind = "street", parentId = (string?)null };
        using var first = await Api.SendAsync(HttpMethod.Put, "/api/v1/orgs/h-idem", admin, body, r => r.Headers.Add("Idempotency-Key", "key-1"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var repeat = await Api.SendAsync(HttpMethod.Put, "/api/v1/orgs/h-idem", admin, body, r => r.Headers.Add("Idempotency-Key", "key-1"));
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());

        using var without = await Api.SendAsync(HttpMethod.Put, "/api/v1/orgs/h-idem", admin, body);
        Assert.Equal(HttpStatusCode.OK, without.StatusCode);

        using var otherBody = await Api.SendAsync(HttpMethod.Put, "/api/v1/orgs/h-idem", admin, body with { name = "别的" },
            r => r.Headers.Add("Idempotency-Key", "key-1"));
        var problem = await Problem.AssertAsync(otherBody, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("idempotency-key-reused", problem["code"]!.GetValue<string>());

        using var badKey = await Api.SendAsync(HttpMethod.Put, "/api/v1/orgs/h-idem", admin, body, r => r.Headers.Add("Idempotency-Key", new string('k', 201)));
        await Problem.AssertInvalidAsync(badKey, "Idempotency-Key");
    }

    [Fact]
    public async Task Report_in_with_an_idempotency_key_changes_nothing_on_repeat()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("h-ri", null, "community");
        await Api.PlaceAsync("h-ri-g", "h-ri", "grid");
        await Api.EnrollAsync("h-ri-m", "h-ri", category: "in-service");
        using var first = await Api.SendAsync(HttpMethod.Post, "/api/v1/members/h-ri-m/report-in", admin, new { gridId = "h-ri-g" },
            r => r.Headers.Add("Idempotency-Key", "ri-1"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var at = (await Api.GetJsonAsync("/api/v1/members/h-ri-m", admin))["reportedIn"]!["at"]!.GetValue<string>();
        using var repeat = await Api.SendAsync(HttpMethod.Post, "/api/v1/members/h-ri-m/report-in", admin, new { gridId = "h-ri-g" },
            r => r.Headers.Add("Idempotency-Key", "ri-1"));
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        Assert.Equal(at, (await Api.GetJsonAsync("/api/v1/members/h-ri-m", admin))["reportedIn"]!["at"]!.GetValue<string>());
    }

    public static TheoryData<string, string> Routes => new()
    {
        { "PUT", "/api/v1/orgs/h-fuzz" },
        { "PUT", "/api/v1/members/h-fuzz" },
        { "POST", "/api/v1/members/h-fuzz/report-in" },
        { "POST", "/api/v1/orgs/h-fuzz/report-in" },
        { "GET", "/api/v1/orgs/h-fuzz/reported-orgs?limit=99999999999999999999" },
        { "GET", "/api/v1/orgs/h-fuzz/service-feedback?period=&limit=-1&after=&format=" },
        { "POST", "/api/v1/auth/dev-token" },
        { "POST", "/api/v1/orgs/h-fuzz/rollup/rebuild" },
        { "DELETE", "/api/v1/orgs/h-fuzz" },
        { "GET", "/api/v1/orgs/h-fuzz/children?sort=&order=" },
        { "GET", "/api/v1/audit?from=yesterday&to=&limit=-1" },
        { "GET", "/api/v1/audit?limit=99999999999999999999" },
    };

    private static readonly string[] NastyBodies =
    [
        "", "{", "}", "[]", "null", "true", "0", "\"x\"", "{\"name\":null,\"kind\":null}", "{\"name\":{},\"kind\":[]}",
        "{\"birthYear\":1e400}", "{\"birthYear\":99999999999999999999}", "{\"joinedOn\":\"2020-02-30\"}", "{\"skills\":[null,1,{}]}",
        "{\"roles\":[null]}", "{\"roles\":\"admin\"}", "{\"sub\":\"" + new string('s', 5000) + "\",\"roles\":[\"admin\"]}",
        new string('[', 5000), "{\"name\":\"\\ud800\"}", "\u00ff\u00fe", "{\"gridId\":\"\"}",
    ];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task No_route_answers_500_to_bad_input(string method, string path)
    {
        var admin = await Api.AdminAsync();
        foreach (var body in NastyBodies)
        {
            foreach (var contentType in new[] { "application/json", "text/plain" })
            {
                using var response = await Api.SendAsync(new HttpMethod(method), path, admin, method == "GET" ? null : ApiClient.Raw(body, contentType));
                var text = await response.Content.ReadAsStringAsync();
                Assert.True((int)response.StatusCode < 500, $"{method} {path} with {contentType} {body[..Math.Min(body.Length, 40)]}: {(int)response.StatusCode} {text}");
                if ((int)response.StatusCode >= 400)
                {
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                }
            }
        }
    }
}
