using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PartyActors.Silo.Tests;

/// <summary>Assessment (考核) over HTTP: scorecards, the three steps and who may record them, results, finalization, ranking, bad input.</summary>
[Collection(SiloCollection.Name)]
public sealed class AssessmentApiTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    /// <summary>The 100-point card of docs/assessment.md's worked example.</summary>
    private static object HundredCard(string name = "2026 年度党建考核") => new
    {
        name,
        scale = 100,
        sections = new object[]
        {
            new { id = "org", name = "组织建设", weight = 40, items = new object[] { new { id = "a", name = "三会一课", maxPoints = 10 }, new { id = "b", name = "党员管理", maxPoints = 20 } } },
            new { id = "svc", name = "服务群众", weight = 60, items = new object[] { new { id = "c", name = "为民办事", maxPoints = 50 }, new { id = "d", name = "群众满意", maxPoints = 50 } } },
        },
        bonusMax = 5,
        stepWeights = new { self = 20, @public = 30, organization = 50 },
        tiers = new { advanced = 85, lagging = 60 },
        stars = new[] { 60, 70, 80, 90 },
        rules = new[] { new { kind = "consecutive-excellent", years = 3, title = "连续三年先进" } },
    };

    /// <summary>Every item at <paramref name="share"/> of its maximum: the step scores 100 × share.</summary>
    private static object Share(decimal share, decimal bonus = 0) =>
        new { items = new Dictionary<string, decimal> { ["a"] = 10 * share, ["b"] = 20 * share, ["c"] = 50 * share, ["d"] = 50 * share }, bonus };

    private async Task ExpectAsync(HttpStatusCode status, Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private async Task ScoreAsync(string orgId, int year, string token, decimal self, decimal @public, decimal organization)
    {
        await ExpectAsync(HttpStatusCode.OK, Api.PostAsync($"/api/v1/orgs/{orgId}/assessments/{year}/steps/self", token, Share(self)));
        await ExpectAsync(HttpStatusCode.OK, Api.PostAsync($"/api/v1/orgs/{orgId}/assessments/{year}/steps/public", token, Share(@public)));
        await ExpectAsync(HttpStatusCode.OK, Api.PostAsync($"/api/v1/orgs/{orgId}/assessments/{year}/steps/organization", token, Share(organization)));
    }

    [Fact]
    public async Task Each_step_is_recorded_by_its_own_people_and_the_result_is_exact()
    {
        await Api.PlaceAsync("as-d", null, "district");
        await Api.PlaceAsync("as-s", "as-d", "street");
        await Api.PlaceAsync("as-c", "as-s", "community");
        var street = await Api.TokenAsync("as-street", ["org-admin"], org: "as-s");
        var community = await Api.TokenAsync("as-community", ["org-admin"], org: "as-c");
        var worker = await Api.TokenAsync("as-worker", ["grid-worker"], org: "as-c");
        var supervisor = await Api.TokenAsync("as-supervisor", ["supervisor"], org: "as-d");

        await ExpectAsync(HttpStatusCode.Forbidden, Api.PutAsync("/api/v1/orgs/as-s/scorecards/2026", worker, HundredCard()));
        await ExpectAsync(HttpStatusCode.OK, Api.PutAsync("/api/v1/orgs/as-s/scorecards/2026", street, HundredCard()));
        var inForce = await Api.GetJsonAsync("/api/v1/orgs/as-c/scorecards/2026", supervisor);
        Assert.Equal("as-s", inForce["definedAt"]!.GetValue<string>());
        Assert.Equal(100, inForce["scorecard"]!["scale"]!.GetValue<int>());
        using (var none = await Api.GetAsync("/api/v1/orgs/as-d/scorecards/2026", supervisor))
        {
            Assert.Equal("scorecard-not-found", (await Problem.AssertAsync(none, HttpStatusCode.NotFound))["code"]!.GetValue<string>());
        }

        const string Steps = "/api/v1/orgs/as-c/assessments/2026/steps/";
        await ExpectAsync(HttpStatusCode.Forbidden, Api.PostAsync(Steps + "self", worker, Share(1)));
        await ExpectAsync(HttpStatusCode.Forbidden, Api.PostAsync(Steps + "public", supervisor, Share(1)));
        await ExpectAsync(HttpStatusCode.OK, Api.PostAsync(Steps + "self", community,
            new { items = new { a = 10, b = 15, c = 45, d = 40 }, note = "自评：按时完成" }));
        await ExpectAsync(HttpStatusCode.OK, Api.PostAsync(Steps + "public", worker, new { items = new { a = 8, b = 16, c = 40, d = 41 } }));

        // The organization step belongs to the level above: not to the community's own admins.
        var organization = new { items = new { a = 9, b = 17.5m, c = 47, d = 46 }, bonus = 2.5m };
        using (var own = await Api.PostAsync(Steps + "organization", community, organization))
        {
            await Problem.AssertAsync(own, HttpStatusCode.Forbidden);
        }

        await ExpectAsync(HttpStatusCode.Conflict, Api.PostAsync("/api/v1/orgs/as-c/assessments/2026/finalize", street));
        await ExpectAsync(HttpStatusCode.OK, Api.PostAsync(Steps + "organization", street, organization));

        var result = await Api.GetJsonAsync("/api/v1/orgs/as-c/assessments/2026", supervisor);
        Assert.True(result["complete"]!.GetValue<bool>());
        Assert.Equal(86.61m, result["weighted"]!.GetValue<decimal>());
        Assert.Equal(2.5m, result["bonus"]!.GetValue<decimal>());
        Assert.Equal(89.11m, result["score"]!.GetValue<decimal>());
        Assert.Equal(("advanced", 3), (result["tier"]!.GetValue<string>(), result["stars"]!.GetValue<int>()));
        var steps = result["steps"]!.AsArray();
        Assert.Equal(["self", "public", "organization"], steps.Select(s => s!["step"]!.GetValue<string>()));
        Assert.Equal([84.33m, 80.60m, 91.13m], steps.Select(s => s!["score"]!.GetValue<decimal>()));
        Assert.Equal([33.33m, 51.00m], steps[0]!["sections"]!.AsArray().Select(s => s!["score"]!.GetValue<decimal>()));
        Assert.Equal("as-community", steps[0]!["recordedBy"]!.GetValue<string>());
        Assert.Equal("as-s", result["scorecard"]!["definedAt"]!.GetValue<string>());
        Assert.Empty(result["missing"]!.AsArray());

        await ExpectAsync(HttpStatusCode.Forbidden, Api.PostAsync("/api/v1/orgs/as-c/assessments/2026/finalize", community));
        var finalized = await Api.PostAsync("/api/v1/orgs/as-c/assessments/2026/finalize", street);
        Assert.True((await finalized.Content.ReadFromJsonAsync<JsonObject>())!["finalized"]!.GetValue<bool>());
        using (var late = await Api.PostAsync(Steps + "self", community, Share(1)))
        {
            Assert.Equal("assessment-finalized", (await Problem.AssertAsync(late, HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        }

        // Editing the template later leaves the finalized year as it was scored.
        await ExpectAsync(HttpStatusCode.OK, Api.PutAsync("/api/v1/orgs/as-s/scorecards/2026", street, HundredCard("修订版")));
        var kept = await Api.GetJsonAsync("/api/v1/orgs/as-c/assessments/2026", supervisor);
        Assert.Equal(("2026 年度党建考核", 89.11m), (kept["scorecard"]!["scorecard"]!["name"]!.GetValue<string>(), kept["score"]!.GetValue<decimal>()));

        var trail = await Api.GetJsonAsync("/api/v1/audit?orgId=as-c", await Api.AdminAsync());
        Assert.Contains(trail["items"]!.AsArray(), e => e!["path"]!.GetValue<string>() == "/api/v1/orgs/as-c/assessments/2026/finalize" && e["status"]!.GetValue<int>() == 200);
    }

    [Fact]
    public async Task Finalizing_needs_every_step_and_scoring_needs_a_scorecard_above()
    {
        await Api.PlaceAsync("af-s", null, "street");
        await Api.PlaceAsync("af-c", "af-s", "community");
        var admin = await Api.AdminAsync();
        using (var noCard = await Api.PostAsync("/api/v1/orgs/af-c/assessments/2026/steps/self", admin, Share(1)))
        {
            Assert.Equal("scorecard-not-found", (await Problem.AssertAsync(noCard, (HttpStatusCode)422))["code"]!.GetValue<string>());
        }

        await ExpectAsync(HttpStatusCode.OK, Api.PutAsync("/api/v1/orgs/af-s/scorecards/2026", admin, HundredCard()));
        await ExpectAsync(HttpStatusCode.OK, Api.PostAsync("/api/v1/orgs/af-c/assessments/2026/steps/self", admin, Share(1)));
        var partial = await Api.GetJsonAsync("/api/v1/orgs/af-c/assessments/2026", admin);
        Assert.False(partial["complete"]!.GetValue<bool>());
        Assert.Null(partial["score"]);
        Assert.Equal(["public", "organization"], partial["missing"]!.AsArray().Select(s => s!.GetValue<string>()));
        using (var incomplete = await Api.PostAsync("/api/v1/orgs/af-c/assessments/2026/finalize", admin))
        {
            Assert.Equal("assessment-incomplete", (await Problem.AssertAsync(incomplete, HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        }

        await ExpectAsync(HttpStatusCode.NoContent, Api.DeleteAsync("/api/v1/orgs/af-s/scorecards/2026", admin));
        await ExpectAsync(HttpStatusCode.NotFound, Api.GetAsync("/api/v1/orgs/af-c/scorecards/2026", admin));

        // The year keeps its snapshot: the remaining steps still record against it.
        await ExpectAsync(HttpStatusCode.OK, Api.PostAsync("/api/v1/orgs/af-c/assessments/2026/steps/public", admin, Share(1)));
        await ExpectAsync(HttpStatusCode.OK, Api.PostAsync("/api/v1/orgs/af-c/assessments/2026/steps/organization", admin, Share(1, bonus: 5)));
        var done = await Api.PostAsync("/api/v1/orgs/af-c/assessments/2026/finalize", admin);
        Assert.Equal(105m, (await done.Content.ReadFromJsonAsync<JsonObject>())!["score"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Siblings_rank_by_score_ties_by_the_organization_step_then_id_and_unscored_last()
    {
        await Api.PlaceAsync("ar-s", null, "street");
        foreach (var id in new[] { "ar-c1", "ar-c2", "ar-c3", "ar-c4" })
        {
            await Api.PlaceAsync(id, "ar-s", "community", name: "社区 " + id);
        }

        var street = await Api.TokenAsync("ar-street", ["org-admin"], org: "ar-s");
        await ExpectAsync(HttpStatusCode.OK, Api.PutAsync("/api/v1/orgs/ar-s/scorecards/2025", street, HundredCard()));
        await ScoreAsync("ar-c1", 2025, street, 0.5m, 0.5m, 0.5m);   // 50: lagging
        await ScoreAsync("ar-c2", 2025, street, 1m, 1m, 0.8m);       // (20 + 30 + 40) = 90, organization 80
        await ScoreAsync("ar-c3", 2025, street, 0.5m, 1m, 1m);       // (10 + 30 + 50) = 90, organization 100
        await ExpectAsync(HttpStatusCode.OK, Api.PostAsync("/api/v1/orgs/ar-c4/assessments/2025/steps/self", street, Share(1)));

        var reader = await Api.TokenAsync("ar-supervisor", ["supervisor"], org: "ar-s");
        var ranking = await Api.GetJsonAsync("/api/v1/orgs/ar-s/assessments/2025/ranking", reader);
        var items = ranking["items"]!.AsArray();
        Assert.Equal(["ar-c3", "ar-c2", "ar-c1", "ar-c4"], items.Select(i => i!["orgId"]!.GetValue<string>()));
        Assert.Equal([1, 2, 3, (int?)null], items.Select(i => i!["rank"]?.GetValue<int>()));
        Assert.Equal([90m, 90m, 50m, (decimal?)null], items.Select(i => i!["score"]?.GetValue<decimal>()));
        Assert.Equal("社区 ar-c3", items[0]!["name"]!.GetValue<string>());
        Assert.Equal(["advanced", "advanced", "lagging", null], items.Select(i => i!["tier"]?.GetValue<string>()));

        var advanced = await Api.GetJsonAsync("/api/v1/orgs/ar-s/assessments/2025/ranking?tier=advanced", reader);
        Assert.Equal(["ar-c3", "ar-c2"], advanced["items"]!.AsArray().Select(i => i!["orgId"]!.GetValue<string>()));
        using var bad = await Api.GetAsync("/api/v1/orgs/ar-s/assessments/2025/ranking?tier=best", reader);
        await Problem.AssertInvalidAsync(bad, "tier");
        await ExpectAsync(HttpStatusCode.Forbidden, Api.GetAsync("/api/v1/orgs/ar-s/assessments/2025/ranking", await Api.TokenAsync("ar-m", ["member"], member: "ar-m")));
    }

    [Fact]
    public async Task A_broken_scorecard_is_refused_with_every_breach_named()
    {
        await Api.PlaceAsync("av-s", null, "street");
        var admin = await Api.AdminAsync();
        using var response = await Api.PutAsync("/api/v1/orgs/av-s/scorecards/2026", admin, new
        {
            name = " ",
            scale = 500,
            sections = new object[]
            {
                new { id = "x", name = "一", weight = 30.001m, items = new object[] { new { id = "i", name = "项", maxPoints = 10 } } },
                new { id = "x", name = "二", weight = 50, items = new object[] { new { id = "i", name = "项", maxPoints = 60 } } },
                new { id = "y", name = "三", weight = 10, items = Array.Empty<object>() },
            },
            bonusMax = -1,
            stepWeights = new { self = 30, @public = 30, organization = 30 },
            tiers = new { advanced = 50, lagging = 70 },
            stars = new[] { 60, 50 },
            rules = new[] { new { kind = "forever", years = 1, title = "" } },
        });
        var errors = (await Problem.AssertInvalidAsync(response, "scale"))["errors"]!.AsObject();
        foreach (var field in new[]
        {
            "name", "scale", "sections[0].weight", "sections[1].id", "sections[1].items[0].id", "sections[1].items[0].maxPoints",
            "sections[2].items", "bonusMax", "stepWeights", "tiers", "stars[1]", "rules[0].kind", "rules[0].years", "rules[0].title",
        })
        {
            Assert.True(errors.ContainsKey(field), $"'{field}' should be named: {errors.ToJsonString()}");
        }

        // Weights that do not sum to the scale, once each is valid.
        var card = JsonSerializer.SerializeToNode(HundredCard())!.AsObject();
        card["sections"]![0]!["weight"] = 41;
        using var sum = await Api.PutAsync("/api/v1/orgs/av-s/scorecards/2026", admin, card);
        Assert.Contains("sum to the scale", (await Problem.AssertInvalidAsync(sum, "sections"))["errors"]!["sections"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        using var missing = await Api.PutAsync("/api/v1/orgs/av-s/scorecards/2026", admin, new { name = "空" });
        var missingErrors = (await Problem.AssertInvalidAsync(missing, "scale"))["errors"]!.AsObject();
        Assert.True(missingErrors.ContainsKey("sections") && missingErrors.ContainsKey("stepWeights") && missingErrors.ContainsKey("tiers"), missingErrors.ToJsonString());
        await ExpectAsync(HttpStatusCode.NotFound, Api.GetAsync("/api/v1/orgs/av-s/scorecards/2026", admin));
    }

    [Fact]
    public async Task Bad_scores_and_addresses_are_refused_before_anything_changes()
    {
        await Api.PlaceAsync("ab-s", null, "street");
        await Api.PlaceAsync("ab-c", "ab-s", "community");
        await Api.PlaceAsync("ab-other", null, "street");
        var admin = await Api.AdminAsync();
        await ExpectAsync(HttpStatusCode.OK, Api.PutAsync("/api/v1/orgs/ab-s/scorecards/2026", admin, HundredCard()));
        const string Self = "/api/v1/orgs/ab-c/assessments/2026/steps/self";

        using (var scores = await Api.PostAsync(Self, admin, new { items = new { a = 10.5, b = 19.999, c = -1, zz = 3 }, bonus = 1 }))
        {
            var errors = (await Problem.AssertInvalidAsync(scores, "items.a"))["errors"]!.AsObject();
            foreach (var field in new[] { "items.a", "items.b", "items.c", "items.d", "items.zz", "bonus" })
            {
                Assert.True(errors.ContainsKey(field), $"'{field}' should be named: {errors.ToJsonString()}");
            }
        }

        using (var over = await Api.PostAsync("/api/v1/orgs/ab-c/assessments/2026/steps/organization", admin, Share(1, bonus: 5.01m)))
        {
            await Problem.AssertInvalidAsync(over, "bonus");
        }

        await Problem.AssertInvalidAsync(await Api.PostAsync(Self, admin, new { note = "无分数" }), "items");
        await Problem.AssertInvalidAsync(await Api.PostAsync("/api/v1/orgs/ab-c/assessments/2026/steps/boss", admin, Share(1)), "step");
        await Problem.AssertInvalidAsync(await Api.PostAsync("/api/v1/orgs/ab-c/assessments/20x6/steps/self", admin, Share(1)), "year");
        await Problem.AssertInvalidAsync(await Api.GetAsync("/api/v1/orgs/ab-c/assessments/1999", admin), "year");
        await Problem.AssertInvalidAsync(await Api.GetAsync("/api/v1/orgs/ab c/assessments/2026", admin), "orgId");
        await ExpectAsync(HttpStatusCode.NotFound, Api.GetAsync("/api/v1/orgs/ab-none/assessments/2026", admin));
        await ExpectAsync(HttpStatusCode.NotFound, Api.PostAsync("/api/v1/orgs/ab-none/assessments/2026/steps/self", admin, Share(1)));

        var outsider = await Api.TokenAsync("ab-outsider", ["org-admin"], org: "ab-other");
        await ExpectAsync(HttpStatusCode.Forbidden, Api.GetAsync("/api/v1/orgs/ab-c/assessments/2026", outsider));
        await ExpectAsync(HttpStatusCode.Forbidden, Api.PostAsync(Self, outsider, Share(1)));
        await ExpectAsync(HttpStatusCode.Forbidden, Api.PutAsync("/api/v1/orgs/ab-c/scorecards/2026", outsider, HundredCard()));
        await ExpectAsync(HttpStatusCode.Unauthorized, Api.GetAsync("/api/v1/orgs/ab-c/assessments/2026", null));

        var untouched = await Api.GetJsonAsync("/api/v1/orgs/ab-c/assessments/2026", admin);
        Assert.Empty(untouched["steps"]!.AsArray());
        Assert.Equal(3, untouched["missing"]!.AsArray().Count);
        Assert.Null(untouched["scorecard"]);
    }

    [Fact]
    public async Task Each_role_reaches_each_route_as_api_md_says()
    {
        await Api.PlaceAsync("ax-s", null, "street");
        await Api.PlaceAsync("ax-c", "ax-s", "community");
        await ExpectAsync(HttpStatusCode.OK, Api.PutAsync("/api/v1/orgs/ax-s/scorecards/2026", await Api.AdminAsync(), HundredCard()));
        const string Card = "/api/v1/orgs/ax-s/scorecards/2026", Year = "/api/v1/orgs/ax-c/assessments/2026";
        var tokens = new Dictionary<string, string>
        {
            ["supervisor"] = await Api.TokenAsync("ax-sup", ["supervisor"], org: "ax-s"),
            ["grid-worker"] = await Api.TokenAsync("ax-gw", ["grid-worker"], org: "ax-s"),
            ["member"] = await Api.TokenAsync("ax-m", ["member"], org: "ax-s", member: "ax-m"),
            ["resident"] = await Api.TokenAsync("ax-r", ["resident"], org: "ax-s"),
            ["integration"] = await Api.TokenAsync("ax-i", ["integration"], org: "ax-s"),
        };

        // Expected status per role: reads for the roles that read organizations; writes per docs/assessment.md.
        var routes = new (string Method, string Path, object? Body, Dictionary<string, HttpStatusCode> Expected)[]
        {
            ("GET", Card, null, new() { ["supervisor"] = HttpStatusCode.OK, ["grid-worker"] = HttpStatusCode.OK, ["integration"] = HttpStatusCode.OK }),
            ("GET", Year, null, new() { ["supervisor"] = HttpStatusCode.OK, ["grid-worker"] = HttpStatusCode.OK, ["integration"] = HttpStatusCode.OK }),
            ("GET", "/api/v1/orgs/ax-s/assessments/2026/ranking", null, new() { ["supervisor"] = HttpStatusCode.OK, ["grid-worker"] = HttpStatusCode.OK, ["integration"] = HttpStatusCode.OK }),
            ("PUT", Card, HundredCard(), new()),
            ("DELETE", "/api/v1/orgs/ax-c/scorecards/2026", null, new()),
            ("POST", Year + "/steps/self", Share(1), new()),
            ("POST", Year + "/steps/public", Share(1), new() { ["grid-worker"] = HttpStatusCode.OK }),
            ("POST", Year + "/steps/organization", Share(1), new()),
            ("POST", Year + "/finalize", null, new()),
        };
        foreach (var (method, path, body, expected) in routes)
        {
            foreach (var (role, token) in tokens)
            {
                using var response = await Api.SendAsync(new HttpMethod(method), path, token, body);
                var status = expected.GetValueOrDefault(role, HttpStatusCode.Forbidden);
                Assert.True(status == response.StatusCode, $"{role} {method} {path}: expected {(int)status}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        var result = await Api.GetJsonAsync(Year, tokens["supervisor"]);
        Assert.Equal(["public"], result["steps"]!.AsArray().Select(s => s!["step"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("PUT", "/api/v1/orgs/az-s/scorecards/2026")]
    [InlineData("POST", "/api/v1/orgs/az-c/assessments/2026/steps/organization")]
    [InlineData("POST", "/api/v1/orgs/az-c/assessments/2026/finalize")]
    [InlineData("GET", "/api/v1/orgs/az-s/assessments/99999999999999999999/ranking?tier=")]
    public async Task No_assessment_route_answers_500_to_bad_input(string method, string path)
    {
        await Api.PlaceAsync("az-s", null, "street");
        await Api.PlaceAsync("az-c", "az-s", "community");
        var admin = await Api.AdminAsync();
        await ExpectAsync(HttpStatusCode.OK, Api.PutAsync("/api/v1/orgs/az-s/scorecards/2026", admin, HundredCard()));
        string[] bodies =
        [
            "", "{", "[]", "null", "0", "{\"items\":null}", "{\"items\":[1,2]}", "{\"items\":{\"a\":\"x\"}}", "{\"items\":{\"a\":1e400}}",
            "{\"items\":{\"a\":79228162514264337593543950336}}", "{\"items\":{\"\":1}}", "{\"bonus\":-0.001,\"items\":{}}",
            "{\"sections\":[null,{}],\"stepWeights\":{},\"tiers\":{},\"stars\":[null],\"rules\":[null,{}]}",
            "{\"scale\":1e10,\"sections\":{}}", "{\"sections\":[{\"items\":[null,{\"maxPoints\":-1e20}]}]}", new string('[', 3000),
        ];
        foreach (var body in bodies)
        {
            using var response = await Api.SendAsync(new HttpMethod(method), path, admin, method == "GET" ? null : ApiClient.Raw(body));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"{method} {path} with {body[..Math.Min(body.Length, 40)]}: {(int)response.StatusCode} {text}");
            if ((int)response.StatusCode >= 400)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        Assert.Empty((await Api.GetJsonAsync("/api/v1/orgs/az-c/assessments/2026", admin))["steps"]!.AsArray());
    }

    [Fact]
    public async Task The_openapi_document_describes_every_assessment_route()
    {
        using var response = await Api.GetAsync("/openapi/v1.json", null);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        foreach (var (path, method) in new[]
        {
            ("/api/v1/orgs/{orgId}/scorecards/{year}", "get"), ("/api/v1/orgs/{orgId}/scorecards/{year}", "put"), ("/api/v1/orgs/{orgId}/scorecards/{year}", "delete"),
            ("/api/v1/orgs/{orgId}/assessments/{year}", "get"), ("/api/v1/orgs/{orgId}/assessments/{year}/steps/{step}", "post"),
            ("/api/v1/orgs/{orgId}/assessments/{year}/finalize", "post"), ("/api/v1/orgs/{orgId}/assessments/{year}/ranking", "get"),
        })
        {
            Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out _), $"{method} {path} is missing");
            Assert.False(string.IsNullOrWhiteSpace(item.GetProperty(method).GetProperty("summary").GetString()), $"{method} {path} has no summary");
        }
    }
}
