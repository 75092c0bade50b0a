using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PartyActors.Silo.Tests;

[Collection(SiloCollection.Name)]
public sealed class ProjectApiTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    private async Task TreeAsync(string prefix, int members = 2)
    {
        await Api.PlaceAsync(prefix, null, "community");
        await Api.PlaceAsync(prefix + "-g", prefix, "grid");
        await Api.PlaceAsync(prefix + "-other", null, "community");
        for (var i = 1; i <= members; i++)
        {
            await Api.EnrollAsync($"{prefix}-m{i}", prefix);
        }
    }

    private async Task<string> PublishAsync(string orgId, object body)
    {
        using var response = await Api.PostAsync($"/api/v1/orgs/{orgId}/projects", await Api.AdminAsync(), body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        Assert.Equal($"/api/v1/projects/{id}", response.Headers.Location?.OriginalString);
        return id;
    }

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    [Fact]
    public async Task The_service_loop_publish_claim_complete_rate_awards_points_and_the_counters_follow()
    {
        await TreeAsync("pj-a");
        var orgAdmin = await Api.TokenAsync("oa", ["org-admin"], org: "pj-a");
        var member = await Api.TokenAsync("m1", ["member"], member: "pj-a-m1");
        var resident = await Api.TokenAsync("r1", ["resident"], org: "pj-a");
        var projectId = await PublishAsync("pj-a-g", new { title = "义务理发", kind = "project", quota = 5, pointsPerHour = 2 });

        using var claimed = await Api.PostAsync($"/api/v1/projects/{projectId}/claims", member, new { memberId = "pj-a-m1" });
        var claimId = (await JsonAsync(claimed, HttpStatusCode.Created))["id"]!.GetValue<string>();
        using (var again = await Api.PostAsync($"/api/v1/projects/{projectId}/claims", member, new { memberId = "pj-a-m1" }))
        {
            Assert.Equal("duplicate-claim", (await Problem.AssertAsync(again, HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        }

        using (var early = await Api.PostAsync($"/api/v1/projects/{projectId}/claims/{claimId}/rating", resident, new { stars = 5 }))
        {
            await Problem.AssertAsync(early, HttpStatusCode.Conflict);
        }

        using (var completed = await Api.PostAsync($"/api/v1/projects/{projectId}/claims/{claimId}/complete", orgAdmin, new { minutes = 90 }))
        {
            Assert.Equal("completed", (await JsonAsync(completed, HttpStatusCode.OK))["status"]!.GetValue<string>());
        }

        using (var rated = await Api.PostAsync($"/api/v1/projects/{projectId}/claims/{claimId}/rating", resident, new { stars = 5 }))
        {
            Assert.Equal(3, (await JsonAsync(rated, HttpStatusCode.OK))["points"]!.GetValue<int>());
        }

        using (var twice = await Api.PostAsync($"/api/v1/projects/{projectId}/claims/{claimId}/rating", orgAdmin, new { stars = 1 }))
        {
            Assert.Equal("already-rated", (await Problem.AssertAsync(twice, HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        }

        Assert.Equal(3, (await Api.GetJsonAsync("/api/v1/members/pj-a-m1/points", member))["total"]!.GetValue<long>());
        await Api.EventuallyAsync("/api/v1/orgs/pj-a/rollup", orgAdmin, r =>
            r["metrics"]!["projectsOpen"]!.GetValue<long>() == 1 && r["metrics"]!["claimsCompleted"]!.GetValue<long>() == 1
            && r["metrics"]!["volunteerMinutes"]!.GetValue<long>() == 90 && r["metrics"]!["points"]!.GetValue<long>() == 3, "the counters follow");

        var open = await Api.GetJsonAsync("/api/v1/orgs/pj-a/projects?status=open", member);
        Assert.Equal([projectId], open["items"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()));

        using (var closed = await Api.PostAsync($"/api/v1/projects/{projectId}/close", orgAdmin))
        {
            Assert.Equal("closed", (await JsonAsync(closed, HttpStatusCode.OK))["status"]!.GetValue<string>());
        }

        Assert.Empty((await Api.GetJsonAsync("/api/v1/orgs/pj-a/projects?status=open", member))["items"]!.AsArray());
        using (var late = await Api.PostAsync($"/api/v1/projects/{projectId}/claims", orgAdmin, new { memberId = "pj-a-m2" }))
        {
            Assert.Equal("project-closed", (await Problem.AssertAsync(late, HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        }

        await Api.EventuallyAsync("/api/v1/orgs/pj-a/rollup", orgAdmin, r => r["metrics"]!["projectsOpen"]!.GetValue<long>() == 0, "closing counts");
    }

    [Fact]
    public async Task An_org_admin_claims_for_several_members_in_one_step_all_or_none()
    {
        await TreeAsync("pj-b", members: 3);
        var orgAdmin = await Api.TokenAsync("oa", ["org-admin"], org: "pj-b");
        var projectId = await PublishAsync("pj-b", new { title = "微心愿", kind = "wish", quota = 2 });

        using (var tooMany = await Api.PostAsync($"/api/v1/projects/{projectId}/claims", orgAdmin, new { memberIds = new[] { "pj-b-m1", "pj-b-m2", "pj-b-m3" } }))
        {
            Assert.Equal("quota-full", (await Problem.AssertAsync(tooMany, HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        }

        using var claimed = await Api.PostAsync($"/api/v1/projects/{projectId}/claims", orgAdmin, new { memberIds = new[] { "pj-b-m1", "pj-b-m2" } });
        Assert.Equal(2, (await JsonAsync(claimed, HttpStatusCode.Created))["ids"]!.AsArray().Count);
        var project = await Api.GetJsonAsync($"/api/v1/projects/{projectId}", orgAdmin);
        Assert.Equal("wish", project["kind"]!.GetValue<string>());
        Assert.Equal(2, project["claims"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("title", """{"kind":"project","quota":1}""")]
    [InlineData("kind", """{"title":"t","kind":"task","quota":1}""")]
    [InlineData("quota", """{"title":"t","kind":"project","quota":0}""")]
    [InlineData("quota", """{"title":"t","kind":"project"}""")]
    [InlineData("pointsPerHour", """{"title":"t","kind":"project","quota":1,"pointsPerHour":-1}""")]
    [InlineData("closesAt", """{"title":"t","kind":"project","quota":1,"closesAt":"2000-01-01T00:00:00+08:00"}""")]
    public async Task Invalid_projects_are_400_naming_the_field(string field, string json)
    {
        await TreeAsync("pj-v", members: 0);

        using var response = await Api.PostAsync("/api/v1/orgs/pj-v/projects", await Api.AdminAsync(), ApiClient.Raw(json));

        await Problem.AssertInvalidAsync(response, field);
    }

    [Fact]
    public async Task Claims_completion_and_ratings_are_checked_before_any_change()
    {
        await TreeAsync("pj-c", members: 1);
        var admin = await Api.AdminAsync();
        var projectId = await PublishAsync("pj-c", new { title = "t", kind = "project", quota = 1 });

        using (var neither = await Api.PostAsync($"/api/v1/projects/{projectId}/claims", admin, new { }))
        {
            await Problem.AssertInvalidAsync(neither, "memberId");
        }

        using (var minutes = await Api.PostAsync($"/api/v1/projects/{projectId}/claims/c1/complete", admin, new { minutes = 0 }))
        {
            await Problem.AssertInvalidAsync(minutes, "minutes");
        }

        using (var stars = await Api.PostAsync($"/api/v1/projects/{projectId}/claims/c1/rating", admin, new { stars = 6 }))
        {
            await Problem.AssertInvalidAsync(stars, "stars");
        }

        using (var noClaim = await Api.PostAsync($"/api/v1/projects/{projectId}/claims/c9/complete", admin, new { minutes = 5 }))
        {
            await Problem.AssertAsync(noClaim, HttpStatusCode.NotFound);
        }

        using (var noProject = await Api.PostAsync("/api/v1/projects/nothing/claims", admin, new { memberId = "pj-c-m1" }))
        {
            await Problem.AssertAsync(noProject, HttpStatusCode.NotFound);
        }

        using (var noOrg = await Api.PostAsync("/api/v1/orgs/pj-nowhere/projects", admin, new { title = "t", kind = "project", quota = 1 }))
        {
            await Problem.AssertAsync(noOrg, HttpStatusCode.NotFound);
        }

        using (var unknownMember = await Api.PostAsync($"/api/v1/projects/{projectId}/claims", admin, new { memberId = "pj-c-nobody" }))
        {
            await Problem.AssertAsync(unknownMember, HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task Roles_and_scopes_outside_the_publishing_organization_are_403()
    {
        await TreeAsync("pj-s", members: 1);
        var projectId = await PublishAsync("pj-s", new { title = "t", kind = "project", quota = 3 });
        var outside = await Api.TokenAsync("oa", ["org-admin"], org: "pj-s-other");
        var supervisor = await Api.TokenAsync("sv", ["supervisor"], org: "pj-s");
        var otherMember = await Api.TokenAsync("m", ["member"], member: "someone-else");

        using (var publish = await Api.PostAsync("/api/v1/orgs/pj-s/projects", outside, new { title = "t", kind = "project", quota = 1 }))
        {
            await Problem.AssertAsync(publish, HttpStatusCode.Forbidden);
        }

        using (var publishBySupervisor = await Api.PostAsync("/api/v1/orgs/pj-s/projects", supervisor, new { title = "t", kind = "project", quota = 1 }))
        {
            await Problem.AssertAsync(publishBySupervisor, HttpStatusCode.Forbidden);
        }

        using (var claimOutside = await Api.PostAsync($"/api/v1/projects/{projectId}/claims", outside, new { memberId = "pj-s-m1" }))
        {
            await Problem.AssertAsync(claimOutside, HttpStatusCode.Forbidden);
        }

        using (var claimForAnother = await Api.PostAsync($"/api/v1/projects/{projectId}/claims", otherMember, new { memberId = "pj-s-m1" }))
        {
            await Problem.AssertAsync(claimForAnother, HttpStatusCode.Forbidden);
        }

        using (var close = await Api.PostAsync($"/api/v1/projects/{projectId}/close", outside))
        {
            await Problem.AssertAsync(close, HttpStatusCode.Forbidden);
        }

        using (var rateBySupervisor = await Api.PostAsync($"/api/v1/projects/{projectId}/claims/c1/rating", supervisor, new { stars = 3 }))
        {
            await Problem.AssertAsync(rateBySupervisor, HttpStatusCode.Forbidden);
        }
    }
}
