using System.Globalization;
using System.Net;

namespace PartyActors.Silo.Tests;

[Collection(SiloCollection.Name)]
public sealed class RankingApiTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    private static string ThisMonth() => DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Members_and_children_are_ranked_by_the_points_of_the_period_equal_to_a_recount()
    {
        await Api.PlaceAsync("rk", null, "community");
        await Api.PlaceAsync("rk-b1", "rk");
        await Api.PlaceAsync("rk-b2", "rk");
        await Api.PlaceAsync("rk-b2-g", "rk-b2", "party-group");
        var admin = await Api.AdminAsync();
        var awards = new (string Member, string Org, int Points)[] { ("rk-m1", "rk-b1", 5), ("rk-m2", "rk-b1", 12), ("rk-m3", "rk-b2", 7), ("rk-m4", "rk-b2-g", 9), ("rk-m5", "rk", 1) };
        foreach (var (member, org, points) in awards)
        {
            await Api.EnrollAsync(member, org);
            using var awarded = await Api.PostAsync($"/api/v1/members/{member}/points", admin, new { points, reason = "服务", sourceId = "rk-1" });
            Assert.Equal(HttpStatusCode.Created, awarded.StatusCode);
        }

        using (await Api.PostAsync("/api/v1/members/rk-m4/points", admin, new { points = -2, reason = "扣分", sourceId = "rk-2" }))
        {
        }

        var supervisor = await Api.TokenAsync("sv", ["supervisor"], org: "rk");
        var members = await Api.GetJsonAsync($"/api/v1/orgs/rk/rankings/members?period={ThisMonth()}&top=3", supervisor);
        Assert.Equal(["rk-m2", "rk-m3", "rk-m4"], members["items"]!.AsArray().Select(i => i!["memberId"]!.GetValue<string>()));
        Assert.Equal([12L, 7L, 7L], members["items"]!.AsArray().Select(i => i!["points"]!.GetValue<long>()));
        Assert.Equal([1, 2, 3], members["items"]!.AsArray().Select(i => i!["rank"]!.GetValue<int>()));

        var children = await Api.GetJsonAsync($"/api/v1/orgs/rk/rankings/children?period={ThisMonth()}", supervisor);
        Assert.Equal(["rk-b1", "rk-b2"], children["items"]!.AsArray().Select(i => i!["orgId"]!.GetValue<string>()));
        Assert.Equal([17L, 14L], children["items"]!.AsArray().Select(i => i!["points"]!.GetValue<long>()));

        // Everything was earned this month: the whole ranking equals the roll-up's ledger total.
        var all = await Api.GetJsonAsync($"/api/v1/orgs/rk/rankings/members?period={ThisMonth()[..4]}&top=100", supervisor);
        var sum = all["items"]!.AsArray().Sum(i => i!["points"]!.GetValue<long>());
        await Api.EventuallyAsync("/api/v1/orgs/rk/rollup", supervisor, r => r["metrics"]!["points"]!.GetValue<long>() == sum, "the roll-up equals the ranking");
        Assert.Equal(32, sum);

        var lastYear = await Api.GetJsonAsync($"/api/v1/orgs/rk/rankings/members?period=2001-Q1", supervisor);
        Assert.All(lastYear["items"]!.AsArray(), i => Assert.Equal(0, i!["points"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_transferred_member_ranks_with_its_new_organization_and_a_departed_one_nowhere()
    {
        await Api.PlaceAsync("rt", null, "community");
        await Api.PlaceAsync("rt-b1", "rt");
        await Api.PlaceAsync("rt-b2", "rt");
        var admin = await Api.AdminAsync();
        foreach (var (member, points) in new[] { ("rt-m1", 8), ("rt-m2", 5), ("rt-m3", 3) })
        {
            await Api.EnrollAsync(member, "rt-b1");
            using var awarded = await Api.PostAsync($"/api/v1/members/{member}/points", admin, new { points, reason = "服务", sourceId = "rt-1" });
            Assert.Equal(HttpStatusCode.Created, awarded.StatusCode);
        }

        await Api.EnrollAsync("rt-m1", "rt-b2");
        using (var left = await Api.DeleteAsync("/api/v1/members/rt-m3", admin))
        {
            Assert.True(left.IsSuccessStatusCode);
        }

        var members = await Api.GetJsonAsync($"/api/v1/orgs/rt/rankings/members?period={ThisMonth()}", admin);
        Assert.Equal(["rt-m1:rt-b2:8", "rt-m2:rt-b1:5"], members["items"]!.AsArray().Select(i => $"{i!["memberId"]}:{i["orgId"]}:{i["points"]}"));
        var children = await Api.GetJsonAsync($"/api/v1/orgs/rt/rankings/children?period={ThisMonth()}", admin);
        Assert.Equal(["rt-b2:8", "rt-b1:5"], children["items"]!.AsArray().Select(i => $"{i!["orgId"]}:{i["points"]}"));
    }

    [Theory]
    [InlineData("/api/v1/orgs/rk-v/rankings/members", "period")]
    [InlineData("/api/v1/orgs/rk-v/rankings/members?period=2026-13", "period")]
    [InlineData("/api/v1/orgs/rk-v/rankings/members?period=2026-Q5", "period")]
    [InlineData("/api/v1/orgs/rk-v/rankings/children?period=26-11", "period")]
    [InlineData("/api/v1/orgs/rk-v/rankings/members?period=2026-11&top=0", "top")]
    [InlineData("/api/v1/orgs/rk-v/rankings/members?period=9999", "period")]
    [InlineData("/api/v1/orgs/rk-v/rankings/children?period=9999-Q4", "period")]
    public async Task Bad_periods_and_tops_are_400(string path, string field)
    {
        await Api.PlaceAsync("rk-v", null, "community");

        using var response = await Api.GetAsync(path, await Api.AdminAsync());

        await Problem.AssertInvalidAsync(response, field);
    }

    [Fact]
    public async Task Unknown_organizations_are_404_and_other_scopes_or_roles_403()
    {
        await Api.PlaceAsync("rk-s", null, "community");
        await Api.PlaceAsync("rk-s-other", null, "community");

        using (var missing = await Api.GetAsync("/api/v1/orgs/rk-nowhere/rankings/members?period=2026", await Api.AdminAsync()))
        {
            await Problem.AssertAsync(missing, HttpStatusCode.NotFound);
        }

        using (var outside = await Api.GetAsync("/api/v1/orgs/rk-s/rankings/members?period=2026", await Api.TokenAsync("oa", ["org-admin"], org: "rk-s-other")))
        {
            await Problem.AssertAsync(outside, HttpStatusCode.Forbidden);
        }

        using var member = await Api.GetAsync("/api/v1/orgs/rk-s/rankings/children?period=2026", await Api.TokenAsync("m", ["member"], member: "rk-s-m"));
        await Problem.AssertAsync(member, HttpStatusCode.Forbidden);
    }
}
