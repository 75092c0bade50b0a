using System.Net;
using System.Text.Json.Nodes;
using PartyActors.Client;

namespace PartyActors.Silo.Tests;

/// <summary>Co-building with stationed units (共驻共建) over HTTP and through the client: docs/co-building.md.</summary>
[Collection(SiloCollection.Name)]
public sealed class CoBuildingApiTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    private static string Today(int days = 0) => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(days).ToString("yyyy-MM-dd");

    /// <summary>
    /// A district p, a street {p}-s with communities {p}-c and {p}-c2; enterprises {p}-u (branch {p}-ub,
    /// member {p}-mu) and {p}-v reported in to {p}-c, {p}-w reported in nowhere; a member {p}-mc of {p}-c.
    /// </summary>
    private async Task TreeAsync(string p)
    {
        await Api.PlaceAsync(p, null, "district");
        await Api.PlaceAsync(p + "-s", p, "street");
        await Api.PlaceAsync(p + "-c", p + "-s", "community");
        await Api.PlaceAsync(p + "-c2", p + "-s", "community");
        await Api.PlaceAsync(p + "-u", p, "enterprise", "某公司党委");
        await Api.PlaceAsync(p + "-ub", p + "-u", "branch");
        await Api.PlaceAsync(p + "-v", p, "enterprise");
        await Api.PlaceAsync(p + "-w", p, "enterprise");
        await Api.EnrollAsync(p + "-mu", p + "-ub");
        await Api.EnrollAsync(p + "-mc", p + "-c");
        var admin = await Api.AdminAsync();
        foreach (var unit in new[] { "-u", "-v" })
        {
            using var response = await Api.PostAsync($"/api/v1/orgs/{p}{unit}/report-in", admin, new { communityId = p + "-c" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static async Task AssertCodeAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var problem = await Problem.AssertAsync(response, status);
        Assert.Equal(code, problem["code"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_community_signs_with_a_stationed_unit_the_unit_completes_its_own_items_and_the_figures_roll_up()
    {
        await TreeAsync("cb-a");
        var communityAdmin = await Api.TokenAsync("oa-c", ["org-admin"], org: "cb-a-c");
        var unitAdmin = await Api.TokenAsync("oa-u", ["org-admin"], org: "cb-a-u");
        var street = await Api.TokenAsync("sv-s", ["supervisor"], org: "cb-a-s");
        var otherCommunity = await Api.TokenAsync("oa-c2", ["org-admin"], org: "cb-a-c2");

        using var signed = await Api.PostAsync("/api/v1/orgs/cb-a-c/agreements", communityAdmin, new
        {
            unitOrgId = "cb-a-u", title = "契约化共建协议", signedOn = Today(),
            items = new object[]
            {
                new { title = "开放职工食堂", ownerOrgId = "cb-a-u", dueOn = Today(30) },
                new { title = "提供活动场地", ownerOrgId = "cb-a-c", dueOn = Today(30) },
                new { title = "党员志愿服务", ownerMemberId = "cb-a-mu", dueOn = Today(60) },
            },
        });
        var agreement = await JsonAsync(signed, HttpStatusCode.Created);
        var id = agreement["id"]!.GetValue<string>();
        Assert.Equal($"/api/v1/agreements/{id}", signed.Headers.Location?.OriginalString);
        Assert.Equal(["unit", "community", "unit"], agreement["items"]!.AsArray().Select(i => i!["party"]!.GetValue<string>()));

        // The unit's admin completes the unit's item, not the community's; the community's admin any.
        using (var own = await Api.PostAsync($"/api/v1/agreements/{id}/items/i1/complete", unitAdmin, new { note = "已开放" }))
        {
            Assert.Equal("done", (await JsonAsync(own, HttpStatusCode.OK))["items"]![0]!["status"]!.GetValue<string>());
        }

        using (var theirs = await Api.PostAsync($"/api/v1/agreements/{id}/items/i2/complete", unitAdmin, new { }))
        {
            await AssertCodeAsync(theirs, HttpStatusCode.Forbidden, "forbidden");
        }

        using (var outside = await Api.PostAsync($"/api/v1/agreements/{id}/items/i2/complete", otherCommunity, new { }))
        {
            await AssertCodeAsync(outside, HttpStatusCode.Forbidden, "forbidden");
        }

        using (var supervisorWrites = await Api.PostAsync($"/api/v1/agreements/{id}/terminate", street, new { note = "x" }))
        {
            await AssertCodeAsync(supervisorWrites, HttpStatusCode.Forbidden, "forbidden");
        }

        await Api.EventuallyAsync("/api/v1/orgs/cb-a-s/rollup", street, r =>
            r["metrics"]!["agreementItemsOpen"]!.GetValue<long>() == 2 && r["metrics"]!["agreementItemsDone"]!.GetValue<long>() == 1
            && r["metrics"]!["agreementItemsOverdue"]!.GetValue<long>() == 0, "the street counts 2 open and 1 done items");

        // Both parties and the street's supervisor read it; the list of the community and of the street's subtree hold it.
        Assert.Equal(id, (await Api.GetJsonAsync($"/api/v1/agreements/{id}", unitAdmin))["id"]!.GetValue<string>());
        Assert.Equal([id], (await Api.GetJsonAsync("/api/v1/orgs/cb-a-c/agreements", street))["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal([id], (await Api.GetJsonAsync("/api/v1/orgs/cb-a-s/agreements?subtree=true&status=active", street))["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Empty((await Api.GetJsonAsync("/api/v1/orgs/cb-a-s/agreements?subtree=true&status=terminated", street))["items"]!.AsArray());
        using (var notCommunity = await Api.GetAsync("/api/v1/orgs/cb-a-s/agreements", street))
        {
            await AssertCodeAsync(notCommunity, HttpStatusCode.UnprocessableEntity, "not-a-community");
        }

        using (var ended = await Api.PostAsync($"/api/v1/agreements/{id}/terminate", communityAdmin, new { note = "单位搬迁" }))
        {
            Assert.Equal("terminated", (await JsonAsync(ended, HttpStatusCode.OK))["status"]!.GetValue<string>());
        }

        using (var late = await Api.PostAsync($"/api/v1/agreements/{id}/items", communityAdmin, new { items = new[] { new { title = "x", ownerOrgId = "cb-a-u", dueOn = Today(1) } } }))
        {
            await AssertCodeAsync(late, HttpStatusCode.Conflict, "agreement-terminated");
        }

        await Api.EventuallyAsync("/api/v1/orgs/cb-a/rollup", await Api.AdminAsync(), r =>
            r["metrics"]!["agreementItemsOpen"]!.GetValue<long>() == 0 && r["metrics"]!["agreementItemsDone"]!.GetValue<long>() == 1,
            "the district counts the done item only");
    }

    [Fact]
    public async Task Agreements_meetings_and_seats_naming_a_unit_not_stationed_or_bad_input_are_refused()
    {
        await TreeAsync("cb-b");
        var admin = await Api.AdminAsync();
        var item = new { title = "助餐", ownerOrgId = "cb-b-w", dueOn = Today(3) };

        using (var notStationed = await Api.PostAsync("/api/v1/orgs/cb-b-c/agreements", admin, new { unitOrgId = "cb-b-w", title = "协议", signedOn = Today(), items = new[] { item } }))
        {
            await AssertCodeAsync(notStationed, HttpStatusCode.UnprocessableEntity, "unit-not-stationed");
        }

        using (var notAParty = await Api.PostAsync("/api/v1/orgs/cb-b-c/agreements", admin, new { unitOrgId = "cb-b-u", title = "协议", signedOn = Today(), items = new[] { item } }))
        {
            await AssertCodeAsync(notAParty, HttpStatusCode.UnprocessableEntity, "owner-not-a-party");
        }

        using (var bad = await Api.PostAsync("/api/v1/orgs/cb-b-c/agreements", admin, new
        {
            unitOrgId = "cb-b-u", title = "", signedOn = Today(1),
            items = new object?[] { new { title = "x", dueOn = Today(-1) }, null },
        }))
        {
            var problem = await Problem.AssertInvalidAsync(bad, "title");
            var errors = problem["errors"]!.AsObject();
            Assert.True(errors.ContainsKey("signedOn") && errors.ContainsKey("items[0].dueOn") && errors.ContainsKey("items[0].ownerOrgId") && errors.ContainsKey("items[1]"), problem.ToJsonString());
        }

        using (var meeting = await Api.PostAsync("/api/v1/orgs/cb-b-c/joint-meetings", admin, new { heldOn = Today(), topic = "议事", unitOrgIds = new[] { "cb-b-u", "cb-b-w" } }))
        {
            await AssertCodeAsync(meeting, HttpStatusCode.UnprocessableEntity, "unit-not-stationed");
        }

        using (var seat = await Api.PutAsync("/api/v1/orgs/cb-b-c/committee/cb-b-mc", admin, new { unitOrgId = "cb-b-u", title = "兼职委员", from = Today() }))
        {
            await AssertCodeAsync(seat, HttpStatusCode.UnprocessableEntity, "member-not-of-unit");
        }

        using (var noUnit = await Api.PutAsync("/api/v1/orgs/cb-b-c/committee/cb-b-mu", admin, new { title = "" }))
        {
            await Problem.AssertInvalidAsync(noUnit, "unitOrgId");
        }

        using (var unknown = await Api.GetAsync("/api/v1/agreements/ag-nothing", admin))
        {
            await AssertCodeAsync(unknown, HttpStatusCode.NotFound, "agreement-not-found");
        }
    }

    [Fact]
    public async Task The_client_records_joint_meetings_seats_members_and_signs_agreements_against_the_real_app()
    {
        await TreeAsync("cb-c");
        var client = new PartyActorsClient(Api.Http) { AccessToken = await Api.TokenAsync("oa-c", ["org-admin"], org: "cb-c-c") };
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

        var meeting = await client.RecordJointMeetingAsync("cb-c-c", new RecordJointMeetingRequest(today, "老旧小区改造", ["cb-c-u"], "纪要", ["成立议事会"]));
        Assert.Equal(["cb-c-u"], meeting.Present);
        Assert.Equal(["cb-c-v"], meeting.Absent);
        var meetings = await client.GetJointMeetingsAsync("cb-c-c");
        Assert.Equal(meeting.Id, Assert.Single(meetings.Items).Id);
        Assert.Null(meetings.Next);

        var seat = await client.SeatCommitteeMemberAsync("cb-c-c", "cb-c-mu", new SeatCommitteeMemberRequest("cb-c-u", "兼职委员", today));
        Assert.Equal("cb-c-u", seat.UnitOrgId);
        var committee = Assert.Single((await client.GetCommitteeAsync("cb-c-c")).Items);
        Assert.Equal(("党员 cb-c-mu", "某公司党委", true), (committee.Name, committee.UnitName, committee.UnitStationed));
        await client.UnseatCommitteeMemberAsync("cb-c-c", "cb-c-mu");
        Assert.Empty((await client.GetCommitteeAsync("cb-c-c")).Items);

        var agreement = await client.SignAgreementAsync("cb-c-c", new SignAgreementRequest("cb-c-u", "共建", today,
            [new AgreementItemRequest("开放食堂", "cb-c-u", null, today.AddDays(5))]), idempotencyKey: "cb-c-sign-1");
        Assert.Equal(agreement.Id, (await client.SignAgreementAsync("cb-c-c", new SignAgreementRequest("cb-c-u", "共建", today,
            [new AgreementItemRequest("开放食堂", "cb-c-u", null, today.AddDays(5))]), idempotencyKey: "cb-c-sign-1")).Id);
        var added = await client.AddAgreementItemsAsync(agreement.Id, [new AgreementItemRequest("送医上门", null, "cb-c-mc", today.AddDays(9))]);
        Assert.Equal(("i2", "community"), (added.Items[1].Id, added.Items[1].Party));
        var done = await client.CompleteAgreementItemAsync(agreement.Id, "i2", "完成");
        Assert.Equal(("done", false), (done.Items[1].Status, done.Items[1].Late));
        Assert.Equal(agreement.Id, Assert.Single((await client.GetAgreementsAsync("cb-c-c")).Items).Id);
        Assert.Equal("terminated", (await client.TerminateAgreementAsync(agreement.Id, "到期")).Status);
        Assert.Equal("cancelled", (await client.GetAgreementAsync(agreement.Id)).Items[0].Status);

        var refused = await Assert.ThrowsAsync<PartyActorsApiException>(() => client.RecordJointMeetingAsync("cb-c-c", new RecordJointMeetingRequest(today, "x", ["cb-c-w"])));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
    }

    public static TheoryData<string, string> Routes => new()
    {
        { "POST", "/api/v1/orgs/cb-fuzz/agreements" },
        { "GET", "/api/v1/orgs/cb-fuzz/agreements?subtree=maybe&status=&limit=-1&after=" },
        { "POST", "/api/v1/agreements/ag-fuzz/items" },
        { "POST", "/api/v1/agreements/ag-fuzz/items/i1/complete" },
        { "POST", "/api/v1/agreements/ag-fuzz/terminate" },
        { "POST", "/api/v1/orgs/cb-fuzz/joint-meetings" },
        { "GET", "/api/v1/orgs/cb-fuzz/joint-meetings?limit=99999999999999999999" },
        { "PUT", "/api/v1/orgs/cb-fuzz/committee/m-fuzz" },
        { "DELETE", "/api/v1/orgs/cb-fuzz/committee/m-fuzz" },
    };

    private static readonly string[] NastyBodies =
    [
        "", "{", "[]", "null", "0", "{\"items\":null}", "{\"items\":[null,1,{}]}", "{\"items\":[{\"dueOn\":\"2020-02-30\"}]}",
        "{\"unitOrgIds\":[null,\"\"],\"decisions\":[null]}", "{\"from\":\"x\",\"unitOrgId\":{}}", new string('[', 5000),
    ];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task No_co_building_route_answers_500_to_bad_input(string method, string path)
    {
        await Api.PlaceAsync("cb-fuzz", null, "community");
        var admin = await Api.AdminAsync();
        foreach (var body in NastyBodies)
        {
            using var response = await Api.SendAsync(new HttpMethod(method), path, admin, method == "GET" ? null : ApiClient.Raw(body));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"{method} {path} with {body[..Math.Min(body.Length, 40)]}: {(int)response.StatusCode} {text}");
            if ((int)response.StatusCode >= 400)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }
}
