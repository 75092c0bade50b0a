using System.Net;
using System.Text.Json.Nodes;
using PartyActors.Client;
using RewardRules = PartyActors.Grains.RewardRules;

namespace PartyActors.Silo.Tests;

/// <summary>Reward shops over HTTP (docs/rewards.md): the catalogue, redemptions, cancellation, access, bad input, and the client.</summary>
[Collection(SiloCollection.Name)]
public sealed class RewardApiTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    /// <summary>A street <paramref name="prefix"/> with a community <c>{prefix}-c</c>, its branch <c>{prefix}-b</c> and members <c>{prefix}-m1</c>, <c>{prefix}-m2</c> with 50 points each.</summary>
    private async Task<string> PlaceAsync(string prefix)
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync(prefix, null, "street");
        await Api.PlaceAsync(prefix + "-c", prefix, "community");
        await Api.PlaceAsync(prefix + "-b", prefix + "-c", "branch");
        foreach (var member in new[] { prefix + "-m1", prefix + "-m2" })
        {
            await Api.EnrollAsync(member, prefix + "-b");
            using var award = await Api.PostAsync($"/api/v1/members/{member}/points", admin, new { points = 50, reason = "志愿服务", sourceId = "start" });
            Assert.Equal(HttpStatusCode.Created, award.StatusCode);
        }

        return admin;
    }

    private async Task<JsonObject> CreatedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    [Fact]
    public async Task The_catalogue_is_kept_with_validation_and_only_communities_and_villages_have_one()
    {
        var admin = await PlaceAsync("rw-cat");
        const string path = "/api/v1/orgs/rw-cat-c/rewards";
        foreach (var (body, field) in new (object, string)[]
        {
            (new { name = " ", cost = 5 }, "name"),
            (new { name = "报纸", cost = 0 }, "cost"),
            (new { name = "报纸", cost = RewardRules.MaxCost + 1 }, "cost"),
            (new { name = "报纸", cost = 5, stock = -1 }, "stock"),
            (new { name = "报纸", description = new string('长', RewardRules.MaxDescriptionLength + 1), cost = 5 }, "description"),
        })
        {
            using var response = await Api.PostAsync(path, admin, body);
            await Problem.AssertInvalidAsync(response, field);
        }

        using (var badId = await Api.PutAsync("/api/v1/orgs/rw-cat-c/rewards/bad id!", admin, new { name = "报纸", cost = 5 }))
        {
            await Problem.AssertInvalidAsync(badId, "rewardId");
        }

        using (var street = await Api.PostAsync("/api/v1/orgs/rw-cat/rewards", admin, new { name = "报纸", cost = 5 }))
        {
            Assert.Equal("not-a-shop", (await Problem.AssertAsync(street, HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());
        }

        using (var nowhere = await Api.GetAsync("/api/v1/orgs/rw-cat-nowhere/rewards", admin))
        {
            await Problem.AssertAsync(nowhere, HttpStatusCode.NotFound);
        }

        using var created = await Api.PostAsync(path, admin, new { name = " 《人民日报》 ", description = "一期", cost = 20, stock = 3 });
        var reward = await CreatedAsync(created);
        var id = reward["id"]!.GetValue<string>();
        Assert.Equal($"{path}/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(("《人民日报》", 20, 3, true), (reward["name"]!.GetValue<string>(), reward["cost"]!.GetValue<int>(), reward["stock"]!.GetValue<int>(), reward["active"]!.GetValue<bool>()));

        using (var changed = await Api.PutAsync($"{path}/{id}", admin, new { name = "人民日报", cost = 25, stock = 99, active = false }))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }

        using (var put = await Api.PutAsync($"{path}/check", admin, new { name = "免费体检", cost = 40, stock = 2 }))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        using (var below = await Api.PostAsync($"{path}/{id}/restock", admin, new { quantity = -4 }))
        {
            Assert.Equal("stock-below-zero", (await Problem.AssertAsync(below, HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        }

        using (var zero = await Api.PostAsync($"{path}/{id}/restock", admin, new { quantity = 0 }))
        {
            await Problem.AssertInvalidAsync(zero, "quantity");
        }

        using (var restocked = await Api.PostAsync($"{path}/{id}/restock", admin, new { quantity = 7 }))
        {
            Assert.Equal(HttpStatusCode.OK, restocked.StatusCode);
        }

        var one = await Api.GetJsonAsync($"{path}/{id}", admin);
        Assert.Equal(("人民日报", 25, 10, false), (one["name"]!.GetValue<string>(), one["cost"]!.GetValue<int>(), one["stock"]!.GetValue<int>(), one["active"]!.GetValue<bool>()));
        var list = await Api.GetJsonAsync(path, admin);
        Assert.Equal(new[] { "check", id }.Order(StringComparer.Ordinal), list["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        using var missing = await Api.GetAsync($"{path}/nothing", admin);
        Assert.Equal("reward-not-found", (await Problem.AssertAsync(missing, HttpStatusCode.NotFound))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Redeeming_spends_the_balance_answers_409_when_short_and_cancelling_refunds()
    {
        var admin = await PlaceAsync("rw-red");
        using (var put = await Api.PutAsync("/api/v1/orgs/rw-red-c/rewards/eggs", admin, new { name = "鸡蛋一盒", cost = 20, stock = 3 }))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        const string redeem = "/api/v1/orgs/rw-red-c/rewards/eggs/redemptions";
        using (var badQuantity = await Api.PostAsync(redeem, admin, new { memberId = "rw-red-m1", quantity = 11 }))
        {
            await Problem.AssertInvalidAsync(badQuantity, "quantity");
        }

        using (var noMember = await Api.PostAsync(redeem, admin, new { quantity = 1 }))
        {
            await Problem.AssertInvalidAsync(noMember, "memberId");
        }

        using var first = await Api.PostAsync(redeem, admin, new { memberId = "rw-red-m1", quantity = 2 });
        var redemption = await CreatedAsync(first);
        Assert.Equal("r00000001", redemption["id"]!.GetValue<string>());
        Assert.Equal("/api/v1/orgs/rw-red-c/redemptions/r00000001", first.Headers.Location?.OriginalString);
        Assert.Equal((40, 10L, "completed"), (redemption["points"]!.GetValue<int>(), redemption["balanceAfter"]!.GetValue<long>(), redemption["status"]!.GetValue<string>()));

        using (var shortOfPoints = await Api.PostAsync(redeem, admin, new { memberId = "rw-red-m1" }))
        {
            Assert.Equal("insufficient-points", (await Problem.AssertAsync(shortOfPoints, HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        }

        using (var shortOfStock = await Api.PostAsync(redeem, admin, new { memberId = "rw-red-m2", quantity = 2 }))
        {
            Assert.Equal("out-of-stock", (await Problem.AssertAsync(shortOfStock, HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        }

        var points = await Api.GetJsonAsync("/api/v1/members/rw-red-m1/points", admin);
        Assert.Equal((50L, 10L, 40L), (points["total"]!.GetValue<long>(), points["balance"]!.GetValue<long>(), points["spent"]!.GetValue<long>()));
        var entry = points["entries"]![0]!;
        Assert.Equal(("redemption", "rw-red-c/r00000001", -40), (entry["source"]!.GetValue<string>(), entry["sourceId"]!.GetValue<string>(), entry["points"]!.GetValue<int>()));
        Assert.Equal(50, (await Api.GetJsonAsync("/api/v1/members/rw-red-m1", admin))["points"]!["total"]!.GetValue<long>());

        using (var cancelled = await Api.PostAsync("/api/v1/orgs/rw-red-c/redemptions/r00000001/cancel", admin))
        {
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        }

        var refunded = await Api.GetJsonAsync("/api/v1/members/rw-red-m1/points", admin);
        Assert.Equal((50L, 50L, 0L), (refunded["total"]!.GetValue<long>(), refunded["balance"]!.GetValue<long>(), refunded["spent"]!.GetValue<long>()));
        Assert.Equal(3, (await Api.GetJsonAsync("/api/v1/orgs/rw-red-c/rewards/eggs", admin))["stock"]!.GetValue<int>());
        var listed = await Api.GetJsonAsync("/api/v1/orgs/rw-red-c/redemptions", admin);
        Assert.Equal("cancelled", listed["items"]![0]!["status"]!.GetValue<string>());
        using var unknown = await Api.PostAsync("/api/v1/orgs/rw-red-c/redemptions/r00000077/cancel", admin);
        Assert.Equal("redemption-not-found", (await Problem.AssertAsync(unknown, HttpStatusCode.NotFound))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Members_redeem_for_themselves_workers_at_the_counter_in_scope_and_readers_list()
    {
        var admin = await PlaceAsync("rw-acc");
        await Api.PlaceAsync("rw-acc2", null, "street");
        using (var put = await Api.PutAsync("/api/v1/orgs/rw-acc-c/rewards/paper", admin, new { name = "报纸", cost = 5, stock = 10 }))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        var member = await Api.TokenAsync("rw-acc-m1", ["member"], member: "rw-acc-m1");
        var worker = await Api.TokenAsync("gw-1", ["grid-worker"], org: "rw-acc-c");
        var outsider = await Api.TokenAsync("oa-2", ["org-admin"], org: "rw-acc2");
        var supervisor = await Api.TokenAsync("sv-1", ["supervisor"], org: "rw-acc");
        const string redeem = "/api/v1/orgs/rw-acc-c/rewards/paper/redemptions";

        using (var self = await Api.PostAsync(redeem, member, new { memberId = "rw-acc-m1" }))
        {
            await CreatedAsync(self);
        }

        using (var forAnother = await Api.PostAsync(redeem, member, new { memberId = "rw-acc-m2" }))
        {
            await Problem.AssertAsync(forAnother, HttpStatusCode.Forbidden);
        }

        using (var counter = await Api.PostAsync(redeem, worker, new { memberId = "rw-acc-m2" }))
        {
            await CreatedAsync(counter);
        }

        using (var elsewhere = await Api.PostAsync(redeem, outsider, new { memberId = "rw-acc-m2" }))
        {
            await Problem.AssertAsync(elsewhere, HttpStatusCode.Forbidden);
        }

        using (var supervisorWrites = await Api.PostAsync("/api/v1/orgs/rw-acc-c/rewards/paper/restock", supervisor, new { quantity = 1 }))
        {
            await Problem.AssertAsync(supervisorWrites, HttpStatusCode.Forbidden);
        }

        using (var workerKeepsNoCatalogue = await Api.PutAsync("/api/v1/orgs/rw-acc-c/rewards/paper", worker, new { name = "报纸", cost = 1 }))
        {
            await Problem.AssertAsync(workerKeepsNoCatalogue, HttpStatusCode.Forbidden);
        }

        using (var memberCancels = await Api.PostAsync("/api/v1/orgs/rw-acc-c/redemptions/r00000001/cancel", member))
        {
            await Problem.AssertAsync(memberCancels, HttpStatusCode.Forbidden);
        }

        using (var memberLists = await Api.GetAsync("/api/v1/orgs/rw-acc-c/redemptions", member))
        {
            await Problem.AssertAsync(memberLists, HttpStatusCode.Forbidden);
        }

        using (var outsiderLists = await Api.GetAsync("/api/v1/orgs/rw-acc-c/redemptions", outsider))
        {
            await Problem.AssertAsync(outsiderLists, HttpStatusCode.Forbidden);
        }

        using (var othersRedemption = await Api.GetAsync("/api/v1/orgs/rw-acc-c/redemptions/r00000002", member))
        {
            await Problem.AssertAsync(othersRedemption, HttpStatusCode.Forbidden);
        }

        Assert.Equal("rw-acc-m1", (await Api.GetJsonAsync("/api/v1/orgs/rw-acc-c/redemptions/r00000001", member))["memberId"]!.GetValue<string>());
        Assert.Single((await Api.GetJsonAsync("/api/v1/orgs/rw-acc-c/rewards", member))["items"]!.AsArray());

        var page = await Api.GetJsonAsync("/api/v1/orgs/rw-acc-c/redemptions?limit=1", supervisor);
        Assert.Equal("r00000001", page["items"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("r00000001", page["next"]!.GetValue<string>());
        var rest = await Api.GetJsonAsync("/api/v1/orgs/rw-acc-c/redemptions?limit=1&after=r00000001", supervisor);
        Assert.Equal("r00000002", rest["items"]![0]!["id"]!.GetValue<string>());
        Assert.Null(rest["next"]);
        using var badLimit = await Api.GetAsync("/api/v1/orgs/rw-acc-c/redemptions?limit=0", supervisor);
        await Problem.AssertInvalidAsync(badLimit, "limit");
    }

    [Fact]
    public async Task A_retried_redemption_with_the_same_idempotency_key_redeems_once()
    {
        var admin = await PlaceAsync("rw-idem");
        using (var put = await Api.PutAsync("/api/v1/orgs/rw-idem-c/rewards/paper", admin, new { name = "报纸", cost = 5, stock = 10 }))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        async Task<string> RedeemAsync()
        {
            using var response = await Api.SendAsync(HttpMethod.Post, "/api/v1/orgs/rw-idem-c/rewards/paper/redemptions", admin, new { memberId = "rw-idem-m1" },
                request => request.Headers.Add("Idempotency-Key", "counter-0001"));
            return (await CreatedAsync(response))["id"]!.GetValue<string>();
        }

        Assert.Equal(await RedeemAsync(), await RedeemAsync());
        Assert.Equal(45, (await Api.GetJsonAsync("/api/v1/members/rw-idem-m1/points", admin))["balance"]!.GetValue<long>());
        Assert.Equal(9, (await Api.GetJsonAsync("/api/v1/orgs/rw-idem-c/rewards/paper", admin))["stock"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_client_keeps_a_catalogue_redeems_reads_the_problem_and_cancels()
    {
        await PlaceAsync("rw-cli");
        var client = new PartyActorsClient(Api.Http) { AccessToken = await Api.AdminAsync() };

        var reward = await client.CreateRewardAsync("rw-cli-c", new SaveReward("免费体检", "社区卫生站", 30, Stock: 2));
        var changed = await client.PutRewardAsync("rw-cli-c", reward.Id, new SaveReward("免费体检一次", null, 30));
        var restocked = await client.RestockRewardAsync("rw-cli-c", reward.Id, 1);
        var redemption = await client.RedeemRewardAsync("rw-cli-c", reward.Id, new RedeemReward("rw-cli-m1"));
        var refused = await Assert.ThrowsAsync<PartyActorsApiException>(() => client.RedeemRewardAsync("rw-cli-c", reward.Id, new RedeemReward("rw-cli-m1")));
        var ledger = await client.GetPointsAsync("rw-cli-m1");
        var page = await client.GetRedemptionsAsync("rw-cli-c", limit: 10);
        var cancelled = await client.CancelRedemptionAsync("rw-cli-c", redemption.Id);

        Assert.Equal(("免费体检一次", 2, 3), (changed.Name, changed.Stock, restocked.Stock));
        Assert.Equal((RedemptionStatuses.Completed, 30, 20L), (redemption.Status, redemption.Points, redemption.BalanceAfter!.Value));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("insufficient-points", refused.Problem!.Extensions["code"].GetString());
        Assert.Equal((50L, 20L, 30L), (ledger.Total, ledger.Balance, ledger.Spent));
        Assert.Equal("rw-cli-c/" + redemption.Id, ledger.Entries[0].SourceId);
        Assert.Equal([redemption.Id], page.Items.Select(r => r.Id));
        Assert.Equal(RedemptionStatuses.Cancelled, cancelled.Status);
        Assert.Equal(RedemptionStatuses.Cancelled, (await client.GetRedemptionAsync("rw-cli-c", redemption.Id)).Status);
        Assert.Equal(3, (await client.GetRewardAsync("rw-cli-c", reward.Id)).Stock);
        Assert.Equal([reward.Id], (await client.GetRewardsAsync("rw-cli-c")).Items.Select(r => r.Id));
    }
}
