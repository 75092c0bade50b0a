using System.Net;

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

        using (var put = await Api.PutAsync("/api/v1/orgs/pr-a/points-rules", orgAdmin, new { mode = "per-event", points = 5, dailyCap = 10 }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using (var below = await Api.PutAsync("/api/v1/orgs/pr-a-c/points-rules", orgAdmin, new { mode = "per-hour", points = 2, capPerActivity = 4 }))
        {
            Assert.Equal(HttpStatusCode.OK, below.StatusCode);
        }

        var atGrid = await Api.GetJsonAsync("/api/v1/orgs/pr-a-g/points-rules", orgAdmin);
        Assert.Equal("pr-a-c", atGrid["definedAt"]!.GetValue<string>());
        Assert.Equal(4, atGrid["capPerActivity"]!.GetValue<int>());

        using (var removed = await Api.DeleteAsync("/api/v1/orgs/pr-a-c/points-rules", orgAdmin))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        var inherited = await Api.GetJsonAsync("/api/v1/orgs/pr-a-g/points-rules", orgAdmin);
        Assert.Equal("pr-a", inherited["definedAt"]!.GetValue<string>());
        Assert.Equal("per-event", inherited["mode"]!.GetValue<string>());
        Assert.Equal(10, inherited["dailyCap"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("mode", """{"points":1}""")]
    [InlineData("mode", """{"mode":"per-day","points":1}""")]
    [InlineData("points", """{"mode":"per-hour"}""")]
    [InlineData("points", """{"mode":"per-hour","points":101}""")]
    [InlineData("capPerActivity", """{"mode":"per-hour","points":1,"capPerActivity":-1}""")]
    [InlineData("dailyCap", """{"mode":"per-hour","points":1,"dailyCap":100000}""")]
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
