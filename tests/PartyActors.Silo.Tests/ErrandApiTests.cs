using System.Net;
using System.Text.Json.Nodes;
using PartyActors.Client;
using PartyActors.Grains;

namespace PartyActors.Silo.Tests;

/// <summary>Errands (全程代办) over HTTP: validation, access per route, the lists, the SLA, and the client against the real app (docs/errands.md).</summary>
[Collection(SiloCollection.Name)]
public sealed class ErrandApiTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    private static object Body(string cadre, string category = "social-insurance", string name = "张大爷", string? phone = "13812345678", string description = "代办养老保险资格认证") =>
        new { resident = new { name, phone }, category, description, cadreMemberId = cadre };

    /// <summary>
    /// A district <c>{p}</c>, its street <c>{p}-s</c>, a community <c>{p}-c</c> with grids <c>{p}-g1</c>
    /// and <c>{p}-g2</c> and a branch <c>{p}-b</c> (cadres <c>{p}-m1</c>, <c>{p}-m2</c>); a branch
    /// <c>{p}-b2</c> of the district with <c>{p}-m3</c>, outside the community.
    /// </summary>
    private async Task PlaceAsync(string p)
    {
        await Api.PlaceAsync(p, null, "district");
        await Api.PlaceAsync(p + "-s", p, "street");
        await Api.PlaceAsync(p + "-c", p + "-s", "community");
        await Api.PlaceAsync(p + "-g1", p + "-c", "grid");
        await Api.PlaceAsync(p + "-g2", p + "-c", "grid");
        await Api.PlaceAsync(p + "-b", p + "-c", "branch");
        await Api.PlaceAsync(p + "-b2", p, "branch");
        await Api.EnrollAsync(p + "-m1", p + "-b");
        await Api.EnrollAsync(p + "-m2", p + "-b");
        await Api.EnrollAsync(p + "-m3", p + "-b2");
    }

    private async Task<string> TakeAsync(string orgId, string token, object body)
    {
        using var response = await Api.PostAsync($"/api/v1/orgs/{orgId}/errands", token, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var json = JsonNode.Parse(text)!;
        var id = json["id"]!.GetValue<string>();
        Assert.NotNull(json["dueAt"]);
        Assert.Equal($"/api/v1/errands/{id}", response.Headers.Location?.OriginalString);
        return id;
    }

    private static async Task<HttpStatusCode> StatusAsync(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        return response.StatusCode;
    }

    private static async Task<string> CodeAsync(Task<HttpResponseMessage> sending, HttpStatusCode status)
    {
        using var response = await sending;
        return (await Problem.AssertAsync(response, status))["code"]!.GetValue<string>();
    }

    [Fact]
    public async Task Taking_validates_each_field_the_level_and_the_cadre_and_answers_201_with_the_deadline()
    {
        var admin = await Api.AdminAsync();
        await PlaceAsync("era-v");
        const string path = "/api/v1/orgs/era-v-c/errands";
        foreach (var (body, field) in new (object, string)[]
        {
            (new { category = "medical", description = "x", cadreMemberId = "era-v-m1" }, "resident"),
            (Body("era-v-m1", name: " "), "resident.name"),
            (Body("era-v-m1", phone: "打电话"), "resident.phone"),
            (Body("era-v-m1", category: "taxes"), "category"),
            (Body("era-v-m1", description: ""), "description"),
            (Body("bad id!"), "cadreMemberId"),
            (new { resident = new { name = "李" }, category = "other", description = "x" }, "cadreMemberId"),
        })
        {
            using var response = await Api.PostAsync(path, admin, body);
            await Problem.AssertInvalidAsync(response, field);
        }

        using (var badId = await Api.PostAsync("/api/v1/orgs/bad id!/errands", admin, Body("era-v-m1")))
        {
            await Problem.AssertInvalidAsync(badId, "orgId");
        }

        Assert.Equal(DomainErrors.OrgNotFound, await CodeAsync(Api.PostAsync("/api/v1/orgs/era-v-nowhere/errands", admin, Body("era-v-m1")), HttpStatusCode.NotFound));
        Assert.Equal(ErrandErrors.NotATakingLevel, await CodeAsync(Api.PostAsync("/api/v1/orgs/era-v-b/errands", admin, Body("era-v-m1")), (HttpStatusCode)422));
        Assert.Equal(ErrandErrors.NotACadreHere, await CodeAsync(Api.PostAsync(path, admin, Body("era-v-m3")), (HttpStatusCode)422));
        Assert.Equal(ErrandErrors.NotACadreHere, await CodeAsync(Api.PostAsync(path, admin, Body("era-v-nobody")), (HttpStatusCode)422));

        var before = DateTimeOffset.UtcNow;
        var id = await TakeAsync("era-v-c", admin, Body("era-v-m1"));
        Assert.StartsWith("er-", id, StringComparison.Ordinal);
        var taken = await Api.GetJsonAsync($"/api/v1/errands/{id}", admin);
        Assert.Equal(("era-v-c", "era-v-m1", "social-insurance", "open", "138****5678"),
            (taken["orgId"]!.GetValue<string>(), taken["cadreMemberId"]!.GetValue<string>(), taken["category"]!.GetValue<string>(),
             taken["status"]!.GetValue<string>(), taken["resident"]!["phone"]!.GetValue<string>()));
        Assert.False(taken["overdue"]!.GetValue<bool>());
        Assert.Equal(("working-days", 3), (taken["sla"]!["unit"]!.GetValue<string>(), taken["sla"]!["amount"]!.GetValue<int>()));

        // At least three working days ahead (weekends and holidays only add), at midnight China Standard Time.
        var dueAt = taken["dueAt"]!.GetValue<DateTimeOffset>();
        Assert.True(dueAt > before.AddDays(3), dueAt.ToString("O"));
        Assert.Equal(TimeSpan.Zero, dueAt.ToOffset(TimeSpan.FromHours(8)).TimeOfDay);

        Assert.Equal(ErrandErrors.ErrandNotFound, await CodeAsync(Api.GetAsync("/api/v1/errands/er-000000000000ffffffff", admin), HttpStatusCode.NotFound));
        using var badErrand = await Api.GetAsync("/api/v1/errands/bad id!", admin);
        await Problem.AssertInvalidAsync(badErrand, "errandId");
    }

    [Fact]
    public async Task Workers_in_scope_take_and_handle_errands_the_cadre_marks_its_own_done_and_supervisors_read()
    {
        var admin = await Api.AdminAsync();
        await PlaceAsync("era-a");
        var gridWorker = await Api.TokenAsync("egw-1", ["grid-worker"], org: "era-a-g1");
        var communityAdmin = await Api.TokenAsync("eoa-1", ["org-admin"], org: "era-a-c");
        var elsewhere = await Api.TokenAsync("eoa-2", ["org-admin"], org: "era-a-b2");
        var supervisor = await Api.TokenAsync("esup-1", ["supervisor"], org: "era-a");
        var cadre = await Api.TokenAsync("em-1", ["member"], member: "era-a-m1");
        var other = await Api.TokenAsync("em-2", ["member"], member: "era-a-m2");

        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.PostAsync("/api/v1/orgs/era-a-c/errands", supervisor, Body("era-a-m1"))));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.PostAsync("/api/v1/orgs/era-a-c/errands", cadre, Body("era-a-m1"))));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.PostAsync("/api/v1/orgs/era-a-c/errands", elsewhere, Body("era-a-m1"))));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.PostAsync("/api/v1/orgs/era-a-c/errands", gridWorker, Body("era-a-m1"))));
        var id = await TakeAsync("era-a-c", communityAdmin, Body("era-a-m1"));
        var second = await TakeAsync("era-a-c", communityAdmin, Body("era-a-m1", category: "certificates"));

        // Reads: readers in scope and the cadre itself; not another member, not a worker elsewhere.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Api.GetAsync($"/api/v1/errands/{id}", supervisor)));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Api.GetAsync($"/api/v1/errands/{id}", cadre)));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.GetAsync($"/api/v1/errands/{id}", other)));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.GetAsync($"/api/v1/errands/{id}", elsewhere)));

        // Done: the cadre itself or a worker in scope, with a note; not a supervisor, not another member.
        var done = new { note = "已办结，材料已交社保所" };
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.PostAsync($"/api/v1/errands/{id}/done", supervisor, done)));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.PostAsync($"/api/v1/errands/{id}/done", other, done)));
        using (var noNote = await Api.PostAsync($"/api/v1/errands/{id}/done", cadre, new { note = " " }))
        {
            await Problem.AssertInvalidAsync(noNote, "note");
        }

        using (var future = await Api.PostAsync($"/api/v1/errands/{id}/done", cadre, new { note = "办结", doneAt = DateTimeOffset.UtcNow.AddDays(1) }))
        {
            await Problem.AssertInvalidAsync(future, "doneAt");
        }

        // Reassign and cancel: writers in scope only; the cadre does not hand its errand on.
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.PostAsync($"/api/v1/errands/{second}/reassign", cadre, new { cadreMemberId = "era-a-m2" })));
        Assert.Equal(ErrandErrors.NotACadreHere, await CodeAsync(Api.PostAsync($"/api/v1/errands/{second}/reassign", communityAdmin, new { cadreMemberId = "era-a-m3" }), (HttpStatusCode)422));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Api.PostAsync($"/api/v1/errands/{second}/reassign", communityAdmin, new { cadreMemberId = "era-a-m2", reason = "出差" })));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.GetAsync($"/api/v1/errands/{second}", cadre)));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Api.GetAsync($"/api/v1/errands/{second}", other)));

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Api.PostAsync($"/api/v1/errands/{id}/done", cadre, done)));
        var read = await Api.GetJsonAsync($"/api/v1/errands/{id}", supervisor);
        Assert.Equal(("done", false, "em-1"), (read["status"]!.GetValue<string>(), read["late"]!.GetValue<bool>(), read["doneBy"]!.GetValue<string>()));
        Assert.Equal(ErrandErrors.Done, await CodeAsync(Api.PostAsync($"/api/v1/errands/{id}/cancel", communityAdmin, new { reason = "撤回" }), HttpStatusCode.Conflict));
        using (var noReason = await Api.PostAsync($"/api/v1/errands/{second}/cancel", communityAdmin, new { reason = "" }))
        {
            await Problem.AssertInvalidAsync(noReason, "reason");
        }

        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.PostAsync($"/api/v1/errands/{second}/cancel", supervisor, new { reason = "撤回" })));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Api.PostAsync($"/api/v1/errands/{second}/cancel", communityAdmin, new { reason = "居民自行办理" })));
        Assert.Equal(ErrandErrors.Cancelled, await CodeAsync(Api.PostAsync($"/api/v1/errands/{second}/done", other, done), HttpStatusCode.Conflict));

        // The roll-up counts the done one, not the cancelled one.
        await Api.EventuallyAsync("/api/v1/orgs/era-a/rollup", admin,
            r => r["metrics"]!["errandsDone"]?.GetValue<long>() == 1 && (r["metrics"]!["errandsOpen"]?.GetValue<long>() ?? 0) == 0, "the district counts one errand done, none open");

        // Lists: the subtree's for readers in scope, each cadre's for itself.
        var ledger = await Api.GetJsonAsync("/api/v1/orgs/era-a/errands", supervisor);
        Assert.Equal([id, second], ledger["items"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()));
        var doneOnly = await Api.GetJsonAsync("/api/v1/orgs/era-a-c/errands?status=done", communityAdmin);
        Assert.Equal(id, Assert.Single(doneOnly["items"]!.AsArray())!["id"]!.GetValue<string>());
        var paged = await Api.GetJsonAsync("/api/v1/orgs/era-a/errands?limit=1", admin);
        Assert.Equal(id, paged["next"]!.GetValue<string>());
        Assert.Equal(second, (await Api.GetJsonAsync($"/api/v1/orgs/era-a/errands?limit=1&after={id}", admin))["items"]![0]!["id"]!.GetValue<string>());
        using (var badStatus = await Api.GetAsync("/api/v1/orgs/era-a/errands?status=late", admin))
        {
            await Problem.AssertInvalidAsync(badStatus, "status");
        }

        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.GetAsync("/api/v1/orgs/era-a/errands", cadre)));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.GetAsync("/api/v1/orgs/era-a/errands", elsewhere)));
        Assert.Equal(id, Assert.Single((await Api.GetJsonAsync("/api/v1/members/era-a-m1/errands", cadre))["items"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(second, Assert.Single((await Api.GetJsonAsync("/api/v1/members/era-a-m2/errands?status=cancelled", supervisor))["items"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.GetAsync("/api/v1/members/era-a-m2/errands", cadre)));
    }

    [Fact]
    public async Task The_sla_is_read_by_anyone_with_a_token_and_set_by_admins_with_errand_categories()
    {
        var admin = await Api.AdminAsync();
        var worker = await Api.TokenAsync("esla-1", ["org-admin"], org: "era-sla");
        var sla = await Api.GetJsonAsync("/api/v1/errands/sla", worker);
        Assert.Equal(3, sla["default"]!["amount"]!.GetValue<int>());

        var table = new { @default = new { amount = 3, unit = "working-days" }, rules = new object[] { new { category = "subsidies", amount = 5, unit = "working-days" } } };
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Api.PutAsync("/api/v1/errands/sla", worker, table)));
        using (var badCategory = await Api.PutAsync("/api/v1/errands/sla", admin, new { @default = new { amount = 3, unit = "working-days" }, rules = new object[] { new { category = "环境卫生", amount = 1, unit = "hours" } } }))
        {
            await Problem.AssertInvalidAsync(badCategory, "rules[0].category");
        }

        using (var badTerm = await Api.PutAsync("/api/v1/errands/sla", admin, new { @default = new { amount = 0, unit = "working-days" } }))
        {
            await Problem.AssertInvalidAsync(badTerm, "default.amount");
        }

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Api.PutAsync("/api/v1/errands/sla", admin, table)));
        Assert.Equal("subsidies", (await Api.GetJsonAsync("/api/v1/errands/sla", worker))["rules"]![0]!["category"]!.GetValue<string>());

        // The requests' table is another.
        Assert.DoesNotContain((await Api.GetJsonAsync("/api/v1/requests/sla", worker))["rules"]!.AsArray(), r => r!["category"]?.GetValue<string>() == "subsidies");
    }

    [Fact]
    public async Task The_client_takes_reads_completes_and_lists_errands_against_the_real_app()
    {
        await PlaceAsync("era-k");
        var token = await Api.TokenAsync("ek-1", ["org-admin"], org: "era-k-c");
        var client = new PartyActorsClient(Api.Http, new PartyActorsClientOptions { BaseAddress = Api.BaseAddress, AccessToken = token });

        var taken = await client.TakeErrandAsync("era-k-g1", new TakeErrand(new PartyActors.Client.ErrandResident("王奶奶", "13912345678"), ErrandCategories.Medical, "代办医保报销", "era-k-m1"), idempotencyKey: "ek-take-1");
        var again = await client.TakeErrandAsync("era-k-g1", new TakeErrand(new PartyActors.Client.ErrandResident("王奶奶", "13912345678"), ErrandCategories.Medical, "代办医保报销", "era-k-m1"), idempotencyKey: "ek-take-1");
        Assert.Equal(taken.Id, again.Id);

        var errand = await client.GetErrandAsync(taken.Id);
        Assert.Equal(("era-k-g1", ErrandStatuses.Open, "139****5678", taken.DueAt), (errand.OrgId, errand.Status, errand.Resident.Phone, errand.DueAt));
        var done = await client.CompleteErrandAsync(taken.Id, new CompleteErrand("已报销"));
        Assert.Equal((ErrandStatuses.Done, false), (done.Status, done.Late));

        var page = await client.GetOrgErrandsAsync("era-k-c", ErrandStatuses.Done);
        Assert.Equal(taken.Id, Assert.Single(page.Items).Id);
        Assert.Equal(taken.Id, Assert.Single((await client.GetMemberErrandsAsync("era-k-m1")).Items).Id);
        Assert.Empty((await client.GetOrgErrandsAsync("era-k-c", ErrandStatuses.Open)).Items);

        var second = await client.TakeErrandAsync("era-k-c", new TakeErrand(new PartyActors.Client.ErrandResident("赵叔"), ErrandCategories.Other, "代办", "era-k-m1"));
        Assert.Equal("era-k-m2", (await client.ReassignErrandAsync(second.Id, new ReassignErrand("era-k-m2"))).CadreMemberId);
        Assert.Equal(ErrandStatuses.Cancelled, (await client.CancelErrandAsync(second.Id, "不需要了")).Status);
        Assert.True((await client.GetErrandSlaAsync()).Default.Amount > 0);
        var refused = await Assert.ThrowsAsync<PartyActorsApiException>(() => client.PutErrandSlaAsync(new RequestSla(new RequestSlaTerm(3, "working-days"), [])));
        Assert.Equal(403, (int)refused.StatusCode);
    }
}
