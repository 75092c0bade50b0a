using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PartyActors.Silo.Tests;

[Collection(SiloCollection.Name)]
public sealed class PointsApiTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    private async Task TreeAsync(string prefix)
    {
        await Api.PlaceAsync(prefix, null, "community");
        await Api.PlaceAsync(prefix + "-b", prefix);
        await Api.PlaceAsync(prefix + "-other", null, "community");
        await Api.EnrollAsync(prefix + "-m", prefix + "-b");
    }

    [Fact]
    public async Task An_award_is_201_a_repeat_200_with_the_first_entry_and_the_ledger_profile_and_roll_up_follow()
    {
        await TreeAsync("pt-a");
        var orgAdmin = await Api.TokenAsync("oa", ["org-admin"], org: "pt-a");

        using (var created = await Api.PostAsync("/api/v1/members/pt-a-m/points", orgAdmin, new { points = 5, reason = "社区志愿服务", sourceId = "s-1" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal("/api/v1/members/pt-a-m/points", created.Headers.Location?.OriginalString);
        }

        using (var repeat = await Api.PostAsync("/api/v1/members/pt-a-m/points", orgAdmin, new { points = 50, reason = "again", sourceId = "s-1" }))
        {
            Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
            var entry = (await repeat.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal(5, entry["points"]!.GetValue<int>());
            Assert.Equal("manual", entry["source"]!.GetValue<string>());
        }

        using (var deduction = await Api.PostAsync("/api/v1/members/pt-a-m/points", orgAdmin, new { points = -2, reason = "未参加组织生活", sourceId = "s-2" }))
        {
            Assert.Equal(HttpStatusCode.Created, deduction.StatusCode);
        }

        var ledger = await Api.GetJsonAsync("/api/v1/members/pt-a-m/points", orgAdmin);
        Assert.Equal(3, ledger["total"]!.GetValue<long>());
        Assert.Equal(["s-2", "s-1"], ledger["entries"]!.AsArray().Select(e => e!["sourceId"]!.GetValue<string>()));
        var first = ledger["entries"]![1]!.AsObject();
        Assert.True(first.ContainsKey("id") && first.ContainsKey("reason") && first.ContainsKey("at"));

        var points = (await Api.GetJsonAsync("/api/v1/members/pt-a-m", orgAdmin))["points"]!;
        Assert.Equal(3, points["total"]!.GetValue<long>());
        Assert.Equal(3, points["thisYear"]!.GetValue<long>());
        await Api.EventuallyAsync("/api/v1/orgs/pt-a/rollup", orgAdmin, r => r["metrics"]!["points"]!.GetValue<long>() == 3, "the community rolls up 3 points");

        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        var none = await Api.GetJsonAsync($"/api/v1/members/pt-a-m/points?from={future}", orgAdmin);
        Assert.Empty(none["entries"]!.AsArray());
        Assert.Equal(3, none["total"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("points", """{"reason":"r","sourceId":"s"}""")]
    [InlineData("points", """{"points":0,"reason":"r","sourceId":"s"}""")]
    [InlineData("points", """{"points":1001,"reason":"r","sourceId":"s"}""")]
    [InlineData("points", """{"points":1.5,"reason":"r","sourceId":"s"}""")]
    [InlineData("reason", """{"points":1,"reason":" ","sourceId":"s"}""")]
    [InlineData("sourceId", """{"points":1,"reason":"r"}""")]
    [InlineData("sourceId", """{"points":1,"reason":"r","sourceId":"bad id"}""")]
    public async Task Invalid_awards_are_400_naming_the_field(string field, string json)
    {
        await TreeAsync("pt-v");
        var admin = await Api.AdminAsync();

        using var response = await Api.PostAsync("/api/v1/members/pt-v-m/points", admin, ApiClient.Raw(json));

        await Problem.AssertInvalidAsync(response, field);
        Assert.Empty((await Api.GetJsonAsync("/api/v1/members/pt-v-m/points", admin))["entries"]!.AsArray());
    }

    [Fact]
    public async Task Bad_periods_are_400_unknown_members_404_and_roles_or_scope_outside_403()
    {
        await TreeAsync("pt-s");
        var admin = await Api.AdminAsync();
        var award = new { points = 1, reason = "r", sourceId = "s" };

        using (var badFrom = await Api.GetAsync("/api/v1/members/pt-s-m/points?from=yesterday", admin))
        {
            await Problem.AssertInvalidAsync(badFrom, "from");
        }

        using (var missing = await Api.PostAsync("/api/v1/members/pt-s-nobody/points", admin, award))
        {
            await Problem.AssertAsync(missing, HttpStatusCode.NotFound);
        }

        var outside = await Api.TokenAsync("oa2", ["org-admin"], org: "pt-s-other");
        using (var outOfScope = await Api.PostAsync("/api/v1/members/pt-s-m/points", outside, award))
        {
            await Problem.AssertAsync(outOfScope, HttpStatusCode.Forbidden);
        }

        using (var readOutOfScope = await Api.GetAsync("/api/v1/members/pt-s-m/points", outside))
        {
            await Problem.AssertAsync(readOutOfScope, HttpStatusCode.Forbidden);
        }

        foreach (var role in new[] { "grid-worker", "supervisor", "member", "resident" })
        {
            var token = await Api.TokenAsync("x", [role], org: "pt-s", member: "pt-s-m");
            using var refused = await Api.PostAsync("/api/v1/members/pt-s-m/points", token, award);
            await Problem.AssertAsync(refused, HttpStatusCode.Forbidden);
        }

        var self = await Api.TokenAsync("me", ["member"], member: "pt-s-m");
        Assert.Equal(0, (await Api.GetJsonAsync("/api/v1/members/pt-s-m/points", self))["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_departed_member_earns_no_points_409()
    {
        await TreeAsync("pt-l");
        var admin = await Api.AdminAsync();
        using (await Api.DeleteAsync("/api/v1/members/pt-l-m", admin))
        {
        }

        using var response = await Api.PostAsync("/api/v1/members/pt-l-m/points", admin, new { points = 1, reason = "r", sourceId = "s" });

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("member-left", problem["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_applicant_below_the_points_threshold_cannot_become_an_activist_409()
    {
        await TreeAsync("pt-t");
        var admin = await Api.AdminAsync();
        await Api.EnrollAsync("pt-t-a", "pt-t-b", status: "applicant");

        using (var refused = await Api.PutAsync("/api/v1/members/pt-t-a", admin, new { name = "申请人", status = "activist", category = "retired", orgId = "pt-t-b" }))
        {
            var problem = await Problem.AssertAsync(refused, HttpStatusCode.Conflict);
            Assert.Equal("points-below-threshold", problem["code"]!.GetValue<string>());
        }

        using (await Api.PostAsync("/api/v1/members/pt-t-a/points", admin, new { points = 30, reason = "学习", sourceId = "t-1" }))
        {
        }

        using var promoted = await Api.PutAsync("/api/v1/members/pt-t-a", admin, new { name = "申请人", status = "activist", category = "retired", orgId = "pt-t-b" });
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
    }
}
