using System.Net;
using System.Net.Http.Headers;
using PartyActors.Client;
using PeriodGranularity = PartyActors.Grains.PeriodGranularity;
using ReportPeriod = PartyActors.Grains.ReportPeriod;

namespace PartyActors.Silo.Tests.Client;

/// <summary>
/// The client's lists and searches, the dashboard's settings and stream tickets, a member's rank,
/// the report schedule and the working-day calendar, against the real app.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class FindingAndDashboardClientTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    [Fact]
    public async Task Organizations_and_members_are_listed_searched_and_paged()
    {
        await Api.PlaceAsync("c2f", null, "community", "和平社区");
        await Api.PlaceAsync("c2f-g1", "c2f", "grid", "和平一网格");
        await Api.PlaceAsync("c2f-g2", "c2f", "grid", "东风网格");
        await Api.EnrollAsync("c2f-m1", "c2f-g1");
        await Api.EnrollAsync("c2f-m2", "c2f-g1");
        await Api.EnrollAsync("c2f-m3", "c2f-g2");
        var client = await Api.ClientAsync("c2f-oa", ["org-admin"], org: "c2f");

        var top = await client.ListOrganizationsAsync();
        Assert.Equal([new OrganizationListItem("c2f", "和平社区", OrganizationKinds.Community, null)], top.Items);
        var first = await client.ListOrganizationsAsync(parentId: "c2f", limit: 1);
        Assert.Equal(("c2f-g1", "c2f-g1"), (Assert.Single(first.Items).Id, first.Next));
        var second = await client.ListOrganizationsAsync(parentId: "c2f", limit: 1, after: first.Next);
        Assert.Equal(("c2f-g2", (string?)null), (Assert.Single(second.Items).Id, second.Next));
        Assert.Equal(["c2f", "c2f-g1"], (await client.ListOrganizationsAsync(query: "和平")).Items.Select(o => o.Id));

        var ofGrid = await client.ListMembersAsync(orgId: "c2f-g1");
        Assert.Equal(["c2f-m1", "c2f-m2"], ofGrid.Items.Select(m => m.Id));
        Assert.Equal(new MemberListItem("c2f-m1", "党员 c2f-m1", "c2f-g1", MemberStatuses.Full, MemberCategories.Retired), ofGrid.Items[0]);
        Assert.Equal(["c2f-m3"], (await client.ListMembersAsync(orgId: "c2f", query: "c2f-m3")).Items.Select(m => m.Id));
        Assert.Equal(["c2f-m1", "c2f-m2", "c2f-m3"], (await client.ListMembersAsync()).Items.Select(m => m.Id));

        var invalid = await ClientSupport.RefusedAsync(HttpStatusCode.BadRequest, "invalid-field", () => client.ListMembersAsync(query: " "));
        Assert.Contains("q", invalid.Errors.Keys);
        await ClientSupport.RefusedAsync(HttpStatusCode.Forbidden, "forbidden", () => client.ListOrganizationsAsync(parentId: "c2f-none"));
        var admin = await Api.ClientAsync("admin-1", ["admin"]);
        await ClientSupport.RefusedAsync(HttpStatusCode.NotFound, "org-not-found", () => admin.ListOrganizationsAsync(parentId: "c2f-none"));
    }

    [Fact]
    public async Task A_stream_ticket_opens_the_roll_up_stream_without_a_header()
    {
        await Api.PlaceAsync("c2w", null, "community");
        var client = await Api.ClientAsync("c2w-sv", ["supervisor"], org: "c2w");

        var ticket = await client.IssueStreamTicketAsync();
        Assert.True(ticket.ExpiresAt > DateTimeOffset.UtcNow);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orgs/c2w/rollup/stream?ticket={Uri.EscapeDataString(ticket.Ticket)}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var stream = await Api.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        Assert.Equal("event: rollup", await reader.ReadLineAsync());

        var settings = await client.GetDashboardSettingsAsync();
        Assert.Equal(("higher", "lower"), (settings.Thresholds.ReportInRate.Better, settings.Thresholds.RequestsOverdueRate.Better));
        Assert.True(settings.Thresholds.Satisfaction.Green >= settings.Thresholds.Satisfaction.Yellow);
        Assert.True(settings.StreamTicketLifetimeSeconds > 0);

        var resident = await Api.ClientAsync("c2w-r", ["resident"]);
        await ClientSupport.RefusedAsync(HttpStatusCode.Forbidden, "forbidden", () => resident.IssueStreamTicketAsync());
    }

    [Fact]
    public async Task A_member_reads_its_rank_by_the_points_of_the_period()
    {
        await Api.PlaceAsync("c2r", null, "branch");
        await Api.EnrollAsync("c2r-m1", "c2r");
        await Api.EnrollAsync("c2r-m2", "c2r");
        var admin = await Api.ClientAsync("admin-1", ["admin"]);
        await admin.AwardPointsAsync("c2r-m1", new PointsAward(5, "志愿服务", "c2r-award-1"));
        await admin.AwardPointsAsync("c2r-m2", new PointsAward(9, "志愿服务", "c2r-award-2"));
        var member = await Api.ClientAsync("c2r-m1", ["member"], member: "c2r-m1");

        var thisMonth = ReportPeriod.Containing(PeriodGranularity.Month, DateTimeOffset.UtcNow).ToString();
        var rank = await member.GetMemberRankAsync("c2r-m1");
        Assert.Equal(new MemberRank("c2r-m1", "c2r", thisMonth, 2, 2, 5), rank);
        Assert.Equal((0L, "2001"), ((await member.GetMemberRankAsync("c2r-m1", "2001")).Points, (await member.GetMemberRankAsync("c2r-m1", "2001")).Period));
        await ClientSupport.RefusedAsync(HttpStatusCode.Forbidden, "forbidden", () => member.GetMemberRankAsync("c2r-m2"));
        await ClientSupport.RefusedAsync(HttpStatusCode.BadRequest, "invalid-field", () => member.GetMemberRankAsync("c2r-m1", "last month"));
    }

    [Fact]
    public async Task A_member_lists_its_own_commitments()
    {
        await Api.PlaceAsync("c2c", null, "branch");
        await Api.EnrollAsync("c2c-m1", "c2c");
        await Api.EnrollAsync("c2c-m2", "c2c");
        var admin = await Api.AdminAsync();
        var dueOn = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime).AddDays(7);
        using (var made = await Api.PostAsync("/api/v1/members/c2c-m1/commitments", admin, new { title = "为独居老人代买药品", target = 12, unit = "次", dueOn = dueOn.ToString("yyyy-MM-dd") }))
        {
            Assert.True(made.IsSuccessStatusCode, await made.Content.ReadAsStringAsync());
        }

        var member = await Api.ClientAsync("c2c-m1", ["member"], member: "c2c-m1");
        var list = await member.ListMemberCommitmentsAsync("c2c-m1");
        var commitment = Assert.Single(list.Items);
        Assert.Equal(("c2c-m1", "为独居老人代买药品", 12m, dueOn, CommitmentStatuses.Open), (list.MemberId, commitment.Title, commitment.Target, commitment.DueOn, commitment.Status));
        Assert.Equal(new CommitmentOwner("member", "c2c-m1"), commitment.Owner);
        Assert.Empty((await member.ListMemberCommitmentsAsync("c2c-m1", CommitmentStatuses.Done)).Items);
        await ClientSupport.RefusedAsync(HttpStatusCode.Forbidden, "forbidden", () => member.ListMemberCommitmentsAsync("c2c-m2"));
    }

    [Fact]
    public async Task Admins_read_the_report_schedule_and_set_a_calendar_that_reads_back()
    {
        var admin = await Api.ClientAsync("admin-1", ["admin"]);
        var schedule = await admin.GetReportScheduleAsync();
        Assert.True(schedule.NextBoundary is null || schedule.NextBoundary > schedule.SweptThrough);
        var supervisor = await Api.ClientAsync("c2s-sv", ["supervisor"], org: "c2s");
        await ClientSupport.RefusedAsync(HttpStatusCode.Forbidden, "forbidden", () => supervisor.GetReportScheduleAsync());

        // A year far ahead, which no other test's deadlines meet (2099 is the request tests').
        var kept = await admin.PutWorkCalendarAsync(new WorkCalendar(2097, [new DateOnly(2097, 10, 2), new DateOnly(2097, 10, 1), new DateOnly(2097, 10, 1)], [new DateOnly(2097, 10, 12)]));
        Assert.Equal([new DateOnly(2097, 10, 1), new DateOnly(2097, 10, 2)], kept.Holidays);
        var read = await admin.GetWorkCalendarAsync(2097);
        Assert.Equal(2097, read.Year);
        Assert.Equal(kept.Holidays, read.Holidays);
        Assert.Equal([new DateOnly(2097, 10, 12)], read.Workdays);
        var weekday = await ClientSupport.RefusedAsync(HttpStatusCode.BadRequest, "invalid-field",
            () => admin.PutWorkCalendarAsync(new WorkCalendar(2097, [], [new DateOnly(2097, 10, 9)])));
        Assert.Contains("workdays", weekday.Errors.Keys);
    }
}
