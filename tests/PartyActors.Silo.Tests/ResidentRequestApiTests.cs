using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using PartyActors.Grains;

namespace PartyActors.Silo.Tests;

/// <summary>Residents' requests over HTTP: validation, access per route, the ledger, the SLA and the calendar (docs/requests.md).</summary>
[Collection(SiloCollection.Name)]
public sealed class ResidentRequestApiTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    private static object Body(string title = "小区路灯不亮", string category = "市政设施", string channel = "hotline") => new { title, category, channel };

    /// <summary>A district with a street, a community, two grids and a branch: <c>{p}</c>, <c>{p}-s</c>, <c>{p}-c</c>, <c>{p}-g1</c>, <c>{p}-g2</c>, <c>{p}-b</c>; a member <c>{p}-m</c> of the branch.</summary>
    private async Task PlaceAsync(string p)
    {
        await Api.PlaceAsync(p, null, "district");
        await Api.PlaceAsync(p + "-s", p, "street");
        await Api.PlaceAsync(p + "-c", p + "-s", "community");
        await Api.PlaceAsync(p + "-g1", p + "-c", "grid");
        await Api.PlaceAsync(p + "-g2", p + "-c", "grid");
        await Api.PlaceAsync(p + "-b", p, "branch");
        await Api.EnrollAsync(p + "-m", p + "-b");
    }

    private async Task<string> FileAsync(string orgId, string token, object? body = null)
    {
        using var response = await Api.PostAsync($"/api/v1/orgs/{orgId}/requests", token, body ?? Body());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var json = JsonNode.Parse(text)!;
        var id = json["id"]!.GetValue<string>();
        Assert.NotNull(json["dueAt"]);
        Assert.Equal($"/api/v1/requests/{id}", response.Headers.Location?.OriginalString);
        return id;
    }

    private async Task<HttpStatusCode> StatusAsync(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        return response.StatusCode;
    }

    [Fact]
    public async Task Filing_validates_each_field_and_the_level_and_answers_201_with_the_deadline()
    {
        var admin = await Api.AdminAsync();
        await PlaceAsync("rqa-v");
        const string path = "/api/v1/orgs/rqa-v-g1/requests";
        foreach (var (body, field) in new (object, string)[]
        {
            (Body(title: " "), "title"),
            (Body(title: new string('长', RequestRules.MaxTitleLength + 1)), "title"),
            (Body(category: ""), "category"),
            (Body(category: new string('类', RequestRules.MaxCategoryLength + 1)), "category"),
            (Body(channel: "fax"), "channel"),
            (new { title = "路灯", category = "市政" }, "channel"),
        })
        {
            using var response = await Api.PostAsync(path, admin, body);
            await Problem.AssertInvalidAsync(response, field);
        }

        using (var badId = await Api.PostAsync("/api/v1/orgs/bad id!/requests", admin, Body()))
        {
            await Problem.AssertInvalidAsync(badId, "orgId");
        }

        using (var unknown = await Api.PostAsync("/api/v1/orgs/rqa-v-nowhere/requests", admin, Body()))
        {
            await Problem.AssertAsync(unknown, HttpStatusCode.NotFound);
        }

        using (var atBranch = await Api.PostAsync("/api/v1/orgs/rqa-v-b/requests", admin, Body()))
        {
            var problem = await Problem.AssertAsync(atBranch, (HttpStatusCode)422);
            Assert.Equal(RequestErrors.NotAFilingLevel, problem["code"]!.GetValue<string>());
        }

        var before = DateTimeOffset.UtcNow;
        var id = await FileAsync("rqa-v-g1", admin, Body(channel: "grid-patrol"));
        var filed = await Api.GetJsonAsync($"/api/v1/requests/{id}", admin);
        Assert.StartsWith("rq-", id, StringComparison.Ordinal);
        Assert.Equal(("rqa-v-g1", "小区路灯不亮", "市政设施", "grid-patrol", "open"),
            (filed["orgId"]!.GetValue<string>(), filed["title"]!.GetValue<string>(), filed["category"]!.GetValue<string>(), filed["channel"]!.GetValue<string>(), filed["status"]!.GetValue<string>()));
        Assert.False(filed["overdue"]!.GetValue<bool>());
        Assert.Null(filed["escalatedTo"]);
        Assert.Equal("admin-1", filed["filedBy"]!.GetValue<string>());
        Assert.Empty(filed["replies"]!.AsArray());
        Assert.Empty(filed["escalations"]!.AsArray());

        // At least three working days ahead (weekends and holidays only add), at midnight China Standard Time.
        var dueAt = filed["dueAt"]!.GetValue<DateTimeOffset>();
        Assert.True(dueAt > before.AddDays(3), dueAt.ToString("O"));
        Assert.Equal(TimeSpan.Zero, dueAt.ToOffset(TimeSpan.FromHours(8)).TimeOfDay);

        // Later requests list after earlier ones: ids follow the filing order.
        Assert.True(string.CompareOrdinal(await FileAsync("rqa-v-c", admin), id) > 0);
        using var missing = await Api.GetAsync("/api/v1/requests/rq-000000000000ffffffff", admin);
        Assert.Equal(RequestErrors.RequestNotFound, (await Problem.AssertAsync(missing, HttpStatusCode.NotFound))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Residents_file_anywhere_and_reach_their_own_requests_and_workers_those_in_scope()
    {
        var admin = await Api.AdminAsync();
        await PlaceAsync("rqa-a");
        var resident = await Api.TokenAsync("resident-zhang", ["resident"]);
        var neighbour = await Api.TokenAsync("resident-li", ["resident"]);
        var gridWorker = await Api.TokenAsync("gw-1", ["grid-worker"], org: "rqa-a-g1");
        var otherGrid = await Api.TokenAsync("gw-2", ["grid-worker"], org: "rqa-a-g2");
        var streetWorker = await Api.TokenAsync("sw-1", ["org-admin"], org: "rqa-a-s");
        var supervisor = await Api.TokenAsync("sup-1", ["supervisor"], org: "rqa-a");
        var member = await Api.TokenAsync("m-1", ["member"], member: "rqa-a-m");

        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.PostAsync("/api/v1/orgs/rqa-a-g1/requests", supervisor, Body())));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.PostAsync("/api/v1/orgs/rqa-a-g1/requests", member, Body())));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.PostAsync("/api/v1/orgs/rqa-a-g1/requests", otherGrid, Body())));
        var id = await FileAsync("rqa-a-g1", resident);
        await FileAsync("rqa-a-g1", gridWorker);

        // Reads: the filer, readers in scope; not another resident, not a worker elsewhere.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Api.GetAsync($"/api/v1/requests/{id}", resident)));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Api.GetAsync($"/api/v1/requests/{id}", supervisor)));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.GetAsync($"/api/v1/requests/{id}", neighbour)));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.GetAsync($"/api/v1/requests/{id}", otherGrid)));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.GetAsync($"/api/v1/requests/{id}", member)));

        // Replies and assignments: writers in scope only.
        var reply = new { text = "已报修，三天内修复" };
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.PostAsync($"/api/v1/requests/{id}/reply", resident, reply)));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.PostAsync($"/api/v1/requests/{id}/reply", supervisor, reply)));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.PostAsync($"/api/v1/requests/{id}/reply", otherGrid, reply)));
        using (var blank = await Api.PostAsync($"/api/v1/requests/{id}/reply", gridWorker, new { text = " " }))
        {
            await Problem.AssertInvalidAsync(blank, "text");
        }

        // Closing needs a reply first.
        using (var early = await Api.PostAsync($"/api/v1/requests/{id}/close", resident, new { satisfaction = 5 }))
        {
            Assert.Equal(RequestErrors.NotReplied, (await Problem.AssertAsync(early, HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        }

        using (var both = await Api.PostAsync($"/api/v1/requests/{id}/assign", gridWorker, new { memberId = "rqa-a-m", orgId = "rqa-a-g1" }))
        {
            await Problem.AssertInvalidAsync(both, "orgId");
        }

        using (var nobody = await Api.PostAsync($"/api/v1/requests/{id}/assign", gridWorker, new { memberId = "rqa-a-nobody" }))
        {
            await Problem.AssertAsync(nobody, (HttpStatusCode)422);
        }

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Api.PostAsync($"/api/v1/requests/{id}/assign", streetWorker, new { memberId = "rqa-a-m" })));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Api.PostAsync($"/api/v1/requests/{id}/reply", gridWorker, reply)));
        var replied = await Api.GetJsonAsync($"/api/v1/requests/{id}", resident);
        Assert.Equal("replied", replied["status"]!.GetValue<string>());
        Assert.Equal("rqa-a-m", replied["assignee"]!["memberId"]!.GetValue<string>());
        Assert.Equal("gw-1", replied["replies"]![0]!["by"]!.GetValue<string>());

        // Closing: the filer (or a worker on their behalf), 1 to 5; not another resident.
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.PostAsync($"/api/v1/requests/{id}/close", neighbour, new { satisfaction = 1 })));
        foreach (var satisfaction in new object?[] { 0, 6, null, "五" })
        {
            using var bad = await Api.PostAsync($"/api/v1/requests/{id}/close", resident, new { satisfaction });
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Api.PostAsync($"/api/v1/requests/{id}/close", resident, new { satisfaction = 4 })));
        using (var twice = await Api.PostAsync($"/api/v1/requests/{id}/close", resident, new { satisfaction = 2 }))
        {
            Assert.Equal(RequestErrors.Closed, (await Problem.AssertAsync(twice, HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        }

        using (var late = await Api.PostAsync($"/api/v1/requests/{id}/reply", gridWorker, reply))
        {
            await Problem.AssertAsync(late, HttpStatusCode.Conflict);
        }

        // Reopening: the filer with a reason; a request not closed: 409.
        using (var noReason = await Api.PostAsync($"/api/v1/requests/{id}/reopen", resident, new { reason = "" }))
        {
            await Problem.AssertInvalidAsync(noReason, "reason");
        }

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Api.PostAsync($"/api/v1/requests/{id}/reopen", resident, new { reason = "路灯又坏了" })));
        using (var again = await Api.PostAsync($"/api/v1/requests/{id}/reopen", resident, new { reason = "再次" }))
        {
            Assert.Equal(RequestErrors.NotClosed, (await Problem.AssertAsync(again, HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        }

        var reopened = await Api.GetJsonAsync($"/api/v1/requests/{id}", admin);
        Assert.Equal("open", reopened["status"]!.GetValue<string>());
        Assert.Equal(4, reopened["reopenings"]![0]!["withdrawnSatisfaction"]!.GetValue<int>());
        Assert.Null(reopened["satisfaction"]);

        using var badId = await Api.GetAsync("/api/v1/requests/bad id!", admin);
        await Problem.AssertInvalidAsync(badId, "requestId");
    }

    [Fact]
    public async Task The_ledger_pages_the_subtree_by_status_and_the_rollup_counts_it()
    {
        var admin = await Api.AdminAsync();
        await PlaceAsync("rqa-l");
        var ids = new List<string>();
        foreach (var orgId in new[] { "rqa-l-g1", "rqa-l-g2", "rqa-l-c", "rqa-l-g1", "rqa-l-g2" })
        {
            ids.Add(await FileAsync(orgId, admin));
        }

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Api.PostAsync($"/api/v1/requests/{ids[1]}/reply", admin, new { text = "已处理" })));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Api.PostAsync($"/api/v1/requests/{ids[1]}/close", admin, new { satisfaction = 5 })));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Api.PostAsync($"/api/v1/requests/{ids[2]}/reply", admin, new { text = "已处理" })));

        // Two at a time over the whole district, in id order: filing order to the millisecond (two filed in one millisecond may come either way).
        var seen = new List<string>();
        string? after = null;
        do
        {
            var page = await Api.GetJsonAsync($"/api/v1/orgs/rqa-l/requests?limit=2{(after is null ? "" : "&after=" + after)}", admin);
            var items = page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
            Assert.True(items.Count <= 2);
            seen.AddRange(items);
            after = page["next"]?.GetValue<string>();
        }
        while (after is not null);
        Assert.Equal(ids.Order(StringComparer.Ordinal), seen);

        async Task<List<string>> Listed(string orgId, string status) =>
            [.. (await Api.GetJsonAsync($"/api/v1/orgs/{orgId}/requests?status={status}", admin))["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())];
        Assert.Equal(new[] { ids[0], ids[2], ids[3], ids[4] }.Order(StringComparer.Ordinal), await Listed("rqa-l", "open"));
        Assert.Equal([ids[1]], await Listed("rqa-l", "closed"));
        Assert.Equal([ids[2]], await Listed("rqa-l-s", "replied"));
        Assert.Empty(await Listed("rqa-l", "overdue"));
        Assert.Equal(new[] { ids[0], ids[3] }.Order(StringComparer.Ordinal), await Listed("rqa-l-g1", "open"));

        await Api.EventuallyAsync("/api/v1/orgs/rqa-l/rollup", admin, r =>
            r["metrics"]!["requestsOpen"]!.GetValue<long>() == 4 && r["metrics"]!["requestsClosed"]!.GetValue<long>() == 1
            && r["metrics"]!["requestsOverdue"]!.GetValue<long>() == 0
            && r["metrics"]!["satisfactionSum"]!.GetValue<long>() == 5 && r["metrics"]!["satisfactionCount"]!.GetValue<long>() == 1, "the district counts the requests");

        foreach (var (query, field) in new[] { ("status=late", "status"), ("status=Open", "status"), ("limit=0", "limit"), ("limit=1001", "limit"), ("after=bad id!", "after") })
        {
            using var bad = await Api.GetAsync($"/api/v1/orgs/rqa-l/requests?{query}", admin);
            await Problem.AssertInvalidAsync(bad, field);
        }

        var supervisor = await Api.TokenAsync("sup-l", ["supervisor"], org: "rqa-l-c");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Api.GetAsync("/api/v1/orgs/rqa-l-c/requests", supervisor)));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.GetAsync("/api/v1/orgs/rqa-l/requests", supervisor)));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.GetAsync("/api/v1/orgs/rqa-l-c/requests", await Api.TokenAsync("r-l", ["resident"]))));
        using var unknown = await Api.GetAsync("/api/v1/orgs/rqa-l-nowhere/requests", admin);
        await Problem.AssertAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Admins_set_the_sla_and_the_calendar_that_deadlines_count_by()
    {
        var admin = await Api.AdminAsync();
        var orgAdmin = await Api.TokenAsync("oa-sla", ["org-admin"], org: "rqa-t");
        await PlaceAsync("rqa-t");

        var defaults = await Api.GetJsonAsync("/api/v1/requests/sla", orgAdmin);
        Assert.Equal((3, "working-days"), (defaults["default"]!["amount"]!.GetValue<int>(), defaults["default"]!["unit"]!.GetValue<string>()));

        var table = new
        {
            @default = new { amount = 3, unit = "working-days" },
            rules = new object[] { new { category = "rqa-t 供暖", level = "grid", amount = 24, unit = "hours" }, new { level = "street", amount = 5, unit = "working-days" } },
        };
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.PutAsync("/api/v1/requests/sla", orgAdmin, table)));
        foreach (var (body, field) in new (object, string)[]
        {
            (new { @default = new { amount = 3, unit = "weeks" } }, "default.unit"),
            (new { @default = new { amount = 0, unit = "working-days" } }, "default.amount"),
            (new { @default = new { amount = 721, unit = "hours" } }, "default.amount"),
            (new { }, "default.unit"),
            (new { @default = new { amount = 3, unit = "hours" }, rules = new object[] { new { amount = 1, unit = "hours" } } }, "rules[0]"),
            (new { @default = new { amount = 3, unit = "hours" }, rules = new object[] { new { level = "city", amount = 1, unit = "hours" } } }, "rules[0].level"),
        })
        {
            using var bad = await Api.PutAsync("/api/v1/requests/sla", admin, body);
            await Problem.AssertInvalidAsync(bad, field);
        }

        try
        {
            using (var put = await Api.PutAsync("/api/v1/requests/sla", admin, table))
            {
                Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            }

            var set = await Api.GetJsonAsync("/api/v1/requests/sla", admin);
            Assert.Equal("hours", set["rules"]![0]!["unit"]!.GetValue<string>());
            Assert.Equal("street", set["rules"]![1]!["level"]!.GetValue<string>());

            var id = await FileAsync("rqa-t-g1", admin, Body(category: "rqa-t 供暖"));
            var heating = await Api.GetJsonAsync($"/api/v1/requests/{id}", admin);
            Assert.Equal(TimeSpan.FromHours(24), heating["dueAt"]!.GetValue<DateTimeOffset>() - heating["filedAt"]!.GetValue<DateTimeOffset>());
            Assert.Equal((24, "hours"), (heating["sla"]!["amount"]!.GetValue<int>(), heating["sla"]!["unit"]!.GetValue<string>()));
        }
        finally
        {
            using var reset = await Api.PutAsync("/api/v1/requests/sla", admin, new { @default = new { amount = 3, unit = "working-days" } });
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }

        // The calendar of a year far ahead, so no other test's deadline meets it.
        var calendar = new { holidays = new[] { "2099-10-01", "2099-10-02" }, workdays = new[] { "2099-10-10" } };
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.PutAsync("/api/v1/calendar/2099", orgAdmin, calendar)));
        foreach (var (path, body, field) in new (string, object, string)[]
        {
            ("/api/v1/calendar/next", calendar, "year"),
            ("/api/v1/calendar/1999", calendar, "year"),
            ("/api/v1/calendar/2099", new { holidays = new[] { "2098-10-01" } }, "holidays"),
            ("/api/v1/calendar/2099", new { workdays = new[] { "2099-10-09" } }, "workdays"),
        })
        {
            using var bad = await Api.PutAsync(path, admin, body);
            await Problem.AssertInvalidAsync(bad, field);
        }

        using (var put = await Api.PutAsync("/api/v1/calendar/2099", admin, calendar))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var read = await Api.GetJsonAsync("/api/v1/calendar/2099", await Api.TokenAsync("r-t", ["resident"]));
        Assert.Equal(["2099-10-01", "2099-10-02"], read["holidays"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal(["2099-10-10"], read["workdays"]!.AsArray().Select(d => d!.GetValue<string>()));
    }

    [Fact]
    public async Task The_openapi_document_lists_every_request_route_with_a_summary()
    {
        using var response = await Api.GetAsync("/openapi/v1.json", null);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        foreach (var (path, method) in new[]
        {
            ("/api/v1/orgs/{orgId}/requests", "post"), ("/api/v1/orgs/{orgId}/requests", "get"),
            ("/api/v1/requests/{requestId}", "get"), ("/api/v1/requests/{requestId}/reply", "post"),
            ("/api/v1/requests/{requestId}/assign", "post"), ("/api/v1/requests/{requestId}/close", "post"),
            ("/api/v1/requests/{requestId}/reopen", "post"), ("/api/v1/requests/sla", "get"), ("/api/v1/requests/sla", "put"),
            ("/api/v1/calendar/{year}", "get"), ("/api/v1/calendar/{year}", "put"),
        })
        {
            var operation = default(JsonElement);
            Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out operation), $"{method} {path} is missing");
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), $"{method} {path} has no summary");
        }
    }

    [Theory]
    [InlineData("POST", "/api/v1/orgs/rqa-n-g1/requests")]
    [InlineData("POST", "/api/v1/requests/rq-nasty/reply")]
    [InlineData("POST", "/api/v1/requests/rq-nasty/assign")]
    [InlineData("POST", "/api/v1/requests/rq-nasty/close")]
    [InlineData("POST", "/api/v1/requests/rq-nasty/reopen")]
    [InlineData("PUT", "/api/v1/requests/sla")]
    [InlineData("PUT", "/api/v1/calendar/2098")]
    public async Task No_request_route_answers_500_to_bad_input(string method, string path)
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("rqa-n-g1", null, "grid");
        string[] bodies =
        [
            "", "{", "[]", "null", "0", "{\"title\":{},\"channel\":1}", "{\"channel\":\"\"}", "{\"satisfaction\":1e400}", "{\"satisfaction\":\"5\"}",
            "{\"memberId\":\"\"}", "{\"orgId\":\"bad id\"}", "{\"default\":null,\"rules\":[null,1,{}]}", "{\"default\":{\"amount\":99999999999,\"unit\":\"hours\"}}",
            "{\"rules\":[{\"category\":\"\",\"level\":\"grid\",\"amount\":1,\"unit\":\"hours\"}]}", "{\"holidays\":[\"2098-02-30\"]}", "{\"holidays\":[null]}",
            "{\"workdays\":\"2098-01-03\"}", "{\"text\":\"\\ud800\"}", new string('[', 3000),
        ];
        foreach (var body in bodies)
        {
            using var response = await Api.SendAsync(new HttpMethod(method), path, admin, ApiClient.Raw(body));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"{method} {path} {body[..Math.Min(body.Length, 40)]}: {(int)response.StatusCode} {text}");
            if ((int)response.StatusCode >= 400)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }
}
