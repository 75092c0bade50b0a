using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PartyActors.Silo.Tests;

[Collection(SiloCollection.Name)]
public sealed class PointsRulesApiTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    [Fact]
    public async Task A_table_is_inherited_down_the_tree_overridden_below_and_removed_to_inherit_again()
    {
        await Api.PlaceAsync("pr-a", null, "street");
        await Api.PlaceAsync("pr-a-c", "pr-a", "community");
        await Api.PlaceAsync("pr-a-g", "pr-a-c", "grid");
        var orgAdmin = await Api.TokenAsync("oa", ["org-admin"], org: "pr-a");

        var defaults = await Api.GetJsonAsync("/api/v1/orgs/pr-a-g/points-rules", orgAdmin);
        Assert.Null(defaults["definedAt"]);
        Assert.Equal("per-hour", defaults["mode"]!.GetValue<string>());
        Assert.Equal(1, defaults["points"]!.GetValue<int>());
        Assert.Equal((1, 2), (defaults["noShowDeduction"]!.GetValue<int>(), defaults["overdueDeduction"]!.GetValue<int>()));

        using (var put = await Api.PutAsync("/api/v1/orgs/pr-a/points-rules", orgAdmin, new { mode = "per-event", points = 5, dailyCap = 10, noShowDeduction = 3, overdueDeduction = 0 }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using (var below = await Api.PutAsync("/api/v1/orgs/pr-a-c/points-rules", orgAdmin, new { mode = "per-hour", points = 2, capPerActivity = 4 }))
        {
            Assert.Equal(HttpStatusCode.OK, below.StatusCode);
        }

        // The closest table wins whole: one that leaves the deductions out has the defaults, not its parent's.
        var atGrid = await Api.GetJsonAsync("/api/v1/orgs/pr-a-g/points-rules", orgAdmin);
        Assert.Equal("pr-a-c", atGrid["definedAt"]!.GetValue<string>());
        Assert.Equal(4, atGrid["capPerActivity"]!.GetValue<int>());
        Assert.Equal((1, 2), (atGrid["noShowDeduction"]!.GetValue<int>(), atGrid["overdueDeduction"]!.GetValue<int>()));

        using (var removed = await Api.DeleteAsync("/api/v1/orgs/pr-a-c/points-rules", orgAdmin))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        var inherited = await Api.GetJsonAsync("/api/v1/orgs/pr-a-g/points-rules", orgAdmin);
        Assert.Equal("pr-a", inherited["definedAt"]!.GetValue<string>());
        Assert.Equal("per-event", inherited["mode"]!.GetValue<string>());
        Assert.Equal(10, inherited["dailyCap"]!.GetValue<int>());
        Assert.Equal((3, 0), (inherited["noShowDeduction"]!.GetValue<int>(), inherited["overdueDeduction"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_no_show_is_deducted_by_the_table_and_shows_in_the_ledger_the_project_and_the_roll_up()
    {
        // Its own silo: no grace after a close, so a claim still open is a no-show at once.
        await using var factory = new SiloFactory(new Dictionary<string, string?> { ["Points:NoShowGrace"] = "00:00:00" });
        using var api = factory.Start();
        var admin = await api.AdminAsync();
        await api.PlaceAsync("ns-c", null, "community");
        await api.PlaceAsync("ns-g", "ns-c", "grid");
        await api.EnrollAsync("ns-m1", "ns-c");
        await api.EnrollAsync("ns-m2", "ns-c");
        using (var rules = await api.PutAsync("/api/v1/orgs/ns-c/points-rules", admin, new { mode = "per-hour", points = 1, noShowDeduction = 4 }))
        {
            Assert.Equal(HttpStatusCode.OK, rules.StatusCode);
        }

        using var published = await api.PostAsync("/api/v1/orgs/ns-g/projects", admin, new { title = "周末助老", kind = "project", quota = 2 });
        var projectId = (await published.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        using var claimed = await api.PostAsync($"/api/v1/projects/{projectId}/claims", admin, new { memberIds = new[] { "ns-m1", "ns-m2" } });
        var claimIds = (await claimed.Content.ReadFromJsonAsync<JsonObject>())!["ids"]!.AsArray().Select(i => i!.GetValue<string>()).ToArray();
        using (await api.PostAsync($"/api/v1/projects/{projectId}/claims/{claimIds[1]}/complete", admin, new { minutes = 60 }))
        {
        }

        using var closed = await api.PostAsync($"/api/v1/projects/{projectId}/close", admin);
        var claims = (await closed.Content.ReadFromJsonAsync<JsonObject>())!["claims"]!.AsArray();
        Assert.Equal([-4, null], claims.Select(c => c!["noShowPoints"]?.GetValue<int>()));

        var ledger = await api.GetJsonAsync("/api/v1/members/ns-m1/points", admin);
        Assert.Equal(-4, ledger["total"]!.GetValue<long>());
        var entry = Assert.Single(ledger["entries"]!.AsArray())!;
        Assert.Equal(("no-show", -4), (entry["source"]!.GetValue<string>(), entry["points"]!.GetValue<int>()));
        await api.EventuallyAsync("/api/v1/orgs/ns-c/rollup", admin, r => r["metrics"]!["points"]?.GetValue<long>() == -4, "the roll-up counts the deduction");
    }

    [Theory]
    [InlineData("mode", """{"points":1}""")]
    [InlineData("mode", """{"mode":"per-day","points":1}""")]
    [InlineData("points", """{"mode":"per-hour"}""")]
    [InlineData("points", """{"mode":"per-hour","points":101}""")]
    [InlineData("capPerActivity", """{"mode":"per-hour","points":1,"capPerActivity":-1}""")]
    [InlineData("dailyCap", """{"mode":"per-hour","points":1,"dailyCap":100000}""")]
    [InlineData("noShowDeduction", """{"mode":"per-hour","points":1,"noShowDeduction":-1}""")]
    [InlineData("overdueDeduction", """{"mode":"per-hour","points":1,"overdueDeduction":101}""")]
    public async Task Invalid_tables_are_400_naming_the_field(string field, string json)
    {
        await Api.PlaceAsync("pr-v", null, "community");

        using var response = await Api.PutAsync("/api/v1/orgs/pr-v/points-rules", await Api.AdminAsync(), ApiClient.Raw(json));

        await Problem.AssertInvalidAsync(response, field);
    }

    [Fact]
    public async Task Other_roles_and_scopes_are_403_and_unknown_organizations_404()
    {
        await Api.PlaceAsync("pr-s", null, "community");
        await Api.PlaceAsync("pr-s-other", null, "community");
        var body = new { mode = "per-hour", points = 1 };

        foreach (var role in new[] { "grid-worker", "supervisor", "member", "resident" })
        {
            using var refused = await Api.PutAsync("/api/v1/orgs/pr-s/points-rules", await Api.TokenAsync("x", [role], org: "pr-s", member: "pr-s-m"), body);
            await Problem.AssertAsync(refused, HttpStatusCode.Forbidden);
        }

        using (var outside = await Api.PutAsync("/api/v1/orgs/pr-s/points-rules", await Api.TokenAsync("oa", ["org-admin"], org: "pr-s-other"), body))
        {
            await Problem.AssertAsync(outside, HttpStatusCode.Forbidden);
        }

        using var missing = await Api.PutAsync("/api/v1/orgs/pr-nowhere/points-rules", await Api.AdminAsync(), body);
        await Problem.AssertAsync(missing, HttpStatusCode.NotFound);
    }
}
