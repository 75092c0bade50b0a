using System.Net;
using System.Text.Json.Nodes;

namespace PartyActors.Silo.Tests;

[Collection(SiloCollection.Name)]
public sealed class OrganizationApiTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    [Fact]
    public async Task Put_creates_with_201_then_updates_with_200_and_get_reads_the_contract_shape()
    {
        var admin = await Api.AdminAsync();
        using (var created = await Api.PutAsync("/api/v1/orgs/o-create", admin, new { name = "二七区委", kind = "district", parentId = (string?)null }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal("/api/v1/orgs/o-create", created.Headers.Location?.OriginalString);
        }

        using (var updated = await Api.PutAsync("/api/v1/orgs/o-create", admin, new { name = "二七区委员会", kind = "district", parentId = (string?)null }))
        {
            Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        }

        await Api.PlaceAsync("o-create-child", "o-create", "street");
        var org = await Api.GetJsonAsync("/api/v1/orgs/o-create", admin);
        Assert.Equal("o-create", org["id"]!.GetValue<string>());
        Assert.Equal("二七区委员会", org["name"]!.GetValue<string>());
        Assert.Equal("district", org["kind"]!.GetValue<string>());
        Assert.Null(org["parentId"]);
        Assert.True(org.ContainsKey("parentId"));
        Assert.Equal(["o-create-child"], org["childIds"]!.AsArray().Select(c => c!.GetValue<string>()));
        AssertRollupShape(org["rollup"]!.AsObject(), "o-create");
    }

    [Fact]
    public async Task Rollup_is_orgId_asOf_version_and_every_metric()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("o-rollup", null, "community");
        await Api.PlaceAsync("o-rollup-grid", "o-rollup", "grid");
        await Api.EnrollAsync("o-rollup-m1", "o-rollup-grid", status: "probationary", category: "in-service");
        var rollup = await Api.EventuallyAsync("/api/v1/orgs/o-rollup/rollup", admin, r => r["metrics"]!["members"]!.GetValue<long>() == 1, "the member counts");
        AssertRollupShape(rollup, "o-rollup");
        Assert.Equal(2, rollup["metrics"]!["orgs"]!.GetValue<long>());
        Assert.Equal(1, rollup["metrics"]!["probationary"]!.GetValue<long>());
        Assert.Equal(1, rollup["metrics"]!["inService"]!.GetValue<long>());
    }

    [Fact]
    public async Task Unknown_parent_is_422_and_a_cycle_is_409()
    {
        var admin = await Api.AdminAsync();
        using (var orphan = await Api.PutAsync("/api/v1/orgs/o-orphan", admin, new { name = "孤儿", kind = "branch", parentId = "o-nowhere" }))
        {
            var problem = await Problem.AssertAsync(orphan, HttpStatusCode.UnprocessableEntity);
            Assert.Equal("parent-not-found", problem["code"]!.GetValue<string>());
        }

        await Api.PlaceAsync("o-cycle-a", null, "street");
        await Api.PlaceAsync("o-cycle-b", "o-cycle-a", "community");
        using var cycle = await Api.PutAsync("/api/v1/orgs/o-cycle-a", admin, new { name = "A", kind = "street", parentId = "o-cycle-b" });
        var conflict = await Problem.AssertAsync(cycle, HttpStatusCode.Conflict);
        Assert.Equal("cycle", conflict["code"]!.GetValue<string>());

        using var self = await Api.PutAsync("/api/v1/orgs/o-cycle-a", admin, new { name = "A", kind = "street", parentId = "o-cycle-a" });
        await Problem.AssertAsync(self, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_move_answers_200_and_carries_the_subtree_roll_up()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("o-move-root", null, "district");
        await Api.PlaceAsync("o-move-from", "o-move-root", "street");
        await Api.PlaceAsync("o-move-to", "o-move-root", "street");
        await Api.PlaceAsync("o-move-c", "o-move-from", "community");
        await Api.EnrollAsync("o-move-m", "o-move-c");
        await Api.EventuallyAsync("/api/v1/orgs/o-move-from/rollup", admin, r => r["metrics"]!["members"]!.GetValue<long>() == 1, "the member counts at the old street");

        using var moved = await Api.PutAsync("/api/v1/orgs/o-move-c", admin, new { name = "社区", kind = "community", parentId = "o-move-to" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("o-move-to", (await Api.GetJsonAsync("/api/v1/orgs/o-move-c", admin))["parentId"]!.GetValue<string>());
        await Api.EventuallyAsync("/api/v1/orgs/o-move-to/rollup", admin, r => r["metrics"]!["members"]!.GetValue<long>() == 1, "the member counts at the new street");
        await Api.EventuallyAsync("/api/v1/orgs/o-move-from/rollup", admin, r => r["metrics"]!["members"]!.GetValue<long>() == 0, "the old street lets go");
    }

    [Fact]
    public async Task Children_rank_by_a_metric_in_either_order_and_unknown_metrics_are_400()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("o-rank", null, "street");
        foreach (var (child, members) in new[] { ("o-rank-a", 0), ("o-rank-b", 2), ("o-rank-c", 1) })
        {
            await Api.PlaceAsync(child, "o-rank", "community");
            for (var i = 0; i < members; i++)
            {
                await Api.EnrollAsync($"{child}-m{i}", child);
            }
        }

        await Api.EventuallyAsync("/api/v1/orgs/o-rank/rollup", admin, r => r["metrics"]!["members"]!.GetValue<long>() == 3, "all members count");
        var plain = await Api.GetJsonAsync("/api/v1/orgs/o-rank/children", admin);
        Assert.Equal(["o-rank-a", "o-rank-b", "o-rank-c"], Ids(plain));
        var first = plain["items"]![0]!.AsObject();
        Assert.Equal("组织 o-rank-a", first["name"]!.GetValue<string>());
        Assert.Equal("community", first["kind"]!.GetValue<string>());
        AssertRollupShape(first["rollup"]!.AsObject(), "o-rank-a");

        Assert.Equal(["o-rank-b", "o-rank-c", "o-rank-a"], Ids(await Api.GetJsonAsync("/api/v1/orgs/o-rank/children?sort=members&order=desc", admin)));
        Assert.Equal(["o-rank-b", "o-rank-c", "o-rank-a"], Ids(await Api.GetJsonAsync("/api/v1/orgs/o-rank/children?sort=members", admin)));
        Assert.Equal(["o-rank-a", "o-rank-c", "o-rank-b"], Ids(await Api.GetJsonAsync("/api/v1/orgs/o-rank/children?sort=members&order=asc", admin)));

        using var unknownMetric = await Api.GetAsync("/api/v1/orgs/o-rank/children?sort=happiness", admin);
        await Problem.AssertInvalidAsync(unknownMetric, "sort");
        using var unknownOrder = await Api.GetAsync("/api/v1/orgs/o-rank/children?sort=members&order=sideways", admin);
        await Problem.AssertInvalidAsync(unknownOrder, "order");
    }

    [Fact]
    public async Task Dissolve_is_409_while_children_or_members_remain_then_204()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("o-dissolve", null, "street");
        await Api.PlaceAsync("o-dissolve-c", "o-dissolve", "community");
        await Api.EnrollAsync("o-dissolve-m", "o-dissolve-c");

        using (var withChildren = await Api.DeleteAsync("/api/v1/orgs/o-dissolve", admin))
        {
            var problem = await Problem.AssertAsync(withChildren, HttpStatusCode.Conflict);
            Assert.Equal("has-children", problem["code"]!.GetValue<string>());
            Assert.Contains("child", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        using (var withMembers = await Api.DeleteAsync("/api/v1/orgs/o-dissolve-c", admin))
        {
            var problem = await Problem.AssertAsync(withMembers, HttpStatusCode.Conflict);
            Assert.Equal("has-members", problem["code"]!.GetValue<string>());
        }

        using (var left = await Api.DeleteAsync("/api/v1/members/o-dissolve-m", admin))
        {
            Assert.Equal(HttpStatusCode.NoContent, left.StatusCode);
        }

        using (var dissolved = await Api.DeleteAsync("/api/v1/orgs/o-dissolve-c", admin))
        {
            Assert.Equal(HttpStatusCode.NoContent, dissolved.StatusCode);
        }

        using var gone = await Api.GetAsync("/api/v1/orgs/o-dissolve-c", admin);
        await Problem.AssertAsync(gone, HttpStatusCode.NotFound);
        Assert.Empty((await Api.GetJsonAsync("/api/v1/orgs/o-dissolve", admin))["childIds"]!.AsArray());
        using var again = await Api.DeleteAsync("/api/v1/orgs/o-dissolve-c", admin);
        await Problem.AssertAsync(again, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Rebuild_is_for_admins_and_returns_the_roll_up()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("o-rebuild", null, "street");
        await Api.PlaceAsync("o-rebuild-c", "o-rebuild", "community");
        await Api.EnrollAsync("o-rebuild-m", "o-rebuild-c");
        using var rebuilt = await Api.PostAsync("/api/v1/orgs/o-rebuild/rollup/rebuild", admin);
        Assert.Equal(HttpStatusCode.OK, rebuilt.StatusCode);
        var rollup = JsonNode.Parse(await rebuilt.Content.ReadAsStringAsync())!.AsObject();
        AssertRollupShape(rollup, "o-rebuild");
        Assert.Equal(1, rollup["metrics"]!["members"]!.GetValue<long>());

        var orgAdmin = await Api.TokenAsync("o-rebuild-admin", ["org-admin"], "o-rebuild");
        using var refused = await Api.PostAsync("/api/v1/orgs/o-rebuild/rollup/rebuild", orgAdmin);
        await Problem.AssertAsync(refused, HttpStatusCode.Forbidden);
        using var unknown = await Api.PostAsync("/api/v1/orgs/o-rebuild-none/rollup/rebuild", admin);
        await Problem.AssertAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unknown_organizations_are_404_for_admins()
    {
        var admin = await Api.AdminAsync();
        foreach (var path in new[] { "/api/v1/orgs/o-none", "/api/v1/orgs/o-none/rollup", "/api/v1/orgs/o-none/children" })
        {
            using var response = await Api.GetAsync(path, admin);
            var problem = await Problem.AssertAsync(response, HttpStatusCode.NotFound);
            Assert.Equal("org-not-found", problem["code"]!.GetValue<string>());
        }
    }

    internal static void AssertRollupShape(JsonObject rollup, string orgId)
    {
        Assert.Equal(orgId, rollup["orgId"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(rollup["asOf"]!.GetValue<string>(), out _));
        Assert.True(rollup["version"]!.GetValue<long>() >= 1);
        var metrics = rollup["metrics"]!.AsObject();
        foreach (var name in new[]
        {
            "orgs", "members", "probationary", "inService", "reportedIn", "reportedHere", "points", "volunteerMinutes", "projectsOpen",
            "claimsCompleted", "requestsOpen", "requestsOverdue", "requestsClosed", "satisfactionSum", "satisfactionCount",
            "commitmentsOpen", "commitmentsDone", "commitmentsOverdue", "meetingsRequired", "meetingsHeld",
            "errandsOpen", "errandsOverdue", "errandsDone", "agreementItemsOpen", "agreementItemsOverdue", "agreementItemsDone",
            "redemptions", "pointsRedeemed",
        })
        {
            Assert.True(metrics.ContainsKey(name), $"metric {name}");
        }
    }

    private static string[] Ids(JsonObject page) => [.. page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())];
}
