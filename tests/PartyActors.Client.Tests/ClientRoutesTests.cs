using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PartyActors.Client.Tests;

/// <summary>Each method calls its api.md route with the right method, path, query and body, and reads the answer.</summary>
public sealed class ClientRoutesTests : IAsyncLifetime
{
    private readonly List<Recorded> requests = [];
    private readonly Dictionary<string, (int Status, string Json)> answers = [];
    private FakeSilo silo = null!;

    public async Task InitializeAsync() =>
        silo = await FakeSilo.StartAsync(app => app.Map("/{**path}", async context =>
        {
            var body = Encoding.UTF8.GetString(await FakeSilo.ReadBodyAsync(context));
            var key = $"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}";
            lock (requests)
            {
                requests.Add(new Recorded(key, body, context.Request.ContentType, context.Request.Headers.Authorization, context.Request.Headers.Accept));
            }

            var (status, json) = answers.TryGetValue(key, out var answer) ? answer : (404, """{"title":"Not Found","status":404}""");
            await FakeSilo.WriteJsonAsync(context, status, json, status >= 400 ? "application/problem+json" : "application/json");
        }));

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task PutOrganization_sends_the_definition_and_tells_created_from_updated()
    {
        answers["PUT /api/v1/orgs/410103"] = (201, "{}");
        answers["PUT /api/v1/orgs/410103-002"] = (200, "{}");
        var client = silo.CreateClient(new PartyActorsClientOptions { AccessToken = "jwt" });

        var root = await client.PutOrganizationAsync("410103", new PutOrganizationRequest("二七区委", OrganizationKinds.District, ParentId: null));
        var street = await client.PutOrganizationAsync("410103-002", new PutOrganizationRequest("城关街道党工委", OrganizationKinds.Street, "410103"));

        Assert.Equal(PutOutcome.Created, root);
        Assert.Equal(PutOutcome.Updated, street);
        Assert.Equal("""{"name":"二七区委","kind":"district","parentId":null}""", requests[0].Body);
        Assert.Equal("""{"name":"城关街道党工委","kind":"street","parentId":"410103"}""", requests[1].Body);
        Assert.Equal("application/json; charset=utf-8", requests[0].ContentType);
        Assert.All(requests, request => Assert.Equal("Bearer jwt", request.Authorization));
    }

    [Fact]
    public async Task GetOrganization_and_GetChildren_read_ids_kinds_and_rollups()
    {
        const string Rollup = """{"orgId":"410103-002","asOf":"2026-11-22T10:00:00+08:00","version":3,"metrics":{"orgs":4,"members":20}}""";
        answers["GET /api/v1/orgs/410103-002"] = (200, $$"""{"id":"410103-002","name":"城关街道党工委","kind":"street","parentId":"410103","childIds":["410103-002-01"],"rollup":{{Rollup}}}""");
        answers["GET /api/v1/orgs/410103-002/children?sort=members&order=desc"] = (200, $$"""{"items":[{"id":"410103-002-01","name":"一网格","kind":"grid","rollup":{{Rollup}}}]}""");
        answers["GET /api/v1/orgs/410103-002/children"] = (200, """{"items":[]}""");
        var client = silo.CreateClient();

        var organization = await client.GetOrganizationAsync("410103-002");
        var ranked = await client.GetChildrenAsync("410103-002", RollupMetrics.Members, SortOrder.Descending);
        var plain = await client.GetChildrenAsync("410103-002");

        Assert.Equal("410103", organization.ParentId);
        Assert.Equal(["410103-002-01"], organization.ChildIds);
        Assert.Equal(20, organization.Rollup!.Metric(RollupMetrics.Members));
        Assert.Equal(OrganizationKinds.Grid, Assert.Single(ranked.Items).Kind);
        Assert.Empty(plain.Items);
    }

    [Fact]
    public async Task A_root_without_children_reads_with_an_empty_child_list()
    {
        answers["GET /api/v1/orgs/410103"] = (200, """{"id":"410103","name":"二七区委","kind":"district","parentId":null,"rollup":null}""");
        var client = silo.CreateClient();

        var organization = await client.GetOrganizationAsync("410103");

        Assert.Null(organization.ParentId);
        Assert.Empty(organization.ChildIds);
    }

    [Fact]
    public async Task Member_routes_send_and_read_their_bodies()
    {
        answers["PUT /api/v1/members/m-000123"] = (201, "{}");
        answers["GET /api/v1/members/m-000123"] = (200, """
            {"id":"m-000123","name":"张三","status":"full","category":"in-service","orgId":"410103-002-01","residenceGridId":"g-7",
             "gender":"female","birthYear":1980,"joinedOn":"2005-07-01","phone":"138****5678","idNumber":"410***********1234",
             "skills":["医疗"],"reportedIn":{"communityId":"c-1","gridId":"g-7","at":"2026-11-01T09:00:00+08:00"},
             "points":{"total":120,"thisMonth":10,"thisYear":90}}
            """);
        answers["DELETE /api/v1/members/m-000123"] = (204, "");
        answers["POST /api/v1/members/m-000123/report-in"] = (200, "{}");
        answers["DELETE /api/v1/members/m-000123/report-in"] = (204, "");
        var client = silo.CreateClient();
        var profile = new PutMemberRequest("张三", MemberStatuses.Full, MemberCategories.InService, "410103-002-01", ResidenceGridId: "g-7", Phone: "13812345678", JoinedOn: new DateOnly(2005, 7, 1));

        Assert.Equal(PutOutcome.Created, await client.PutMemberAsync("m-000123", profile));
        var member = await client.GetMemberAsync("m-000123");
        await client.ReportInAsync("m-000123", "g-7");
        await client.WithdrawReportInAsync("m-000123");
        await client.DeleteMemberAsync("m-000123");

        // Optional fields left out, not sent as null: the server clears what is absent.
        Assert.Equal("""{"name":"张三","status":"full","category":"in-service","orgId":"410103-002-01","residenceGridId":"g-7","joinedOn":"2005-07-01","phone":"13812345678"}""", requests[0].Body);
        Assert.Equal("""{"gridId":"g-7"}""", requests[2].Body);
        Assert.Equal(
            ["PUT /api/v1/members/m-000123", "GET /api/v1/members/m-000123", "POST /api/v1/members/m-000123/report-in", "DELETE /api/v1/members/m-000123/report-in", "DELETE /api/v1/members/m-000123"],
            requests.Select(r => r.Key));
        Assert.Equal("138****5678", member.Phone);
        Assert.Equal(new DateOnly(2005, 7, 1), member.JoinedOn);
        Assert.Equal(new MemberReportIn("c-1", "g-7", new DateTimeOffset(2026, 11, 1, 1, 0, 0, TimeSpan.Zero)), member.ReportedIn);
        Assert.Equal(new MemberPoints(120, 10, 90), member.Points);
        Assert.Equal(["医疗"], member.Skills);
    }

    [Fact]
    public async Task Organization_report_in_routes_send_and_read_their_bodies()
    {
        answers["POST /api/v1/orgs/e-1/report-in"] = (200, """{"communityId":"c-1","at":"2026-11-02T09:00:00+08:00"}""");
        answers["DELETE /api/v1/orgs/e-1/report-in"] = (204, "");
        answers["GET /api/v1/orgs/e-1/report-in"] = (200, """
            {"orgId":"e-1","current":null,"history":[{"communityId":"c-1","from":"2026-11-02T09:00:00+08:00","to":"2026-12-01T09:00:00+08:00"}]}
            """);
        answers["GET /api/v1/orgs/e-1"] = (200, """{"id":"e-1","name":"某公司党委","kind":"enterprise","parentId":"d","childIds":[],"rollup":null,"reportedIn":{"communityId":"c-1","at":"2026-11-02T09:00:00+08:00"}}""");
        answers["GET /api/v1/orgs/c-1/reported-orgs?limit=2&after=e-0"] = (200, """
            {"communityId":"c-1","items":[{"orgId":"e-1","name":"某公司党委","kind":"enterprise","at":"2026-11-02T09:00:00+08:00"}],"next":"e-1"}
            """);
        var client = silo.CreateClient();
        var since = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(8));

        var reported = await client.ReportOrganizationInAsync("e-1", "c-1");
        var organization = await client.GetOrganizationAsync("e-1");
        var page = await client.GetReportedOrganizationsAsync("c-1", limit: 2, after: "e-0");
        await client.WithdrawOrganizationReportInAsync("e-1");
        var history = await client.GetOrganizationReportInAsync("e-1");

        Assert.Equal("""{"communityId":"c-1"}""", requests[0].Body);
        Assert.Equal(new OrganizationReportIn("c-1", since), reported);
        Assert.Equal(reported, organization.ReportedIn);
        Assert.Equal(new ReportedOrganization("e-1", "某公司党委", OrganizationKinds.Enterprise, since), Assert.Single(page.Items));
        Assert.Equal("e-1", page.Next);
        Assert.Null(history.Current);
        Assert.Equal(new OrganizationReportInPeriod("c-1", since, since.AddDays(29)), Assert.Single(history.History));
        Assert.Equal("DELETE /api/v1/orgs/e-1/report-in", requests[3].Key);
    }

    [Fact]
    public async Task Service_feedback_is_read_a_page_at_a_time_or_downloaded_as_the_servers_csv()
    {
        answers["GET /api/v1/orgs/e-1/service-feedback?period=2026-Q4&limit=1"] = (200, """
            {"orgId":"e-1","period":"2026-Q4","from":"2026-10-01T00:00:00+08:00","to":"2027-01-01T00:00:00+08:00",
             "items":[{"memberId":"m-1","name":"张三","orgId":"e-1-b","reportedIn":{"communityId":"c-1","gridId":"g-1","at":"2026-03-01T08:00:00+08:00"},
                       "minutes":135,"claimsCompleted":2,"ratings":{"count":2,"starsSum":6,"averageStars":3.0},"points":9}],
             "next":"m-1"}
            """);
        const string Csv = "\uFEFF党员编号,姓名\r\nm-1,张三\r\n";
        answers["GET /api/v1/orgs/e-1/service-feedback?period=2026-Q4"] = (200, Csv);
        var client = silo.CreateClient();

        var page = await client.GetServiceFeedbackAsync("e-1", "2026-Q4", limit: 1);
        using var file = new MemoryStream();
        await client.DownloadServiceFeedbackCsvAsync("e-1", "2026-Q4", file);

        var member = Assert.Single(page.Items);
        Assert.Equal(("m-1", 135L, 2, 9L), (member.MemberId, member.Minutes, member.ClaimsCompleted, member.Points));
        Assert.Equal(new ServiceRatings(2, 6, 3.0), member.Ratings);
        Assert.Equal("g-1", member.ReportedIn!.GridId);
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.FromHours(8)), page.From);
        Assert.Equal("m-1", page.Next);
        Assert.Equal(Encoding.UTF8.GetBytes(Csv), file.ToArray());
        Assert.Equal("text/csv", requests[1].Accept);
    }

    [Fact]
    public void A_member_profile_does_not_print_personal_data()
    {
        var profile = new PutMemberRequest("张三", MemberStatuses.Full, MemberCategories.InService, "o-1", Phone: "13812345678", IdNumber: "410103198001011234");

        var text = profile.ToString();

        Assert.DoesNotContain("13812345678", text, StringComparison.Ordinal);
        Assert.DoesNotContain("410103198001011234", text, StringComparison.Ordinal);
        Assert.Contains("张三", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Points_are_read_between_instants_and_awarded_with_a_source_id()
    {
        answers["GET /api/v1/members/m-1/points?from=2026-11-01T00%3A00%3A00.0000000%2B08%3A00"] = (200, """
            {"total":15,"entries":[{"id":"p-2","points":-5,"reason":"缺席","source":"manual","at":"2026-11-20T10:00:00+08:00"},
                                   {"id":"p-1","points":20,"reason":"志愿服务","source":"claim:c-1","at":"2026-11-10T10:00:00+08:00"}]}
            """);
        answers["POST /api/v1/members/m-1/points"] = (200, "{}");
        var client = silo.CreateClient();

        var ledger = await client.GetPointsAsync("m-1", from: new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(8)));
        await client.AwardPointsAsync("m-1", new PointsAward(-5, "缺席", "absence-2026-11"));

        Assert.Equal(15, ledger.Total);
        Assert.Equal([-5L, 20L], ledger.Entries.Select(e => e.Points));
        Assert.Equal("""{"points":-5,"reason":"缺席","sourceId":"absence-2026-11"}""", requests[1].Body);
    }

    [Fact]
    public async Task A_dev_token_is_asked_for_with_sub_roles_and_scope()
    {
        answers["POST /api/v1/auth/dev-token"] = (200, """{"token":"eyJ.dev.token"}""");
        var client = silo.CreateClient();

        var token = await client.CreateDevTokenAsync(new DevTokenRequest("job-1", [Roles.Integration], Org: "410103"));

        Assert.Equal("eyJ.dev.token", token);
        Assert.Equal("""{"sub":"job-1","roles":["integration"],"org":"410103"}""", Assert.Single(requests).Body);
    }

    [Fact]
    public async Task Ids_are_escaped_into_one_path_segment_and_a_base_path_is_kept()
    {
        using var http = new HttpClient();
        var client = new PartyActorsClient(http, new PartyActorsClientOptions { BaseAddress = new Uri(silo.BaseAddress, "prefix") });

        await Assert.ThrowsAsync<PartyActorsApiException>(() => client.GetRollupAsync("a/../b"));

        Assert.Equal("GET /prefix/api/v1/orgs/a%2F..%2Fb/rollup", Assert.Single(requests).Key);
    }

    private sealed record Recorded(string Key, string Body, string? ContentType, string? Authorization, string? Accept = null);
}
