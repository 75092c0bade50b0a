using System.Net;
using System.Text.Json.Nodes;

namespace PartyActors.Silo.Tests;

[Collection(SiloCollection.Name)]
public sealed class OrganizationReportInApiTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    /// <summary>
    /// A district <paramref name="p"/> with a street <c>{p}-s</c>, communities <c>{p}-c1</c> (with a
    /// grid <c>{p}-g</c>) and <c>{p}-c2</c>, and an enterprise <c>{p}-e</c> under the district.
    /// </summary>
    private async Task TreeAsync(string p)
    {
        await Api.PlaceAsync(p, null, "district");
        await Api.PlaceAsync(p + "-s", p, "street");
        await Api.PlaceAsync(p + "-c1", p + "-s", "community");
        await Api.PlaceAsync(p + "-c2", p + "-s", "community");
        await Api.PlaceAsync(p + "-g", p + "-c1", "grid");
        await Api.PlaceAsync(p + "-e", p, "enterprise", "郑州某公司党委");
    }

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private async Task<JsonObject> ReportInAsync(string orgId, string communityId, string token, HttpStatusCode status = HttpStatusCode.OK)
    {
        using var response = await Api.PostAsync($"/api/v1/orgs/{orgId}/report-in", token, new { communityId });
        return await JsonAsync(response, status);
    }

    private async Task<string[]> ListedAsync(string communityId, string token) =>
        [.. (await Api.GetJsonAsync($"/api/v1/orgs/{communityId}/reported-orgs", token))["items"]!.AsArray().Select(i => i!["orgId"]!.GetValue<string>())];

    private async Task<List<JsonObject>> TrailAsync(string orgId) =>
        [.. (await Api.GetJsonAsync($"/api/v1/audit?orgId={orgId}", await Api.AdminAsync()))["items"]!.AsArray()
            .Select(i => i!.AsObject())
            .Where(i => i["route"]?.GetValue<string>() == "/api/v1/orgs/{orgId}/report-in")];

    [Fact]
    public async Task A_unit_reports_in_moves_and_withdraws_the_community_lists_it_and_every_step_is_audited()
    {
        await TreeAsync("ori-a");
        var unitAdmin = await Api.TokenAsync("oa-e", ["org-admin"], org: "ori-a-e");
        var communityAdmin = await Api.TokenAsync("oa-c1", ["org-admin"], org: "ori-a-c1");
        var street = await Api.TokenAsync("sv-s", ["supervisor"], org: "ori-a-s");

        var reported = await ReportInAsync("ori-a-e", "ori-a-c1", unitAdmin);
        Assert.Equal("ori-a-c1", reported["communityId"]!.GetValue<string>());
        var at = reported["at"]!.GetValue<DateTimeOffset>();
        Assert.InRange(at, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(at, (await ReportInAsync("ori-a-e", "ori-a-c1", unitAdmin))["at"]!.GetValue<DateTimeOffset>());

        var organization = await Api.GetJsonAsync("/api/v1/orgs/ori-a-e", unitAdmin);
        Assert.Equal("ori-a-c1", organization["reportedIn"]!["communityId"]!.GetValue<string>());
        Assert.Null((await Api.GetJsonAsync("/api/v1/orgs/ori-a-c1", communityAdmin))["reportedIn"]);
        var list = await Api.GetJsonAsync("/api/v1/orgs/ori-a-c1/reported-orgs", communityAdmin);
        Assert.Equal("ori-a-c1", list["communityId"]!.GetValue<string>());
        var item = Assert.Single(list["items"]!.AsArray())!.AsObject();
        Assert.Equal(("ori-a-e", "郑州某公司党委", "enterprise"), (item["orgId"]!.GetValue<string>(), item["name"]!.GetValue<string>(), item["kind"]!.GetValue<string>()));
        Assert.Equal(at, item["at"]!.GetValue<DateTimeOffset>());
        Assert.Null(list["next"]);

        await ReportInAsync("ori-a-e", "ori-a-c2", unitAdmin);
        Assert.Empty(await ListedAsync("ori-a-c1", street));
        Assert.Equal(["ori-a-e"], await ListedAsync("ori-a-c2", street));

        using (var withdrawn = await Api.DeleteAsync("/api/v1/orgs/ori-a-e/report-in", unitAdmin))
        {
            Assert.Equal(HttpStatusCode.NoContent, withdrawn.StatusCode);
        }

        Assert.Empty(await ListedAsync("ori-a-c2", street));
        Assert.Null((await Api.GetJsonAsync("/api/v1/orgs/ori-a-e", unitAdmin))["reportedIn"]);
        var history = await Api.GetJsonAsync("/api/v1/orgs/ori-a-e/report-in", unitAdmin);
        Assert.Equal("ori-a-e", history["orgId"]!.GetValue<string>());
        Assert.Null(history["current"]);
        var periods = history["history"]!.AsArray().Select(h => h!.AsObject()).ToList();
        Assert.Equal(["ori-a-c1", "ori-a-c2"], periods.Select(h => h["communityId"]!.GetValue<string>()));
        Assert.Equal(at, periods[0]["from"]!.GetValue<DateTimeOffset>());
        Assert.Equal(periods[0]["to"]!.GetValue<DateTimeOffset>(), periods[1]["from"]!.GetValue<DateTimeOffset>());
        Assert.NotNull(periods[1]["to"]);

        // The unit's trail has every write; each community's has those that concerned it.
        Assert.Equal([("DELETE", 204), ("POST", 200), ("POST", 200), ("POST", 200)],
            (await TrailAsync("ori-a-e")).Select(i => (i["method"]!.GetValue<string>(), i["status"]!.GetValue<int>())));
        Assert.Equal(3, (await TrailAsync("ori-a-c1")).Count);
        Assert.Equal(["DELETE", "POST"], (await TrailAsync("ori-a-c2")).Select(i => i["method"]!.GetValue<string>()));
        Assert.All(await TrailAsync("ori-a-e"), i => Assert.Equal("oa-e", i["sub"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Only_admins_and_the_units_own_org_admins_report_it_in_and_readers_of_the_community_see_the_list()
    {
        await TreeAsync("ori-r");
        var admin = await Api.AdminAsync();
        var communityAdmin = await Api.TokenAsync("oa-c1", ["org-admin"], org: "ori-r-c1");
        var otherCommunity = await Api.TokenAsync("oa-c2", ["org-admin"], org: "ori-r-c2");
        var districtWorker = await Api.TokenAsync("gw", ["grid-worker"], org: "ori-r");
        var districtSupervisor = await Api.TokenAsync("sv", ["supervisor"], org: "ori-r");
        var member = await Api.TokenAsync("m", ["member"], member: "ori-r-m");
        var integration = await Api.TokenAsync("int", ["integration"], org: "ori-r");

        foreach (var (token, why) in new[] { (communityAdmin, "the unit is outside its scope"), (districtWorker, "grid workers do not"), (districtSupervisor, "supervisors read"), (member, "members do not") })
        {
            using var post = await Api.PostAsync("/api/v1/orgs/ori-r-e/report-in", token, new { communityId = "ori-r-c1" });
            Assert.True(post.StatusCode == HttpStatusCode.Forbidden, why);
            using var delete = await Api.DeleteAsync("/api/v1/orgs/ori-r-e/report-in", token);
            Assert.True(delete.StatusCode == HttpStatusCode.Forbidden, why);
        }

        using (var anonymous = await Api.PostAsync("/api/v1/orgs/ori-r-e/report-in", null, new { communityId = "ori-r-c1" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        Assert.Null((await Api.GetJsonAsync("/api/v1/orgs/ori-r-e", admin))["reportedIn"]);
        await ReportInAsync("ori-r-e", "ori-r-c1", admin);

        Assert.Equal(["ori-r-e"], await ListedAsync("ori-r-c1", communityAdmin));
        Assert.Equal(["ori-r-e"], await ListedAsync("ori-r-c1", districtSupervisor));
        Assert.Equal(["ori-r-e"], await ListedAsync("ori-r-c1", integration));
        foreach (var token in new[] { otherCommunity, member })
        {
            using var list = await Api.GetAsync("/api/v1/orgs/ori-r-c1/reported-orgs", token);
            await Problem.AssertAsync(list, HttpStatusCode.Forbidden);
        }

        // The community's admin reads the list, not the unit's own report-in history (outside its scope).
        using (var history = await Api.GetAsync("/api/v1/orgs/ori-r-e/report-in", communityAdmin))
        {
            await Problem.AssertAsync(history, HttpStatusCode.Forbidden);
        }

        Assert.NotNull((await Api.GetJsonAsync("/api/v1/orgs/ori-r-e/report-in", districtSupervisor))["current"]);
    }

    [Fact]
    public async Task Bad_input_is_400_naming_the_field_an_unusable_community_422_a_unit_that_does_not_report_in_409()
    {
        await TreeAsync("ori-v");
        var admin = await Api.AdminAsync();

        using (var missing = await Api.PostAsync("/api/v1/orgs/ori-v-e/report-in", admin, new { }))
        {
            await Problem.AssertInvalidAsync(missing, "communityId");
        }

        using (var badId = await Api.PostAsync("/api/v1/orgs/ori-v-e/report-in", admin, new { communityId = "not an id" }))
        {
            await Problem.AssertInvalidAsync(badId, "communityId");
        }

        foreach (var (communityId, code) in new[] { ("ori-v-nowhere", "community-not-found"), ("ori-v-g", "not-a-community"), ("ori-v-s", "not-a-community") })
        {
            var problem = await ReportInAsync("ori-v-e", communityId, admin, HttpStatusCode.UnprocessableEntity);
            Assert.Equal(code, problem["code"]!.GetValue<string>());
            Assert.True(problem["errors"]!.AsObject().ContainsKey("communityId"), problem.ToJsonString());
        }

        Assert.Equal("not-a-stationed-unit", (await ReportInAsync("ori-v-g", "ori-v-c1", admin, HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        Assert.Equal("not-a-stationed-unit", (await ReportInAsync("ori-v-c2", "ori-v-c1", admin, HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        Assert.Equal("org-not-found", (await ReportInAsync("ori-v-nobody", "ori-v-c1", admin, HttpStatusCode.NotFound))["code"]!.GetValue<string>());
        var scoped = await Api.TokenAsync("oa", ["org-admin"], org: "ori-v");
        await ReportInAsync("ori-v-nobody", "ori-v-c1", scoped, HttpStatusCode.Forbidden);
        Assert.Null((await Api.GetJsonAsync("/api/v1/orgs/ori-v-e/report-in", admin))["current"]);

        using (var unknownList = await Api.GetAsync("/api/v1/orgs/ori-v-nowhere/reported-orgs", admin))
        {
            await Problem.AssertAsync(unknownList, HttpStatusCode.NotFound);
        }

        using (var unknownHistory = await Api.GetAsync("/api/v1/orgs/ori-v-nowhere/report-in", admin))
        {
            await Problem.AssertAsync(unknownHistory, HttpStatusCode.NotFound);
        }

        using (var unknownWithdraw = await Api.DeleteAsync("/api/v1/orgs/ori-v-nowhere/report-in", admin))
        {
            await Problem.AssertAsync(unknownWithdraw, HttpStatusCode.NotFound);
        }

        using (var badPost = await Api.PostAsync("/api/v1/orgs/not%20an%20id/report-in", admin, new { communityId = "ori-v-c1" }))
        {
            await Problem.AssertInvalidAsync(badPost, "orgId");
        }

        using (var badDelete = await Api.DeleteAsync("/api/v1/orgs/not%20an%20id/report-in", admin))
        {
            await Problem.AssertInvalidAsync(badDelete, "orgId");
        }

        foreach (var (query, field) in new[] { ("limit=0", "limit"), ("limit=1001", "limit"), ("after=not%20an%20id", "after") })
        {
            using var page = await Api.GetAsync($"/api/v1/orgs/ori-v-c1/reported-orgs?{query}", admin);
            await Problem.AssertInvalidAsync(page, field);
        }
    }

    [Fact]
    public async Task The_list_comes_a_page_at_a_time_by_organization_id()
    {
        await TreeAsync("ori-p");
        var admin = await Api.AdminAsync();
        for (var i = 5; i >= 1; i--)
        {
            await Api.PlaceAsync($"ori-p-u{i}", "ori-p", i % 2 == 0 ? "social-org" : "branch");
            await ReportInAsync($"ori-p-u{i}", "ori-p-c1", admin);
        }

        var pages = new List<string[]>();
        string? after = null;
        do
        {
            var page = await Api.GetJsonAsync($"/api/v1/orgs/ori-p-c1/reported-orgs?limit=2{(after is null ? "" : "&after=" + after)}", admin);
            pages.Add([.. page["items"]!.AsArray().Select(i => i!["orgId"]!.GetValue<string>())]);
            after = page["next"]?.GetValue<string>();
        }
        while (after is not null);

        Assert.Equal([["ori-p-u1", "ori-p-u2"], ["ori-p-u3", "ori-p-u4"], ["ori-p-u5"]], pages);
    }

    [Fact]
    public async Task Neither_end_is_dissolved_while_reported_in()
    {
        await TreeAsync("ori-d");
        var admin = await Api.AdminAsync();
        await ReportInAsync("ori-d-e", "ori-d-c2", admin);

        using (var community = await Api.DeleteAsync("/api/v1/orgs/ori-d-c2", admin))
        {
            Assert.Equal("has-reported-orgs", (await Problem.AssertAsync(community, HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        }

        using (var unit = await Api.DeleteAsync("/api/v1/orgs/ori-d-e", admin))
        {
            Assert.Equal("still-reported-in", (await Problem.AssertAsync(unit, HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        }

        using (var withdrawn = await Api.DeleteAsync("/api/v1/orgs/ori-d-e/report-in", admin))
        {
            Assert.Equal(HttpStatusCode.NoContent, withdrawn.StatusCode);
        }

        using (var dissolved = await Api.DeleteAsync("/api/v1/orgs/ori-d-c2", admin))
        {
            Assert.Equal(HttpStatusCode.NoContent, dissolved.StatusCode);
        }
    }
}
