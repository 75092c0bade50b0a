using System.Net;
using System.Text.Json.Nodes;
using PartyActors.Client;

namespace PartyActors.Silo.Tests;

/// <summary>Splits and merges over HTTP (docs/reshaping.md): 202 and the operation to poll, validation, access, the tombstone, the client.</summary>
[Collection(SiloCollection.Name)]
public sealed class ReshapeApiTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    /// <summary>A district <paramref name="p"/>, street <c>{p}-s</c>, communities <c>{p}-c1</c> (grids g1, g2) and <c>{p}-c2</c> (grid g3), members of record m1, m2 at c1 and m3 at c2.</summary>
    private async Task TreeAsync(string p)
    {
        await Api.PlaceAsync(p, null, "district");
        await Api.PlaceAsync(p + "-s", p, "street");
        await Api.PlaceAsync(p + "-c1", p + "-s", "community");
        await Api.PlaceAsync(p + "-c2", p + "-s", "community");
        await Api.PlaceAsync(p + "-g1", p + "-c1", "grid");
        await Api.PlaceAsync(p + "-g2", p + "-c1", "grid");
        await Api.PlaceAsync(p + "-g3", p + "-c2", "grid");
        await Api.EnrollAsync(p + "-m1", p + "-c1", residenceGridId: p + "-g1");
        await Api.EnrollAsync(p + "-m2", p + "-c1");
        await Api.EnrollAsync(p + "-m3", p + "-c2", residenceGridId: p + "-g3");
    }

    private async Task<JsonObject> FinishedAsync(string location, string token) =>
        await Api.EventuallyAsync(location, token, r => r["status"]!.GetValue<string>() != "running", "the reshape finishes");

    [Fact]
    public async Task A_split_is_accepted_with_its_operation_runs_to_completion_and_shows_in_the_lineage()
    {
        await TreeAsync("rsa");
        var admin = await Api.TokenAsync("oa-rsa", ["org-admin"], org: "rsa-s");
        using var response = await Api.PostAsync("/api/v1/orgs/rsa-c1/split", admin, new
        {
            newOrg = new { id = "rsa-n", name = "新社区" },
            gridIds = new[] { "rsa-g1" },
            memberIds = new[] { "rsa-m1" },
        });
        var accepted = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = accepted["id"]!.GetValue<string>();
        Assert.Equal($"/api/v1/reshapes/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("split", "rsa-c1", "rsa-n", 4), (accepted["kind"]!.GetValue<string>(), accepted["orgId"]!.GetValue<string>(), accepted["otherOrgId"]!.GetValue<string>(), accepted["stepsTotal"]!.GetValue<int>()));

        var done = await FinishedAsync($"/api/v1/reshapes/{id}", admin);
        Assert.Equal(("completed", 4), (done["status"]!.GetValue<string>(), done["stepsDone"]!.GetValue<int>()));
        Assert.Empty(done["errors"]!.AsArray());

        var created = await Api.GetJsonAsync("/api/v1/orgs/rsa-n", admin);
        Assert.Equal(("community", "rsa-s"), (created["kind"]!.GetValue<string>(), created["parentId"]!.GetValue<string>()));
        Assert.Equal("rsa-c1", created["lineage"]!["splitFrom"]!["orgId"]!.GetValue<string>());
        Assert.Equal(id, created["lineage"]!["splitFrom"]!["reshapeId"]!.GetValue<string>());
        var old = await Api.GetJsonAsync("/api/v1/orgs/rsa-c1", admin);
        Assert.Equal("rsa-n", old["lineage"]!["splitInto"]![0]!["orgId"]!.GetValue<string>());
        Assert.Equal(["rsa-g2"], old["childIds"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("rsa-n", (await Api.GetJsonAsync("/api/v1/members/rsa-m1", admin))["orgId"]!.GetValue<string>());
        await Api.EventuallyAsync("/api/v1/orgs/rsa-n/rollup", admin, r => r["metrics"]!["members"]!.GetValue<long>() == 1, "the new community counts its member");

        // The acceptance is in the trail of the split community and of the new one.
        var trail = await Api.GetJsonAsync("/api/v1/audit?orgId=rsa-n", await Api.AdminAsync());
        Assert.Contains(trail["items"]!.AsArray(), i => i!["route"]!.GetValue<string>() == "/api/v1/orgs/{orgId}/split" && i["status"]!.GetValue<int>() == 202);
    }

    [Fact]
    public async Task A_merge_leaves_a_tombstone_that_names_where_the_community_went()
    {
        await TreeAsync("rsb");
        var admin = await Api.AdminAsync();
        using var response = await Api.PostAsync("/api/v1/orgs/rsb-c1/merge", admin, new { fromOrgId = "rsb-c2" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var done = await FinishedAsync(response.Headers.Location!.OriginalString, admin);
        Assert.Equal("completed", done["status"]!.GetValue<string>());

        using var gone = await Api.GetAsync("/api/v1/orgs/rsb-c2", admin);
        var tombstone = await Problem.AssertAsync(gone, HttpStatusCode.NotFound);
        Assert.Equal(("org-merged", "rsb-c1"), (tombstone["code"]!.GetValue<string>(), tombstone["mergedInto"]!.GetValue<string>()));
        Assert.Equal(done["id"]!.GetValue<string>(), tombstone["reshapeId"]!.GetValue<string>());

        // An organization admin of the surviving community reads the tombstone too (the old id is in no scope now).
        var communityAdmin = await Api.TokenAsync("oa-rsb", ["org-admin"], org: "rsb-c1");
        using (var read = await Api.GetAsync("/api/v1/orgs/rsb-c2", communityAdmin))
        {
            Assert.Equal("org-merged", (await Problem.AssertAsync(read, HttpStatusCode.NotFound))["code"]!.GetValue<string>());
        }

        var survivor = await Api.GetJsonAsync("/api/v1/orgs/rsb-c1", communityAdmin);
        Assert.Equal("rsb-c2", survivor["lineage"]!["mergedFrom"]![0]!["orgId"]!.GetValue<string>());
        Assert.Contains("rsb-g3", survivor["childIds"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("rsb-c1", (await Api.GetJsonAsync("/api/v1/members/rsb-m3", admin))["orgId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_orders_are_answered_with_problems_before_anything_runs()
    {
        await TreeAsync("rsc");
        var admin = await Api.AdminAsync();

        async Task<JsonObject> PostAsync(string path, object body, HttpStatusCode status, string? token = null)
        {
            using var response = await Api.PostAsync(path, token ?? admin, body);
            return await Problem.AssertAsync(response, status);
        }

        object Split(string newId = "rsc-n", string[]? grids = null, string[]? members = null, object[]? items = null, string? kind = null) =>
            new { newOrg = new { id = newId, name = "新社区", kind }, gridIds = grids ?? ["rsc-g1"], memberIds = members ?? [], moveItems = items ?? [] };

        await Problem.AssertInvalidAsync(await Api.PostAsync("/api/v1/orgs/rsc-c1/split", admin, new { gridIds = new[] { "rsc-g1" } }), "newOrg");
        await Problem.AssertInvalidAsync(await Api.PostAsync("/api/v1/orgs/rsc-c1/split", admin, Split(newId: "bad id")), "newOrg.id");
        await Problem.AssertInvalidAsync(await Api.PostAsync("/api/v1/orgs/rsc-c1/split", admin, Split(grids: ["rsc-g1", "rsc-g1"])), "gridIds");
        await Problem.AssertInvalidAsync(await Api.PostAsync("/api/v1/orgs/rsc-c1/split", admin, Split(grids: [])), "gridIds");
        await Problem.AssertInvalidAsync(await Api.PostAsync("/api/v1/orgs/rsc-c1/split", admin, Split(items: [new { kind = "member", id = "rsc-m1" }])), "moveItems");
        Assert.Equal("org-not-found", (await PostAsync("/api/v1/orgs/rsc-x/split", Split(), HttpStatusCode.NotFound))["code"]!.GetValue<string>());
        Assert.Equal("org-exists", (await PostAsync("/api/v1/orgs/rsc-c1/split", Split(newId: "rsc-c2"), HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        Assert.Equal("grid-not-found", (await PostAsync("/api/v1/orgs/rsc-c1/split", Split(grids: ["rsc-g9"]), HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());
        Assert.Equal("not-a-child", (await PostAsync("/api/v1/orgs/rsc-c1/split", Split(grids: ["rsc-g3"]), HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());
        Assert.Equal("not-of-record", (await PostAsync("/api/v1/orgs/rsc-c1/split", Split(members: ["rsc-m3"]), HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());
        Assert.Equal("item-not-here", (await PostAsync("/api/v1/orgs/rsc-c1/split", Split(items: [new { kind = "commitment", id = "rsc-k9" }]), HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());
        Assert.Equal("kind-mismatch", (await PostAsync("/api/v1/orgs/rsc-c1/split", Split(kind: "village"), HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());
        Assert.Equal("not-reshapable", (await PostAsync("/api/v1/orgs/rsc-s/split", Split(), HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());

        await Problem.AssertInvalidAsync(await Api.PostAsync("/api/v1/orgs/rsc-c1/merge", admin, new { }), "fromOrgId");
        await Problem.AssertInvalidAsync(await Api.PostAsync("/api/v1/orgs/rsc-c1/merge", admin, new { fromOrgId = "rsc-c1" }), "fromOrgId");
        Assert.Equal("org-not-found", (await PostAsync("/api/v1/orgs/rsc-c1/merge", new { fromOrgId = "rsc-x" }, HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());
        Assert.Equal("not-reshapable", (await PostAsync("/api/v1/orgs/rsc-c1/merge", new { fromOrgId = "rsc-g3" }, HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());
        await Api.PlaceAsync("rsc-v", "rsc-s", "village");
        Assert.Equal("kind-mismatch", (await PostAsync("/api/v1/orgs/rsc-c1/merge", new { fromOrgId = "rsc-v" }, HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());
        await Api.PlaceAsync("rsc-c3", "rsc-c1", "community");
        Assert.Equal("nested", (await PostAsync("/api/v1/orgs/rsc-c1/merge", new { fromOrgId = "rsc-c3" }, HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());

        using var unknown = await Api.GetAsync("/api/v1/reshapes/rs-nothing", admin);
        Assert.Equal("reshape-not-found", (await Problem.AssertAsync(unknown, HttpStatusCode.NotFound))["code"]!.GetValue<string>());
        Assert.Null((await Api.GetJsonAsync("/api/v1/orgs/rsc-c1", admin))["lineage"]);
    }

    [Fact]
    public async Task Only_admins_and_organization_admins_of_a_scope_holding_both_reshape()
    {
        await TreeAsync("rsd");
        await Api.PlaceAsync("rsd-s2", "rsd", "street");
        await Api.PlaceAsync("rsd-c4", "rsd-s2", "community");
        var gridWorker = await Api.TokenAsync("gw-rsd", ["grid-worker"], org: "rsd-s");
        var communityAdmin = await Api.TokenAsync("oa-rsd", ["org-admin"], org: "rsd-c1");
        var supervisor = await Api.TokenAsync("sv-rsd", ["supervisor"], org: "rsd-s");
        var merge = new { fromOrgId = "rsd-c2" };

        async Task Forbidden(string path, object body, string token)
        {
            using var response = await Api.PostAsync(path, token, body);
            Assert.Equal("forbidden", (await Problem.AssertAsync(response, HttpStatusCode.Forbidden))["code"]!.GetValue<string>());
        }

        await Forbidden("/api/v1/orgs/rsd-c1/merge", merge, gridWorker);
        await Forbidden("/api/v1/orgs/rsd-c1/merge", merge, supervisor);
        await Forbidden("/api/v1/orgs/rsd-c1/merge", merge, communityAdmin);
        await Forbidden("/api/v1/orgs/rsd-c1/merge", new { fromOrgId = "rsd-c4" }, await Api.TokenAsync("oa-rsd-s", ["org-admin"], org: "rsd-s"));
        await Forbidden("/api/v1/orgs/rsd-c1/split", new { newOrg = new { id = "rsd-n", name = "新", parentId = "rsd-s2" }, gridIds = new[] { "rsd-g1" } },
            await Api.TokenAsync("oa-rsd-s", ["org-admin"], org: "rsd-s"));

        // A supervisor of the street reads the operation; one of another street does not.
        using var accepted = await Api.PostAsync("/api/v1/orgs/rsd-c1/merge", await Api.TokenAsync("oa-rsd-s", ["org-admin"], org: "rsd-s"), merge);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var location = accepted.Headers.Location!.OriginalString;
        Assert.Equal("completed", (await FinishedAsync(location, supervisor))["status"]!.GetValue<string>());
        using var outside = await Api.GetAsync(location, await Api.TokenAsync("sv-rsd-s2", ["supervisor"], org: "rsd-s2"));
        await Problem.AssertAsync(outside, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_client_splits_merges_and_follows_the_operation_to_its_end()
    {
        await TreeAsync("rse");
        var client = new PartyActorsClient(Api.Http, new PartyActorsClientOptions { AccessToken = await Api.AdminAsync() });
        var split = await client.SplitCommunityAsync("rse-c1",
            new SplitCommunityRequest(new NewCommunity("rse-n", "新社区"), ["rse-g2"], ["rse-m2"]), idempotencyKey: "rse-split");
        Assert.Equal(("split", ReshapeStatuses.Running), (split.Kind, split.Status));
        var finished = await client.WaitForReshapeAsync(split.Id, TimeSpan.FromMilliseconds(50));
        Assert.Equal((ReshapeStatuses.Completed, 4, 4), (finished.Status, finished.StepsDone, finished.StepsTotal));
        Assert.Equal("rse-c1", (await client.GetOrganizationAsync("rse-n")).Lineage!.SplitFrom!.OrgId);

        var merge = await client.MergeCommunitiesAsync("rse-c1", "rse-n");
        Assert.Equal(ReshapeStatuses.Completed, (await client.WaitForReshapeAsync(merge.Id, TimeSpan.FromMilliseconds(50))).Status);
        Assert.Equal(["rse-n"], (await client.GetOrganizationAsync("rse-c1")).Lineage!.MergedFrom.Select(l => l.OrgId));

        var refused = await Assert.ThrowsAsync<PartyActorsApiException>(() => client.MergeCommunitiesAsync("rse-c1", "rse-c1"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("fromOrgId", refused.Errors.Keys);
    }
}
