using System.Net;
using System.Text.Json.Nodes;

namespace PartyActors.Silo.Tests.FirstRun;

/// <summary>Issue 15, as a new user meets the API with curl: problems with codes, HEAD, readable OpenAPI, the report-in list's refusal.</summary>
[Collection(SiloCollection.Name)]
public sealed class FirstRunApiTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    [Fact]
    public async Task Problems_the_framework_writes_carry_a_code()
    {
        using (var noToken = await Api.GetAsync("/api/v1/orgs/fr-x", null))
        {
            Assert.Equal("unauthorized", (await Problem.AssertAsync(noToken, HttpStatusCode.Unauthorized))["code"]!.GetValue<string>());
        }

        using (var badToken = await Api.GetAsync("/api/v1/orgs/fr-x", "not-a-jwt"))
        {
            Assert.Equal("unauthorized", (await Problem.AssertAsync(badToken, HttpStatusCode.Unauthorized))["code"]!.GetValue<string>());
        }

        var admin = await Api.AdminAsync();
        using (var noRoute = await Api.GetAsync("/api/v1/nothing-here", admin))
        {
            Assert.Equal("route-not-found", (await Problem.AssertAsync(noRoute, HttpStatusCode.NotFound))["code"]!.GetValue<string>());
        }

        using (var wrongMethod = await Api.SendAsync(HttpMethod.Patch, "/api/v1/orgs/fr-x", admin))
        {
            Assert.Equal("method-not-allowed", (await Problem.AssertAsync(wrongMethod, HttpStatusCode.MethodNotAllowed))["code"]!.GetValue<string>());
        }

        using (var form = await Api.SendAsync(HttpMethod.Put, "/api/v1/orgs/fr-x", admin, ApiClient.Raw("name=x", "application/x-www-form-urlencoded")))
        {
            Assert.Equal("unsupported-media-type", (await Problem.AssertAsync(form, HttpStatusCode.UnsupportedMediaType))["code"]!.GetValue<string>());
        }

        using (var text = await Api.SendAsync(HttpMethod.Post, "/api/v1/roster/batches", admin, ApiClient.Raw("x", "application/pdf"),
            r => r.Headers.Add("Idempotency-Key", "fr-415")))
        {
            var problem = await Problem.AssertAsync(text, HttpStatusCode.UnsupportedMediaType);
            Assert.False(string.IsNullOrEmpty(problem["code"]?.GetValue<string>()), problem.ToJsonString());
        }
    }

    [Fact]
    public async Task Head_answers_like_get_without_a_body()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("fr-head", null, "street", "头部街道");
        foreach (var path in new[] { "/api/v1/orgs/fr-head", "/api/v1/orgs/fr-head/rollup", "/api/v1/orgs/fr-head/children", "/api/v1/orgs/fr-nobody", "/health/live", "/openapi/v1.json" })
        {
            using var get = await Api.GetAsync(path, admin);
            using var head = await Api.SendAsync(HttpMethod.Head, path, admin);
            Assert.Equal(get.StatusCode, head.StatusCode);
            Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }

        using (var unauthorized = await Api.SendAsync(HttpMethod.Head, "/api/v1/orgs/fr-head", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        }

        // A stream answers its headers and ends: a HEAD has nothing to wait for.
        using var stream = await Api.SendAsync(HttpMethod.Head, "/api/v1/orgs/fr-head/rollup/stream", admin).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);

        // Routes without GET still refuse HEAD.
        using var write = await Api.SendAsync(HttpMethod.Head, "/api/v1/orgs/fr-head/rollup/rebuild", admin);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, write.StatusCode);
    }

    [Fact]
    public async Task Every_operation_has_a_summary_written_for_the_user()
    {
        var document = await Api.GetJsonAsync("/openapi/v1.json", null);
        var operations = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation is not JsonObject { } op || !op.ContainsKey("responses"))
                {
                    continue;
                }

                operations++;
                var summary = op["summary"]?.GetValue<string>();
                Assert.False(string.IsNullOrWhiteSpace(summary), $"{method} {path} has no summary.");
                foreach (var text in new[] { summary!, op["description"]?.GetValue<string>() ?? "" })
                {
                    foreach (var escaped in new[] { "&amp;", "&lt;", "&gt;", "&quot;", "api.md", "`" })
                    {
                        Assert.False(text.Contains(escaped, StringComparison.Ordinal), $"{method} {path}: '{escaped}' in \"{text}\".");
                    }
                }
            }
        }

        Assert.True(operations > 40, $"Only {operations} operations.");
        Assert.NotNull(document["paths"]!["/api/v1/orgs"]?["get"]);
        Assert.NotNull(document["paths"]!["/api/v1/members"]?["get"]);
    }

    [Fact]
    public async Task The_report_in_list_of_an_organization_that_takes_none_is_422_not_a_community()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("fr-ri", null, "street");
        await Api.PlaceAsync("fr-ri-c", "fr-ri", "community");
        using (var street = await Api.GetAsync("/api/v1/orgs/fr-ri/reported-orgs", admin))
        {
            var problem = await Problem.AssertAsync(street, HttpStatusCode.UnprocessableEntity);
            Assert.Equal("not-a-community", problem["code"]!.GetValue<string>());
        }

        using var community = await Api.GetAsync("/api/v1/orgs/fr-ri-c/reported-orgs", admin);
        Assert.Equal(HttpStatusCode.OK, community.StatusCode);
    }
}
