using System.Net;
using System.Text.Json.Nodes;

namespace PartyActors.Silo.Tests;

[Collection(SiloCollection.Name)]
public sealed class AuditTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    [Fact]
    public async Task Writes_are_recorded_newest_first_with_who_what_when_and_where()
    {
        var admin = await Api.AdminAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await Api.PlaceAsync("t-org", null, "community");
        using (var refused = await Api.PutAsync("/api/v1/orgs/t-org", admin, new { name = "x", kind = "galaxy", parentId = (string?)null }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        using (var renamed = await Api.SendAsync(HttpMethod.Put, "/api/v1/orgs/t-org", admin, new { name = "改名", kind = "community", parentId = (string?)null },
            r => r.Headers.UserAgent.ParseAdd("audit-test/1.0")))
        {
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        }

        var items = (await Api.GetJsonAsync("/api/v1/audit?orgId=t-org", admin))["items"]!.AsArray();
        Assert.Equal(3, items.Count);
        var newest = items[0]!.AsObject();
        Assert.Equal("admin-1", newest["sub"]!.GetValue<string>());
        Assert.Equal(["admin"], newest["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("PUT", newest["method"]!.GetValue<string>());
        Assert.Equal("/api/v1/orgs/t-org", newest["path"]!.GetValue<string>());
        Assert.Equal("/api/v1/orgs/{orgId}", newest["route"]!.GetValue<string>());
        Assert.Equal("t-org", newest["resourceId"]!.GetValue<string>());
        Assert.Equal(200, newest["status"]!.GetValue<int>());
        Assert.Equal("127.0.0.1", newest["remoteIp"]!.GetValue<string>());
        Assert.Equal("audit-test/1.0", newest["userAgent"]!.GetValue<string>());
        var at = DateTimeOffset.Parse(newest["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(at, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal([200, 400, 201], items.Select(i => i!["status"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Member_writes_land_in_the_trails_of_their_organizations_without_personal_data()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("t-from", null, "community");
        await Api.PlaceAsync("t-to", null, "community");
        await Api.EnrollAsync("t-m", "t-from", phone: "13912345678", idNumber: "410103198001011234");
        await Api.EnrollAsync("t-m", "t-to", phone: "13912345678", idNumber: "410103198001011234");
        using (var left = await Api.DeleteAsync("/api/v1/members/t-m", admin))
        {
            Assert.Equal(HttpStatusCode.NoContent, left.StatusCode);
        }

        var from = await Api.GetJsonAsync("/api/v1/audit?orgId=t-from", admin);
        var to = await Api.GetJsonAsync("/api/v1/audit?orgId=t-to", admin);

        // Each trail also holds the organization's own creation.
        Assert.Equal(["PUT", "PUT"], MemberEntries(from).Select(i => i["method"]!.GetValue<string>()));
        Assert.Equal(["DELETE", "PUT"], MemberEntries(to).Select(i => i["method"]!.GetValue<string>()));
        Assert.All(MemberEntries(to), i => Assert.Equal("/api/v1/members/{memberId}", i["route"]!.GetValue<string>()));
        foreach (var trail in new[] { from, to })
        {
            Assert.DoesNotContain("13912345678", trail.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain("410103198001011234", trail.ToJsonString(), StringComparison.Ordinal);
        }
    }

    private static IEnumerable<JsonObject> MemberEntries(JsonObject trail) =>
        trail["items"]!.AsArray().Select(i => i!.AsObject()).Where(i => i["resourceId"]?.GetValue<string>() == "t-m");

    [Fact]
    public async Task The_trail_pages_with_limit_and_filters_by_time()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("t-page", null, "community");
        var middle = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        for (var i = 0; i < 4; i++)
        {
            await Api.PlaceAsync("t-page", null, "community", name: "第" + i);
        }

        Assert.Equal(2, (await Api.GetJsonAsync("/api/v1/audit?orgId=t-page&limit=2", admin))["items"]!.AsArray().Count);
        var since = Uri.EscapeDataString(middle.ToString("O"));
        Assert.Equal(4, (await Api.GetJsonAsync($"/api/v1/audit?orgId=t-page&from={since}", admin))["items"]!.AsArray().Count);
        Assert.Single((await Api.GetJsonAsync($"/api/v1/audit?orgId=t-page&to={since}", admin))["items"]!.AsArray());
        using var badLimit = await Api.GetAsync("/api/v1/audit?orgId=t-page&limit=0", admin);
        await Problem.AssertInvalidAsync(badLimit, "limit");
        using var badTime = await Api.GetAsync("/api/v1/audit?orgId=t-page&from=yesterday", admin);
        await Problem.AssertInvalidAsync(badTime, "from");
    }

    [Fact]
    public async Task Refusals_in_scope_are_audited_too_and_dev_tokens_name_their_organization()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("t-scope", null, "street");
        await Api.PlaceAsync("t-other", null, "street");
        var orgAdmin = await Api.TokenAsync("t-admin", ["org-admin"], "t-scope");
        using (var refused = await Api.PutAsync("/api/v1/orgs/t-sneak", orgAdmin, new { name = "x", kind = "branch", parentId = "t-other" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        var other = (await Api.GetJsonAsync("/api/v1/audit?orgId=t-other", admin))["items"]!.AsArray();
        var attempt = Assert.Single(other, i => i!["sub"]!.GetValue<string>() == "t-admin")!;
        Assert.Equal(403, attempt["status"]!.GetValue<int>());

        var minted = (await Api.GetJsonAsync("/api/v1/audit?orgId=t-scope", admin))["items"]!.AsArray();
        Assert.Contains(minted, i => i!["path"]!.GetValue<string>() == "/api/v1/auth/dev-token" && i["resourceId"]!.GetValue<string>() == "t-admin");
        Assert.Equal("t-scope", ((JsonObject)minted[0]!)["orgId"]!.GetValue<string>());
    }
}
