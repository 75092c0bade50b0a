using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartyActors.Grains.Tests.Demo;

namespace PartyActors.Silo.Tests;

[Collection(SiloCollection.Name)]
public sealed class ServiceFeedbackApiTests(SiloFixture silo)
{
    private static readonly string[] CsvHeader =
        ["党员编号", "姓名", "组织关系所在党组织", "报到社区", "报到网格", "报到时间", "服务时长(分钟)", "完成服务次数", "获得评价次数", "评价星级合计", "平均星级", "期间积分"];

    private ApiClient Api => silo.Api;

    private static DateTimeOffset ChinaNow => DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));

    private static string ThisQuarter => $"{ChinaNow.Year}-Q{(ChinaNow.Month + 2) / 3}";

    /// <summary>
    /// A district <paramref name="p"/>: a community <c>{p}-c</c> with grids <c>{p}-g1</c> and
    /// <c>{p}-g2</c> (where members live and serve), an enterprise <c>{p}-e</c> with a branch
    /// <c>{p}-e-b</c> (the work unit), and an agency <c>{p}-x</c> (another work unit).
    /// </summary>
    private static async Task TreeAsync(ApiClient api, string p)
    {
        await api.PlaceAsync(p, null, "district");
        await api.PlaceAsync(p + "-c", p, "community");
        await api.PlaceAsync(p + "-g1", p + "-c", "grid");
        await api.PlaceAsync(p + "-g2", p + "-c", "grid");
        await api.PlaceAsync(p + "-e", p, "enterprise");
        await api.PlaceAsync(p + "-e-b", p + "-e", "branch");
        await api.PlaceAsync(p + "-x", p, "agency");
    }

    private static async Task EnrollAsync(ApiClient api, string id, string name, string orgId, string status = "full", string category = "in-service", string? residenceGridId = null)
    {
        using var response = await api.PutAsync($"/api/v1/members/{id}", await api.AdminAsync(), new { name, status, category, orgId, residenceGridId });
        Assert.True(response.IsSuccessStatusCode, $"PUT member {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonObject> PostAsync(ApiClient api, string path, object? body, HttpStatusCode status)
    {
        using var response = await api.PostAsync(path, await api.AdminAsync(), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"POST {path}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Publishes a project at <paramref name="orgId"/> and claims a place for each member; the claim ids, in order.</summary>
    private static async Task<(string ProjectId, string[] ClaimIds)> PublishAndClaimAsync(ApiClient api, string orgId, object definition, params string[] memberIds)
    {
        var projectId = (await PostAsync(api, $"/api/v1/orgs/{orgId}/projects", definition, HttpStatusCode.Created))["id"]!.GetValue<string>();
        var claims = await PostAsync(api, $"/api/v1/projects/{projectId}/claims", new { memberIds }, HttpStatusCode.Created);
        return (projectId, [.. claims["ids"]!.AsArray().Select(i => i!.GetValue<string>())]);
    }

    private static Task<JsonObject> CompleteAsync(ApiClient api, string projectId, string claimId, int minutes) =>
        PostAsync(api, $"/api/v1/projects/{projectId}/claims/{claimId}/complete", new { minutes }, HttpStatusCode.OK);

    private static Task<JsonObject> RateAsync(ApiClient api, string projectId, string claimId, int stars) =>
        PostAsync(api, $"/api/v1/projects/{projectId}/claims/{claimId}/rating", new { stars }, HttpStatusCode.OK);

    private static Task<JsonObject> AwardAsync(ApiClient api, string memberId, int points, string sourceId) =>
        PostAsync(api, $"/api/v1/members/{memberId}/points", new { points, reason = "组织生活", sourceId }, HttpStatusCode.Created);

    /// <summary>
    /// The work unit's members and what they do where they live: m1 and m2 (in service) serve and are
    /// rated and awarded; m3 (retired), m4 (an applicant) and m5 (of another unit) serve too but are
    /// not the unit's in-service members; m6 does nothing.
    /// </summary>
    private async Task ServeAsync(string p)
    {
        await TreeAsync(Api, p);
        await EnrollAsync(Api, p + "-m1", "张三", p + "-e-b", residenceGridId: p + "-g1");
        await EnrollAsync(Api, p + "-m2", "王五, \"老王\"", p + "-e", status: "probationary");
        await EnrollAsync(Api, p + "-m3", "李四", p + "-e-b", category: "retired");
        await EnrollAsync(Api, p + "-m4", "赵六", p + "-e-b", status: "applicant");
        await EnrollAsync(Api, p + "-m5", "孙七", p + "-x");
        await EnrollAsync(Api, p + "-m6", "=周八", p + "-e-b");
        using (var reported = await Api.PostAsync($"/api/v1/members/{p}-m1/report-in", await Api.AdminAsync(), new { gridId = p + "-g1" }))
        {
            Assert.Equal(HttpStatusCode.OK, reported.StatusCode);
        }

        // 2 points an hour: 90 minutes are 3 points, 30 minutes 1, 60 minutes 2.
        var (haircut, cuts) = await PublishAndClaimAsync(Api, p + "-g1", new { title = "义务理发", kind = "project", quota = 6, pointsPerHour = 2 },
            p + "-m1", p + "-m2", p + "-m3", p + "-m4", p + "-m5");
        await CompleteAsync(Api, haircut, cuts[0], 90);
        await CompleteAsync(Api, haircut, cuts[1], 30);
        await CompleteAsync(Api, haircut, cuts[2], 60);
        await CompleteAsync(Api, haircut, cuts[3], 60);
        await CompleteAsync(Api, haircut, cuts[4], 60);
        Assert.Equal(3, (await RateAsync(Api, haircut, cuts[0], 4))["points"]!.GetValue<int>());
        Assert.Equal(1, (await RateAsync(Api, haircut, cuts[1], 5))["points"]!.GetValue<int>());
        await RateAsync(Api, haircut, cuts[2], 5);
        await RateAsync(Api, haircut, cuts[4], 3);

        // The default rule, 1 point an hour: 45 minutes round to 1 point.
        var (wish, wishClaims) = await PublishAndClaimAsync(Api, p + "-c", new { title = "微心愿: 陪老人读报", kind = "wish", quota = 1 }, p + "-m1");
        await CompleteAsync(Api, wish, wishClaims[0], 45);
        Assert.Equal(1, (await RateAsync(Api, wish, wishClaims[0], 2))["points"]!.GetValue<int>());

        // Claimed but not yet served: nothing to count.
        await PublishAndClaimAsync(Api, p + "-g2", new { title = "楼道清扫", kind = "project", quota = 3 }, p + "-m1", p + "-m6");

        await AwardAsync(Api, p + "-m1", 5, p + "-a1");
        await AwardAsync(Api, p + "-m2", -2, p + "-a2");
    }

    private static JsonObject Item(JsonObject page, string memberId) =>
        page["items"]!.AsArray().Single(i => i!["memberId"]!.GetValue<string>() == memberId)!.AsObject();

    [Fact]
    public async Task Each_in_service_member_of_the_unit_gets_what_it_did_where_it_lives()
    {
        await ServeAsync("sf-a");
        var unit = await Api.TokenAsync("sv-e", ["supervisor"], org: "sf-a-e");

        var page = await Api.GetJsonAsync($"/api/v1/orgs/sf-a-e/service-feedback?period={ThisQuarter}", unit);

        Assert.Equal(("sf-a-e", ThisQuarter), (page["orgId"]!.GetValue<string>(), page["period"]!.GetValue<string>()));
        var from = page["from"]!.GetValue<DateTimeOffset>();
        Assert.Equal(TimeSpan.FromHours(8), from.Offset);
        Assert.Equal(from.AddMonths(3), page["to"]!.GetValue<DateTimeOffset>());
        Assert.Equal(["sf-a-m1", "sf-a-m2", "sf-a-m6"], page["items"]!.AsArray().Select(i => i!["memberId"]!.GetValue<string>()));
        Assert.Null(page["next"]);

        var m1 = Item(page, "sf-a-m1");
        Assert.Equal(("张三", "sf-a-e-b"), (m1["name"]!.GetValue<string>(), m1["orgId"]!.GetValue<string>()));
        Assert.Equal((90L + 45, 2), (m1["minutes"]!.GetValue<long>(), m1["claimsCompleted"]!.GetValue<int>()));
        Assert.Equal((2, 6L, 3.0), (m1["ratings"]!["count"]!.GetValue<int>(), m1["ratings"]!["starsSum"]!.GetValue<long>(), m1["ratings"]!["averageStars"]!.GetValue<double>()));
        Assert.Equal(3 + 1 + 5, m1["points"]!.GetValue<long>());
        Assert.Equal(("sf-a-c", "sf-a-g1"), (m1["reportedIn"]!["communityId"]!.GetValue<string>(), m1["reportedIn"]!["gridId"]!.GetValue<string>()));

        var m2 = Item(page, "sf-a-m2");
        Assert.Equal((30L, 1), (m2["minutes"]!.GetValue<long>(), m2["claimsCompleted"]!.GetValue<int>()));
        Assert.Equal((1, 5L, 5.0), (m2["ratings"]!["count"]!.GetValue<int>(), m2["ratings"]!["starsSum"]!.GetValue<long>(), m2["ratings"]!["averageStars"]!.GetValue<double>()));
        Assert.Equal(1 - 2, m2["points"]!.GetValue<long>());
        Assert.Null(m2["reportedIn"]);

        var m6 = Item(page, "sf-a-m6");
        Assert.Equal((0L, 0, 0, 0L), (m6["minutes"]!.GetValue<long>(), m6["claimsCompleted"]!.GetValue<int>(), m6["ratings"]!["count"]!.GetValue<int>(), m6["points"]!.GetValue<long>()));
        Assert.Null(m6["ratings"]!["averageStars"]);

        // The branch's feedback is its own members'; the district's holds the other unit's member too.
        var branch = await Api.GetJsonAsync($"/api/v1/orgs/sf-a-e-b/service-feedback?period={ChinaNow.Year}", unit);
        Assert.Equal(["sf-a-m1", "sf-a-m6"], branch["items"]!.AsArray().Select(i => i!["memberId"]!.GetValue<string>()));
        Assert.Equal(135, Item(branch, "sf-a-m1")["minutes"]!.GetValue<long>());
        var district = await Api.GetJsonAsync($"/api/v1/orgs/sf-a/service-feedback?period={ThisQuarter}", await Api.AdminAsync());
        Assert.Equal(["sf-a-m1", "sf-a-m2", "sf-a-m5", "sf-a-m6"], district["items"]!.AsArray().Select(i => i!["memberId"]!.GetValue<string>()));
        var m5 = Item(district, "sf-a-m5");
        Assert.Equal((60L, 1, 2L), (m5["minutes"]!.GetValue<long>(), m5["ratings"]!["count"]!.GetValue<int>(), m5["points"]!.GetValue<long>()));

        // Last year the same members did nothing.
        var lastYear = await Api.GetJsonAsync($"/api/v1/orgs/sf-a-e/service-feedback?period={ChinaNow.Year - 1}", unit);
        Assert.All(lastYear["items"]!.AsArray(), i => Assert.Equal((0L, 0L), (i!["minutes"]!.GetValue<long>(), i["points"]!.GetValue<long>())));
    }

    [Fact]
    public async Task The_csv_opens_in_excel_with_a_bom_chinese_headers_and_quoted_names()
    {
        await ServeAsync("sf-c");
        var admin = await Api.AdminAsync();

        using var byAccept = await Api.SendAsync(HttpMethod.Get, $"/api/v1/orgs/sf-c-e/service-feedback?period={ThisQuarter}", admin,
            configure: r => r.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv")));
        Assert.Equal(HttpStatusCode.OK, byAccept.StatusCode);
        Assert.Equal("text/csv", byAccept.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", byAccept.Content.Headers.ContentType?.CharSet);
        Assert.Equal("attachment", byAccept.Content.Headers.ContentDisposition?.DispositionType);
        var bytes = await byAccept.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);

        var rows = Rfc4180.Parse(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 3, bytes.Length - 3));
        Assert.Equal(CsvHeader, rows[0]);
        Assert.Equal(["sf-c-m1", "sf-c-m2", "sf-c-m6"], rows.Skip(1).Select(r => r[0]));
        var m1 = rows[1];
        Assert.Equal(["sf-c-m1", "张三", "sf-c-e-b", "sf-c-c", "sf-c-g1"], m1[..5]);
        Assert.Equal(TimeSpan.FromHours(8), DateTimeOffset.Parse(m1[5], CultureInfo.InvariantCulture).Offset);
        Assert.Equal(["135", "2", "2", "6", "3", "9"], m1[6..]);
        Assert.Equal(["sf-c-m2", "王五, \"老王\"", "sf-c-e", "", "", "", "30", "1", "1", "5", "5", "-1"], rows[2]);

        // A name Excel would run as a formula is kept as text.
        Assert.Equal(["sf-c-m6", "'=周八", "sf-c-e-b", "", "", "", "0", "0", "0", "0", "", "0"], rows[3]);

        using var byFormat = await Api.GetAsync($"/api/v1/orgs/sf-c-e/service-feedback?period={ThisQuarter}&format=csv", admin);
        Assert.Equal(bytes, await byFormat.Content.ReadAsByteArrayAsync());
        using var json = await Api.SendAsync(HttpMethod.Get, $"/api/v1/orgs/sf-c-e/service-feedback?period={ThisQuarter}&format=json", admin,
            configure: r => r.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv")));
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_json_comes_a_page_at_a_time()
    {
        await ServeAsync("sf-p");
        var admin = await Api.AdminAsync();

        var first = await Api.GetJsonAsync($"/api/v1/orgs/sf-p-e/service-feedback?period={ThisQuarter}&limit=2", admin);
        Assert.Equal(["sf-p-m1", "sf-p-m2"], first["items"]!.AsArray().Select(i => i!["memberId"]!.GetValue<string>()));
        Assert.Equal("sf-p-m2", first["next"]!.GetValue<string>());
        var second = await Api.GetJsonAsync($"/api/v1/orgs/sf-p-e/service-feedback?period={ThisQuarter}&limit=2&after=sf-p-m2", admin);
        Assert.Equal(["sf-p-m6"], second["items"]!.AsArray().Select(i => i!["memberId"]!.GetValue<string>()));
        Assert.Null(second["next"]);
    }

    [Fact]
    public async Task Readers_of_members_in_scope_read_it_and_bad_input_is_400_naming_the_field()
    {
        await TreeAsync(Api, "sf-r");
        var admin = await Api.AdminAsync();
        var community = await Api.TokenAsync("oa-c", ["org-admin"], org: "sf-r-c");
        var unitWorker = await Api.TokenAsync("gw-e", ["grid-worker"], org: "sf-r-e");
        var integration = await Api.TokenAsync("int", ["integration"], org: "sf-r");
        var member = await Api.TokenAsync("m", ["member"], member: "sf-r-m1");
        var path = $"/api/v1/orgs/sf-r-e/service-feedback?period={ThisQuarter}";

        Assert.NotNull((await Api.GetJsonAsync(path, unitWorker))["items"]);
        foreach (var token in new[] { community, integration, member })
        {
            using var refused = await Api.GetAsync(path, token);
            await Problem.AssertAsync(refused, HttpStatusCode.Forbidden);
        }

        using (var unknown = await Api.GetAsync($"/api/v1/orgs/sf-r-nowhere/service-feedback?period={ThisQuarter}", admin))
        {
            Assert.Equal("org-not-found", (await Problem.AssertAsync(unknown, HttpStatusCode.NotFound))["code"]!.GetValue<string>());
        }

        foreach (var (query, field) in new[]
        {
            ("", "period"), ("period=2026-Q5", "period"), ("period=26", "period"), ("period=2026-13", "period"),
            ($"period={ThisQuarter}&format=xml", "format"), ($"period={ThisQuarter}&limit=0", "limit"),
            ($"period={ThisQuarter}&after=no%20id", "after"), ($"period={ThisQuarter}&format=csv&limit=10", "limit"),
        })
        {
            using var invalid = await Api.GetAsync($"/api/v1/orgs/sf-r-e/service-feedback?{query}", admin);
            await Problem.AssertInvalidAsync(invalid, field);
        }
    }

    [Fact]
    public async Task Service_counts_in_the_month_it_was_done_and_rated_in_china_standard_time()
    {
        // A silo of its own that starts half an hour before this month began (China Standard Time), and
        // whose clock the test then moves on. Only forward: Orleans schedules on it. Tokens live long
        // enough for either clock.
        var thisMonth = new DateTimeOffset(ChinaNow.Year, ChinaNow.Month, 1, 0, 0, 0, TimeSpan.FromHours(8));
        var clock = new ShiftedTimeProvider { Offset = thisMonth.AddMinutes(-30) - DateTimeOffset.UtcNow };
        await using var factory = new SiloFactory(
            new Dictionary<string, string?> { ["Auth:DevTokenLifetime"] = "90.00:00:00" },
            services: s => s.AddSingleton<TimeProvider>(clock));
        using var api = factory.Start();
        await TreeAsync(api, "sf-t");
        await EnrollAsync(api, "sf-t-m1", "陈九", "sf-t-e");
        var (project, claims) = await PublishAndClaimAsync(api, "sf-t-g1", new { title = "助老送餐", kind = "project", quota = 2, pointsPerHour = 1 }, "sf-t-m1");
        await CompleteAsync(api, project, claims[0], 120);

        // Completed at 23:30 on the last day of last month; rated after midnight, this month; the wish
        // is served an hour into this month.
        clock.Offset = thisMonth.AddMinutes(30) - DateTimeOffset.UtcNow;
        await RateAsync(api, project, claims[0], 5);
        clock.Offset = thisMonth.AddHours(1) - DateTimeOffset.UtcNow;
        var (wish, wishClaims) = await PublishAndClaimAsync(api, "sf-t-c", new { title = "微心愿", kind = "wish", quota = 1 }, "sf-t-m1");
        await CompleteAsync(api, wish, wishClaims[0], 60);

        var admin = await api.AdminAsync();
        var lastMonth = thisMonth.AddMonths(-1);
        var before = Item(await api.GetJsonAsync($"/api/v1/orgs/sf-t-e/service-feedback?period={lastMonth.ToString("yyyy-MM", CultureInfo.InvariantCulture)}", admin), "sf-t-m1");
        var now = Item(await api.GetJsonAsync($"/api/v1/orgs/sf-t-e/service-feedback?period={thisMonth.ToString("yyyy-MM", CultureInfo.InvariantCulture)}", admin), "sf-t-m1");

        Assert.Equal((120L, 1, 0, 0L), (before["minutes"]!.GetValue<long>(), before["claimsCompleted"]!.GetValue<int>(), before["ratings"]!["count"]!.GetValue<int>(), before["points"]!.GetValue<long>()));
        Assert.Equal((60L, 1, 1, 2L), (now["minutes"]!.GetValue<long>(), now["claimsCompleted"]!.GetValue<int>(), now["ratings"]!["count"]!.GetValue<int>(), now["points"]!.GetValue<long>()));
    }
}
