using System.Net;
using System.Text.Json.Nodes;

namespace PartyActors.Silo.Tests;

[Collection(SiloCollection.Name)]
public sealed class MemberSummaryApiTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    private static DateTimeOffset ChinaNow => DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));

    /// <summary>A community <paramref name="prefix"/> with a grid <c>{prefix}-g</c>, a community elsewhere and a member <c>{prefix}-m</c>.</summary>
    private async Task TreeAsync(string prefix)
    {
        await Api.PlaceAsync(prefix, null, "community");
        await Api.PlaceAsync(prefix + "-g", prefix, "grid");
        await Api.PlaceAsync(prefix + "-other", null, "community");
        await Api.EnrollAsync(prefix + "-m", prefix);
    }

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    [Fact]
    public async Task The_summary_adds_up_what_the_year_held()
    {
        await TreeAsync("ms-a");
        var admin = await Api.AdminAsync();
        var orgAdmin = await Api.TokenAsync("oa", ["org-admin"], org: "ms-a");
        var member = await Api.TokenAsync("m", ["member"], member: "ms-a-m");
        var resident = await Api.TokenAsync("r", ["resident"], org: "ms-a");

        using (var award = await Api.PostAsync("/api/v1/members/ms-a-m/points", orgAdmin, new { points = 5, reason = "社区志愿服务", sourceId = "ms-1" }))
        {
            await JsonAsync(award, HttpStatusCode.Created);
        }

        using (var deduction = await Api.PostAsync("/api/v1/members/ms-a-m/points", orgAdmin, new { points = -2, reason = "未参加组织生活", sourceId = "ms-2" }))
        {
            await JsonAsync(deduction, HttpStatusCode.Created);
        }

        string projectId;
        using (var published = await Api.PostAsync("/api/v1/orgs/ms-a-g/projects", admin, new { title = "义务理发", kind = "project", quota = 5, pointsPerHour = 2 }))
        {
            projectId = (await JsonAsync(published, HttpStatusCode.Created))["id"]!.GetValue<string>();
        }

        string claimId;
        using (var claimed = await Api.PostAsync($"/api/v1/projects/{projectId}/claims", member, new { memberId = "ms-a-m" }))
        {
            claimId = (await JsonAsync(claimed, HttpStatusCode.Created))["id"]!.GetValue<string>();
        }

        using (var completed = await Api.PostAsync($"/api/v1/projects/{projectId}/claims/{claimId}/complete", orgAdmin, new { minutes = 90 }))
        {
            await JsonAsync(completed, HttpStatusCode.OK);
        }

        using (var rated = await Api.PostAsync($"/api/v1/projects/{projectId}/claims/{claimId}/rating", resident, new { stars = 4 }))
        {
            Assert.Equal(3, (await JsonAsync(rated, HttpStatusCode.OK))["points"]!.GetValue<int>());
        }

        var dueOn = DateOnly.FromDateTime(ChinaNow.DateTime).AddDays(7).ToString("yyyy-MM-dd");
        string commitmentId;
        using (var made = await Api.PostAsync("/api/v1/members/ms-a-m/commitments", admin, new { title = "为独居老人代买药品", target = 12, unit = "次", dueOn }))
        {
            commitmentId = (await JsonAsync(made, HttpStatusCode.Created))["id"]!.GetValue<string>();
        }

        using (var review = await Api.PostAsync($"/api/v1/commitments/{commitmentId}/reviews", admin, new { by = "public", score = 5 }))
        {
            await JsonAsync(review, HttpStatusCode.OK);
        }

        using (var complete = await Api.PostAsync($"/api/v1/commitments/{commitmentId}/complete", admin))
        {
            await JsonAsync(complete, HttpStatusCode.OK);
        }

        using (var reported = await Api.PostAsync("/api/v1/members/ms-a-m/report-in", member, new { gridId = "ms-a-g" }))
        {
            await JsonAsync(reported, HttpStatusCode.OK);
        }

        var year = ChinaNow.Year;
        var summary = await Api.GetJsonAsync("/api/v1/members/ms-a-m/summary", member);
        Assert.Equal("ms-a-m", summary["memberId"]!.GetValue<string>());
        Assert.Equal(year, summary["year"]!.GetValue<int>());
        Assert.Equal(6, summary["points"]!["total"]!.GetValue<long>());
        Assert.Equal(8, summary["points"]!["awarded"]!.GetValue<long>());
        Assert.Equal(2, summary["points"]!["deducted"]!.GetValue<long>());
        Assert.Equal(1, summary["services"]!["claimsCompleted"]!.GetValue<int>());
        Assert.Equal(90, summary["services"]!["minutes"]!.GetValue<long>());
        Assert.Equal(1, summary["services"]!["ratings"]!.GetValue<int>());
        Assert.Equal(4.0, summary["services"]!["averageStars"]!.GetValue<double>());
        Assert.Equal(1, summary["commitments"]!["made"]!.GetValue<int>());
        Assert.Equal(1, summary["commitments"]!["done"]!.GetValue<int>());
        Assert.Equal(0, summary["commitments"]!["overdue"]!.GetValue<int>());
        Assert.Equal(1, summary["commitments"]!["reviews"]!.GetValue<int>());
        Assert.Equal(5.0, summary["commitments"]!["averageScore"]!.GetValue<double>());
        Assert.Equal("ms-a-g", summary["reportIn"]!["current"]!["gridId"]!.GetValue<string>());
        Assert.Equal("ms-a", summary["reportIn"]!["current"]!["communityId"]!.GetValue<string>());

        var explicitYear = await Api.GetJsonAsync($"/api/v1/members/ms-a-m/summary?year={year}", orgAdmin);
        Assert.Equal(6, explicitYear["points"]!["total"]!.GetValue<long>());

        var lastYear = await Api.GetJsonAsync($"/api/v1/members/ms-a-m/summary?year={year - 1}", admin);
        Assert.Equal(0, lastYear["points"]!["total"]!.GetValue<long>());
        Assert.Equal(0, lastYear["services"]!["claimsCompleted"]!.GetValue<int>());
        Assert.Null(lastYear["services"]!["averageStars"]);
        Assert.Equal(0, lastYear["commitments"]!["made"]!.GetValue<int>());
        Assert.NotNull(lastYear["reportIn"]!["current"]);
    }

    [Theory]
    [InlineData("1999")]
    [InlineData("abc")]
    [InlineData("next+1")]
    public async Task A_year_out_of_range_is_400_naming_year(string year)
    {
        await TreeAsync("ms-v");
        var text = year == "next+1" ? (ChinaNow.Year + 2).ToString(System.Globalization.CultureInfo.InvariantCulture) : year;

        using var response = await Api.GetAsync($"/api/v1/members/ms-v-m/summary?year={text}", await Api.AdminAsync());

        await Problem.AssertInvalidAsync(response, "year");
    }

    [Fact]
    public async Task An_unknown_member_is_404_and_callers_out_of_scope_are_403()
    {
        await TreeAsync("ms-f");
        var admin = await Api.AdminAsync();
        using (var unknown = await Api.GetAsync("/api/v1/members/ms-f-nobody/summary", admin))
        {
            await Problem.AssertAsync(unknown, HttpStatusCode.NotFound);
        }

        var next = await Api.GetJsonAsync($"/api/v1/members/ms-f-m/summary?year={ChinaNow.Year + 1}", admin);
        Assert.Equal(0, next["points"]!["total"]!.GetValue<long>());

        var outsider = await Api.TokenAsync("oa-x", ["org-admin"], org: "ms-f-other");
        using (var outside = await Api.GetAsync("/api/v1/members/ms-f-m/summary", outsider))
        {
            await Problem.AssertAsync(outside, HttpStatusCode.Forbidden);
        }

        var otherMember = await Api.TokenAsync("m-x", ["member"], member: "ms-f-someone");
        using (var notSelf = await Api.GetAsync("/api/v1/members/ms-f-m/summary", otherMember))
        {
            await Problem.AssertAsync(notSelf, HttpStatusCode.Forbidden);
        }
    }
}
