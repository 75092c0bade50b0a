using System.Net;
using PartyActors.Client;

namespace PartyActors.Silo.Tests.ClientCoverage;

/// <summary>The shipped client against the real app: a round trip per area, reading back what each write did.</summary>
[Collection(SiloCollection.Name)]
public sealed class ClientRoundTripTests(SiloFixture silo)
{
    private static DateOnly ChinaToday => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);

    private static string ThisYear => ChinaToday.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<PartyActorsClient> ClientAsync(string? token = null) =>
        new(silo.Api.Http, new PartyActorsClientOptions { AccessToken = token ?? await silo.Api.AdminAsync() });

    [Fact]
    public async Task Organizations_are_placed_read_ranked_rebuilt_and_dissolved()
    {
        var client = await ClientAsync();
        Assert.Equal(PutOutcome.Created, await client.PutOrganizationAsync("rt-o", new PutOrganizationRequest("社区", OrganizationKinds.Community, null)));
        Assert.Equal(PutOutcome.Created, await client.PutOrganizationAsync("rt-o-g1", new PutOrganizationRequest("一网格", OrganizationKinds.Grid, "rt-o")));
        Assert.Equal(PutOutcome.Created, await client.PutOrganizationAsync("rt-o-g2", new PutOrganizationRequest("二网格", OrganizationKinds.Grid, "rt-o")));
        Assert.Equal(PutOutcome.Updated, await client.PutOrganizationAsync("rt-o-g2", new PutOrganizationRequest("第二网格", OrganizationKinds.Grid, "rt-o")));
        await client.PutMemberAsync("rt-o-m", new PutMemberRequest("党员", MemberStatuses.Full, MemberCategories.Retired, "rt-o-g1"));

        var org = await client.GetOrganizationAsync("rt-o");
        Assert.Equal(["rt-o-g1", "rt-o-g2"], org.ChildIds.Order(StringComparer.Ordinal));
        // The children's names come from their published snapshots: the rename reaches the parent
        // with the grid's next publication, a cadence later.
        var children = await client.GetChildrenAsync("rt-o", RollupMetrics.Members, SortOrder.Descending);
        for (var tries = 0; children.Items.Count > 1 && children.Items[1].Name != "第二网格" && tries < 100; tries++)
        {
            await Task.Delay(50);
            children = await client.GetChildrenAsync("rt-o", RollupMetrics.Members, SortOrder.Descending);
        }

        Assert.Equal(["rt-o-g1", "rt-o-g2"], children.Items.Select(c => c.Id));
        Assert.Equal("第二网格", children.Items[1].Name);

        var rebuilt = await client.RebuildRollupAsync("rt-o");
        Assert.Equal(3, rebuilt.Metrics[RollupMetrics.Orgs]);
        Assert.Equal(1, rebuilt.Metrics[RollupMetrics.Members]);

        // A grid with a member is not dissolved; an empty one is, and is gone.
        var refused = await Assert.ThrowsAsync<PartyActorsApiException>(() => client.DissolveOrganizationAsync("rt-o-g1"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        await client.DissolveOrganizationAsync("rt-o-g2");
        var gone = await Assert.ThrowsAsync<PartyActorsApiException>(() => client.GetOrganizationAsync("rt-o-g2"));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(["rt-o-g1"], (await client.GetOrganizationAsync("rt-o")).ChildIds);
    }

    [Fact]
    public async Task Members_are_put_reported_in_summed_up_and_leave()
    {
        var client = await ClientAsync();
        await client.PutOrganizationAsync("rt-m", new PutOrganizationRequest("社区", OrganizationKinds.Community, null));
        await client.PutOrganizationAsync("rt-m-g", new PutOrganizationRequest("网格", OrganizationKinds.Grid, "rt-m"));
        Assert.Equal(PutOutcome.Created, await client.PutMemberAsync("rt-m-1", new PutMemberRequest("张三", MemberStatuses.Full, MemberCategories.InService, "rt-m", Phone: "13812345678")));

        await client.ReportInAsync("rt-m-1", "rt-m-g");
        var member = await client.GetMemberAsync("rt-m-1");
        Assert.Equal("138****5678", member.Phone);
        Assert.Equal("rt-m-g", member.ReportedIn?.GridId);
        var summary = await client.GetMemberSummaryAsync("rt-m-1");
        Assert.Equal(ChinaToday.Year, summary.Year);
        Assert.Equal("rt-m-g", summary.ReportIn.Current?.GridId);

        await client.WithdrawReportInAsync("rt-m-1");
        Assert.Null((await client.GetMemberAsync("rt-m-1")).ReportedIn);
        await client.DeleteMemberAsync("rt-m-1");
        Assert.Equal(MemberStatuses.Left, (await client.GetMemberAsync("rt-m-1")).Status);
    }

    [Fact]
    public async Task Points_are_awarded_by_rules_and_ranked()
    {
        var client = await ClientAsync();
        await client.PutOrganizationAsync("rt-p", new PutOrganizationRequest("社区", OrganizationKinds.Community, null));
        await client.PutOrganizationAsync("rt-p-b", new PutOrganizationRequest("支部", OrganizationKinds.Branch, "rt-p"));
        await client.PutMemberAsync("rt-p-1", new PutMemberRequest("甲", MemberStatuses.Full, MemberCategories.Retired, "rt-p-b"));
        await client.PutMemberAsync("rt-p-2", new PutMemberRequest("乙", MemberStatuses.Full, MemberCategories.Retired, "rt-p-b"));

        await client.AwardPointsAsync("rt-p-1", new PointsAward(7, "志愿服务", "rt-p-award-1"));
        await client.AwardPointsAsync("rt-p-1", new PointsAward(7, "志愿服务", "rt-p-award-1"));
        await client.AwardPointsAsync("rt-p-2", new PointsAward(3, "志愿服务", "rt-p-award-2"));
        var ledger = await client.GetPointsAsync("rt-p-1");
        Assert.Equal(7, ledger.Total);
        Assert.Single(ledger.Entries);

        var members = await client.RankMembersAsync("rt-p", ThisYear);
        Assert.Equal([("rt-p-1", 7L, 1), ("rt-p-2", 3L, 2)], members.Items.Select(i => (i.MemberId, i.Points, i.Rank)));
        var children = await client.RankChildrenAsync("rt-p", ThisYear, top: 1);
        Assert.Equal(("rt-p-b", 10L), (children.Items.Single().OrgId, children.Items.Single().Points));

        Assert.Null((await client.GetPointsRulesAsync("rt-p-b")).DefinedAt);
        var set = await client.PutPointsRulesAsync("rt-p", new PutPointsRulesRequest(PointsModes.PerEvent, 4, DailyCap: 10));
        Assert.Equal(("rt-p", PointsModes.PerEvent, 4, (int?)10, 1, 2), (set.DefinedAt, set.Mode, set.Points, set.DailyCap, set.NoShowDeduction, set.OverdueDeduction));
        Assert.Equal("rt-p", (await client.GetPointsRulesAsync("rt-p-b")).DefinedAt);
        await client.DeletePointsRulesAsync("rt-p");
        Assert.Null((await client.GetPointsRulesAsync("rt-p-b")).DefinedAt);
    }

    [Fact]
    public async Task A_project_is_published_claimed_completed_rated_and_closed()
    {
        var client = await ClientAsync();
        await client.PutOrganizationAsync("rt-j", new PutOrganizationRequest("社区", OrganizationKinds.Community, null));
        await client.PutMemberAsync("rt-j-1", new PutMemberRequest("甲", MemberStatuses.Full, MemberCategories.Retired, "rt-j"));
        await client.PutMemberAsync("rt-j-2", new PutMemberRequest("乙", MemberStatuses.Full, MemberCategories.Retired, "rt-j"));
        await client.PutMemberAsync("rt-j-3", new PutMemberRequest("丙", MemberStatuses.Full, MemberCategories.Retired, "rt-j"));

        var project = await client.PublishProjectAsync("rt-j", new PublishProjectRequest("助老服务", ProjectKinds.Project, 3, PointsPerHour: 2), idempotencyKey: "rt-j-publish");
        Assert.Equal(project, await client.PublishProjectAsync("rt-j", new PublishProjectRequest("助老服务", ProjectKinds.Project, 3, PointsPerHour: 2), idempotencyKey: "rt-j-publish"));
        Assert.Equal([project.Id], (await client.ListProjectsAsync("rt-j", ProjectStatuses.Open)).Items.Select(p => p.Id));

        var claim = await client.ClaimAsync(project.Id, "rt-j-1");
        var twice = await Assert.ThrowsAsync<PartyActorsApiException>(() => client.ClaimAsync(project.Id, "rt-j-1"));
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        var more = await client.ClaimForMembersAsync(project.Id, ["rt-j-2", "rt-j-3"]);
        Assert.Equal(2, more.Ids.Count);

        var completed = await client.CompleteClaimAsync(project.Id, claim.Id, 90);
        Assert.Equal((ClaimStatuses.Completed, (int?)90), (completed.Status, completed.Minutes));
        var rated = await client.RateClaimAsync(project.Id, claim.Id, 5);
        Assert.Equal(ClaimStatuses.Rated, rated.Status);
        Assert.Equal(rated.Points, (int?)(await client.GetPointsAsync("rt-j-1")).Total);

        var closed = await client.CloseProjectAsync(project.Id);
        Assert.Equal(ProjectStatuses.Closed, closed.Status);
        Assert.Equal(3, (await client.GetProjectAsync(project.Id)).Claims.Count);
        Assert.Empty((await client.ListProjectsAsync("rt-j", ProjectStatuses.Open)).Items);
    }

    [Fact]
    public async Task Commitments_are_made_progressed_reviewed_completed_and_listed()
    {
        var client = await ClientAsync();
        await client.PutOrganizationAsync("rt-c", new PutOrganizationRequest("社区", OrganizationKinds.Community, null));
        await client.PutOrganizationAsync("rt-c-b", new PutOrganizationRequest("支部", OrganizationKinds.Branch, "rt-c"));
        await client.PutMemberAsync("rt-c-m", new PutMemberRequest("甲", MemberStatuses.Full, MemberCategories.Retired, "rt-c-b"));
        var due = ChinaToday.AddDays(10);

        var mine = await client.MakeMemberCommitmentAsync("rt-c-m", new MakeCommitmentRequest("代买药品", 4, "次", due));
        var ours = await client.MakeOrganizationCommitmentAsync("rt-c-b", new MakeCommitmentRequest("环境整治", 2, "次", due.AddDays(1)));
        var listed = await client.ListOrganizationCommitmentsAsync("rt-c-b", CommitmentStatuses.Open);
        Assert.Equal([mine.Id, ours.Id], listed.Items.Select(c => c.Id));

        var progressed = await client.ReportCommitmentProgressAsync(mine.Id, new CommitmentProgressRequest(1.5m, "第一次"));
        Assert.Equal(1.5m, progressed.Progress);
        var reviewed = await client.ReviewCommitmentAsync(mine.Id, new CommitmentReviewRequest(ReviewerKinds.Leader, 4, "好"));
        Assert.Equal(ReviewerKinds.Leader, reviewed.Reviews.Single().By);
        var done = await client.CompleteCommitmentAsync(mine.Id);
        Assert.Equal(CommitmentStatuses.Done, done.Status);

        var read = await client.GetCommitmentAsync(mine.Id);
        Assert.Equal((CommitmentOwnerKindMember, "rt-c-m", "rt-c-b", due), (read.Owner.Kind, read.Owner.Id, read.OrgId, read.DueOn));
        Assert.Equal("第一次", read.Entries.Single().Note);
        Assert.Equal([ours.Id], (await client.ListOrganizationCommitmentsAsync("rt-c-b", CommitmentStatuses.Open)).Items.Select(c => c.Id));

        // Nothing is overdue yet, so nothing is under supervision; closing an unknown item is a 404.
        Assert.Empty((await client.ListSupervisionAsync("rt-c")).Items);
        var unknown = await Assert.ThrowsAsync<PartyActorsApiException>(() => client.CloseSupervisionAsync("rt-c-none", "已督办"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private const string CommitmentOwnerKindMember = "member";

    [Fact]
    public async Task The_audit_trail_tokens_and_health_answer()
    {
        var client = await ClientAsync();
        await client.PutOrganizationAsync("rt-a", new PutOrganizationRequest("社区", OrganizationKinds.Community, null));
        await client.PutOrganizationAsync("rt-a", new PutOrganizationRequest("社区二", OrganizationKinds.Community, null));

        var trail = await client.GetAuditTrailAsync("rt-a", limit: 10);
        Assert.True(trail.Items.Count(e => e.Method == "PUT" && e.Path == "/api/v1/orgs/rt-a") == 2, string.Join("\n", trail.Items));
        Assert.Equal("admin-1", trail.Items[0].Sub);

        var supervisor = await client.CreateDevTokenAsync(new DevTokenRequest("rt-sup", [Roles.Supervisor], "rt-a"));
        var reader = await ClientAsync(supervisor);
        Assert.Equal("社区二", (await reader.GetOrganizationAsync("rt-a")).Name);
        var refused = await Assert.ThrowsAsync<PartyActorsApiException>(() => reader.PutOrganizationAsync("rt-a", new PutOrganizationRequest("x", OrganizationKinds.Community, null)));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        Assert.Equal("live", (await client.CheckLiveAsync()).Status);
        Assert.Equal("ready", (await client.CheckReadyAsync()).Status);
        Assert.Contains("# TYPE", await client.GetMetricsTextAsync(), StringComparison.Ordinal);
    }
}
