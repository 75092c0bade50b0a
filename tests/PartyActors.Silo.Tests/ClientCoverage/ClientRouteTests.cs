using System.Net;
using System.Reflection;
using System.Text;
using PartyActors.Client;

namespace PartyActors.Silo.Tests.ClientCoverage;

/// <summary>
/// Each client method sends the request its <see cref="ApiOperationAttribute"/> names: every method
/// is run against the real app (with ids that may not exist: a 404 from the handler is fine), and
/// each request it sent must reach, by the server's route templates, an operation the method names.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class ClientRouteTests(SiloFixture silo)
{
    private const string Org = "cov-org";

    [Fact]
    public async Task Each_client_method_calls_the_route_it_names()
    {
        var served = await ApiOperations.ServedAsync(silo.Api);
        await silo.Api.PlaceAsync(Org, null, "community");
        await silo.Api.EnrollAsync("cov-m", Org);
        using var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder) { BaseAddress = silo.Api.BaseAddress };
        var client = new PartyActorsClient(http, new PartyActorsClientOptions { AccessToken = await silo.Api.AdminAsync(), MaxRetries = 0 });

        // Bodies the PUTs send: as the server has them (so nothing changes), read before the recording starts.
        var bodies = new Bodies(
            await client.GetWorkCalendarAsync(2026), await client.GetRequestSlaAsync(), await client.GetErrandSlaAsync(),
            new Scorecard("覆盖测试考核", 100, [], 0, new ScorecardStepWeights(0.2m, 0.3m, 0.5m), new ScorecardTiers(90, 60), [], []));
        var calls = Calls(bodies);
        var wrong = new List<string>();
        foreach (var (name, call) in calls)
        {
            var method = typeof(PartyActorsClient).GetMethods().First(m => m.Name == name);
            var named = method.GetCustomAttributes<ApiOperationAttribute>().Select(a => a.Operation).ToHashSet(StringComparer.Ordinal);
            Assert.True(named.Count > 0, $"{name} names no operation");
            recorder.Clear();
            try
            {
                await call(client);
            }
            catch (PartyActorsApiException e)
            {
                // A handler's refusal carries the problem's code; a route the server lacks would not reach one.
                Assert.True(e.StatusCode != HttpStatusCode.MethodNotAllowed, $"{name}: 405");
                Assert.True(e.Problem?.Extensions.ContainsKey("code") == true || (int)e.StatusCode is 400 or 403,
                    $"{name}: {(int)e.StatusCode} without a problem code: {e.Message}");
            }

            Assert.True(recorder.Sent.Count > 0, $"{name} sent nothing");
            foreach (var (verb, path) in recorder.Sent)
            {
                var reached = ApiOperations.Resolve(served, verb, path);
                if (reached is null || !named.Contains(reached))
                {
                    wrong.Add($"{name}: sent {verb} {path}, which reaches {reached ?? "no route"}, not {string.Join(" or ", named)}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));

        // Every method that names an operation is run: a new one fails this test until it is added to Calls.
        var sampled = calls.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var unsampled = ApiOperations.OfClient().Select(o => o.Method.Name).Distinct().Where(n => !sampled.Contains(n)).ToList();
        Assert.True(unsampled.Count == 0, $"every client method that names an operation is run here; add these to Calls: {string.Join(", ", unsampled)}");
    }

    private sealed record Bodies(WorkCalendar Calendar, RequestSla RequestSla, RequestSla ErrandSla, Scorecard Scorecard);

    private static List<(string Name, Func<PartyActorsClient, Task> Call)> Calls(Bodies bodies)
    {
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30));
        return
        [
            (nameof(PartyActorsClient.PutOrganizationAsync), c => c.PutOrganizationAsync("cov-leaf", new PutOrganizationRequest("覆盖测试", OrganizationKinds.Grid, Org))),
            (nameof(PartyActorsClient.GetOrganizationAsync), c => c.GetOrganizationAsync(Org)),
            (nameof(PartyActorsClient.GetRollupAsync), c => c.GetRollupAsync(Org)),
            (nameof(PartyActorsClient.GetChildrenAsync), c => c.GetChildrenAsync(Org, "members", SortOrder.Ascending)),
            (nameof(PartyActorsClient.RebuildRollupAsync), c => c.RebuildRollupAsync(Org)),
            (nameof(PartyActorsClient.DissolveOrganizationAsync), c => c.DissolveOrganizationAsync("cov-missing")),
            (nameof(PartyActorsClient.WatchRollupEventsAsync), async c =>
            {
                await foreach (var _ in c.WatchRollupEventsAsync(Org))
                {
                    break;
                }
            }),
            (nameof(PartyActorsClient.GetReportAsync), c => c.GetReportAsync(Org, "2026-11")),
            (nameof(PartyActorsClient.ListReportsAsync), c => c.ListReportsAsync(Org)),
            (nameof(PartyActorsClient.GetTrendAsync), c => c.GetTrendAsync(Org, "members", "2026-01", "2026-03")),
            (nameof(PartyActorsClient.DownloadReportTableCsvAsync), c => c.DownloadReportTableCsvAsync(Org, "2026-11", Stream.Null)),
            (nameof(PartyActorsClient.ReportOrganizationInAsync), c => c.ReportOrganizationInAsync("cov-missing", Org)),
            (nameof(PartyActorsClient.WithdrawOrganizationReportInAsync), c => c.WithdrawOrganizationReportInAsync("cov-missing")),
            (nameof(PartyActorsClient.GetOrganizationReportInAsync), c => c.GetOrganizationReportInAsync("cov-missing")),
            (nameof(PartyActorsClient.GetReportedOrganizationsAsync), c => c.GetReportedOrganizationsAsync(Org)),
            (nameof(PartyActorsClient.GetServiceFeedbackAsync), c => c.GetServiceFeedbackAsync(Org, "2026")),
            (nameof(PartyActorsClient.PutMemberAsync), c => c.PutMemberAsync("cov-m2", new PutMemberRequest("党员", MemberStatuses.Full, MemberCategories.Retired, Org))),
            (nameof(PartyActorsClient.GetMemberAsync), c => c.GetMemberAsync("cov-m")),
            (nameof(PartyActorsClient.GetMemberSummaryAsync), c => c.GetMemberSummaryAsync("cov-m")),
            (nameof(PartyActorsClient.ReportInAsync), c => c.ReportInAsync("cov-m", "cov-missing")),
            (nameof(PartyActorsClient.WithdrawReportInAsync), c => c.WithdrawReportInAsync("cov-m")),
            (nameof(PartyActorsClient.GetPointsAsync), c => c.GetPointsAsync("cov-m")),
            (nameof(PartyActorsClient.AwardPointsAsync), c => c.AwardPointsAsync("cov-m", new PointsAward(1, "覆盖", "cov-1"))),
            (nameof(PartyActorsClient.DeleteMemberAsync), c => c.DeleteMemberAsync("cov-m2")),
            (nameof(PartyActorsClient.GetPointsRulesAsync), c => c.GetPointsRulesAsync(Org)),
            (nameof(PartyActorsClient.PutPointsRulesAsync), c => c.PutPointsRulesAsync(Org, new PutPointsRulesRequest(PointsModes.PerEvent, 3))),
            (nameof(PartyActorsClient.DeletePointsRulesAsync), c => c.DeletePointsRulesAsync(Org)),
            (nameof(PartyActorsClient.RankMembersAsync), c => c.RankMembersAsync(Org, "2026")),
            (nameof(PartyActorsClient.RankChildrenAsync), c => c.RankChildrenAsync(Org, "2026-Q4", top: 5)),
            (nameof(PartyActorsClient.PublishProjectAsync), c => c.PublishProjectAsync(Org, new PublishProjectRequest("覆盖项目", ProjectKinds.Project, 2))),
            (nameof(PartyActorsClient.ListProjectsAsync), c => c.ListProjectsAsync(Org, ProjectStatuses.Open)),
            (nameof(PartyActorsClient.GetProjectAsync), c => c.GetProjectAsync("cov-missing")),
            (nameof(PartyActorsClient.ClaimAsync), c => c.ClaimAsync("cov-missing", "cov-m")),
            (nameof(PartyActorsClient.ClaimForMembersAsync), c => c.ClaimForMembersAsync("cov-missing", ["cov-m", "cov-m2"])),
            (nameof(PartyActorsClient.CompleteClaimAsync), c => c.CompleteClaimAsync("cov-missing", "c1", 30)),
            (nameof(PartyActorsClient.RateClaimAsync), c => c.RateClaimAsync("cov-missing", "c1", 5)),
            (nameof(PartyActorsClient.CloseProjectAsync), c => c.CloseProjectAsync("cov-missing")),
            (nameof(PartyActorsClient.MakeMemberCommitmentAsync), c => c.MakeMemberCommitmentAsync("cov-m", new MakeCommitmentRequest("覆盖承诺", 1, "次", day))),
            (nameof(PartyActorsClient.MakeOrganizationCommitmentAsync), c => c.MakeOrganizationCommitmentAsync(Org, new MakeCommitmentRequest("覆盖承诺", 1, "次", day))),
            (nameof(PartyActorsClient.ListOrganizationCommitmentsAsync), c => c.ListOrganizationCommitmentsAsync(Org, CommitmentStatuses.Open)),
            (nameof(PartyActorsClient.GetCommitmentAsync), c => c.GetCommitmentAsync("cov-missing")),
            (nameof(PartyActorsClient.ReportCommitmentProgressAsync), c => c.ReportCommitmentProgressAsync("cov-missing", new CommitmentProgressRequest(1))),
            (nameof(PartyActorsClient.CompleteCommitmentAsync), c => c.CompleteCommitmentAsync("cov-missing")),
            (nameof(PartyActorsClient.ReviewCommitmentAsync), c => c.ReviewCommitmentAsync("cov-missing", new CommitmentReviewRequest(ReviewerKinds.Leader, 5))),
            (nameof(PartyActorsClient.ListSupervisionAsync), c => c.ListSupervisionAsync(Org)),
            (nameof(PartyActorsClient.CloseSupervisionAsync), c => c.CloseSupervisionAsync("cov-missing", "已督办")),
            (nameof(PartyActorsClient.SubmitRosterAsync), c => c.SubmitRosterAsync(new MemoryStream(Encoding.UTF8.GetBytes("{\"op\":\"remove-member\",\"id\":\"cov-none\"}\n")), RosterFormat.Ndjson, "cov-roster")),
            (nameof(PartyActorsClient.GetRosterBatchAsync), c => c.GetRosterBatchAsync("cov-missing")),
            (nameof(PartyActorsClient.CreateDevTokenAsync), c => c.CreateDevTokenAsync(new DevTokenRequest("cov", [Roles.Supervisor], Org))),
            (nameof(PartyActorsClient.GetAuditTrailAsync), c => c.GetAuditTrailAsync(Org, limit: 5)),
            (nameof(PartyActorsClient.CheckLiveAsync), c => c.CheckLiveAsync()),
            (nameof(PartyActorsClient.CheckReadyAsync), c => c.CheckReadyAsync()),
            (nameof(PartyActorsClient.GetMetricsTextAsync), c => c.GetMetricsTextAsync()),
            (nameof(PartyActorsClient.FileRequestAsync), c => c.FileRequestAsync("cov-missing", new FileResidentRequest("路灯坏了", "infrastructure", "phone"))),
            (nameof(PartyActorsClient.GetRequestAsync), c => c.GetRequestAsync("cov-missing")),
            (nameof(PartyActorsClient.ReplyToRequestAsync), c => c.ReplyToRequestAsync("cov-missing", "已处理")),
            (nameof(PartyActorsClient.CloseRequestAsync), c => c.CloseRequestAsync("cov-missing", 5)),
            (nameof(PartyActorsClient.ReopenRequestAsync), c => c.ReopenRequestAsync("cov-missing", "未解决")),
            (nameof(PartyActorsClient.GetRequestLedgerAsync), c => c.GetRequestLedgerAsync(Org)),
            (nameof(PartyActorsClient.GetRequestSlaAsync), c => c.GetRequestSlaAsync()),
            (nameof(PartyActorsClient.GetWorkCalendarAsync), c => c.GetWorkCalendarAsync(2026)),
            (nameof(PartyActorsClient.PutWorkCalendarAsync), c => c.PutWorkCalendarAsync(bodies.Calendar)),
            (nameof(PartyActorsClient.AssignRequestAsync), c => c.AssignRequestAsync("cov-missing", new ResidentRequestAssignee("cov-m", null))),
            (nameof(PartyActorsClient.PutRequestSlaAsync), c => c.PutRequestSlaAsync(bodies.RequestSla)),
            (nameof(PartyActorsClient.WatchRollupAsync), async c =>
            {
                await foreach (var _ in c.WatchRollupAsync(Org))
                {
                    break;
                }
            }),
            (nameof(PartyActorsClient.DownloadServiceFeedbackCsvAsync), c => c.DownloadServiceFeedbackCsvAsync(Org, "2026-11", Stream.Null)),
            (nameof(PartyActorsClient.WaitForRosterBatchAsync), c => c.WaitForRosterBatchAsync("cov-missing")),
            (nameof(PartyActorsClient.ListOrganizationsAsync), c => c.ListOrganizationsAsync(query: "覆盖")),
            (nameof(PartyActorsClient.ListMembersAsync), c => c.ListMembersAsync(Org)),
            (nameof(PartyActorsClient.ListMemberCommitmentsAsync), c => c.ListMemberCommitmentsAsync("cov-m")),
            (nameof(PartyActorsClient.GetMemberRankAsync), c => c.GetMemberRankAsync("cov-m")),
            (nameof(PartyActorsClient.MoveMemberStatusAsync), c => c.MoveMemberStatusAsync("cov-m", new MemberStatusMove("full"))),
            (nameof(PartyActorsClient.GetMemberHistoryAsync), c => c.GetMemberHistoryAsync("cov-m")),
            (nameof(PartyActorsClient.GetReportScheduleAsync), c => c.GetReportScheduleAsync()),
            (nameof(PartyActorsClient.IssueStreamTicketAsync), c => c.IssueStreamTicketAsync()),
            (nameof(PartyActorsClient.GetDashboardSettingsAsync), c => c.GetDashboardSettingsAsync()),
            (nameof(PartyActorsClient.GetLifeAsync), c => c.GetLifeAsync(Org)),
            (nameof(PartyActorsClient.GetLifeTemplateAsync), c => c.GetLifeTemplateAsync(Org)),
            (nameof(PartyActorsClient.PutLifeTemplateAsync), c => c.PutLifeTemplateAsync(Org, new LifeTemplate(null))),
            (nameof(PartyActorsClient.DeleteLifeTemplateAsync), c => c.DeleteLifeTemplateAsync(Org)),
            (nameof(PartyActorsClient.GetLifeComplianceAsync), c => c.GetLifeComplianceAsync(Org, "2026-11")),
            (nameof(PartyActorsClient.GetNoncompliantOrganizationsAsync), c => c.GetNoncompliantOrganizationsAsync(Org, "2026-11")),
            (nameof(PartyActorsClient.RecordMeetingAsync), c => c.RecordMeetingAsync("cov-missing", new RecordMeetingRequest("branch-meeting", day, ["cov-m"], "纪要"))),
            (nameof(PartyActorsClient.ListMeetingsAsync), c => c.ListMeetingsAsync(Org)),
            (nameof(PartyActorsClient.GetMeetingAsync), c => c.GetMeetingAsync("cov-missing")),
            (nameof(PartyActorsClient.GetScorecardAsync), c => c.GetScorecardAsync(Org, 2026)),
            (nameof(PartyActorsClient.PutScorecardAsync), c => c.PutScorecardAsync("cov-missing", 2026, bodies.Scorecard)),
            (nameof(PartyActorsClient.DeleteScorecardAsync), c => c.DeleteScorecardAsync("cov-missing", 2026)),
            (nameof(PartyActorsClient.GetAssessmentAsync), c => c.GetAssessmentAsync(Org, 2026)),
            (nameof(PartyActorsClient.RecordAssessmentStepAsync), c => c.RecordAssessmentStepAsync("cov-missing", 2026, "self", new AssessmentStepScores(new Dictionary<string, decimal>()))),
            (nameof(PartyActorsClient.FinalizeAssessmentAsync), c => c.FinalizeAssessmentAsync("cov-missing", 2026)),
            (nameof(PartyActorsClient.GetAssessmentRankingAsync), c => c.GetAssessmentRankingAsync(Org, 2026)),
            (nameof(PartyActorsClient.CreateRewardAsync), c => c.CreateRewardAsync(Org, new SaveReward("覆盖测试奖品", null, 10, 1))),
            (nameof(PartyActorsClient.PutRewardAsync), c => c.PutRewardAsync("cov-missing", "rw-missing", new SaveReward("覆盖测试奖品", null, 10, 1))),
            (nameof(PartyActorsClient.GetRewardsAsync), c => c.GetRewardsAsync(Org)),
            (nameof(PartyActorsClient.GetRewardAsync), c => c.GetRewardAsync(Org, "rw-missing")),
            (nameof(PartyActorsClient.RestockRewardAsync), c => c.RestockRewardAsync(Org, "rw-missing", 1)),
            (nameof(PartyActorsClient.RedeemRewardAsync), c => c.RedeemRewardAsync(Org, "rw-missing", new RedeemReward("cov-m"))),
            (nameof(PartyActorsClient.GetRedemptionsAsync), c => c.GetRedemptionsAsync(Org)),
            (nameof(PartyActorsClient.GetRedemptionAsync), c => c.GetRedemptionAsync(Org, "r-missing")),
            (nameof(PartyActorsClient.CancelRedemptionAsync), c => c.CancelRedemptionAsync(Org, "r-missing")),
            (nameof(PartyActorsClient.TakeErrandAsync), c => c.TakeErrandAsync(Org, new TakeErrand(new PartyActors.Client.ErrandResident("王奶奶"), "other", "覆盖测试代办", "cov-m"))),
            (nameof(PartyActorsClient.GetErrandAsync), c => c.GetErrandAsync("er-missing")),
            (nameof(PartyActorsClient.CompleteErrandAsync), c => c.CompleteErrandAsync("er-missing", new CompleteErrand("办结"))),
            (nameof(PartyActorsClient.ReassignErrandAsync), c => c.ReassignErrandAsync("er-missing", new ReassignErrand("cov-m"))),
            (nameof(PartyActorsClient.CancelErrandAsync), c => c.CancelErrandAsync("er-missing", "撤回")),
            (nameof(PartyActorsClient.GetOrgErrandsAsync), c => c.GetOrgErrandsAsync(Org)),
            (nameof(PartyActorsClient.GetMemberErrandsAsync), c => c.GetMemberErrandsAsync("cov-m")),
            (nameof(PartyActorsClient.GetErrandSlaAsync), c => c.GetErrandSlaAsync()),
            (nameof(PartyActorsClient.PutErrandSlaAsync), c => c.PutErrandSlaAsync(bodies.ErrandSla)),
            (nameof(PartyActorsClient.SignAgreementAsync), c => c.SignAgreementAsync(Org, new SignAgreementRequest("cov-missing", "共建", day, [new AgreementItemRequest("义诊", Org, null, day)]))),
            (nameof(PartyActorsClient.GetAgreementAsync), c => c.GetAgreementAsync("ag-missing")),
            (nameof(PartyActorsClient.GetAgreementsAsync), c => c.GetAgreementsAsync(Org)),
            (nameof(PartyActorsClient.AddAgreementItemsAsync), c => c.AddAgreementItemsAsync("ag-missing", [new AgreementItemRequest("义诊", Org, null, day)])),
            (nameof(PartyActorsClient.CompleteAgreementItemAsync), c => c.CompleteAgreementItemAsync("ag-missing", "i1")),
            (nameof(PartyActorsClient.TerminateAgreementAsync), c => c.TerminateAgreementAsync("ag-missing", "到期")),
            (nameof(PartyActorsClient.RecordJointMeetingAsync), c => c.RecordJointMeetingAsync(Org, new RecordJointMeetingRequest(day, "联席会议", ["cov-missing"]))),
            (nameof(PartyActorsClient.GetJointMeetingsAsync), c => c.GetJointMeetingsAsync(Org)),
            (nameof(PartyActorsClient.SeatCommitteeMemberAsync), c => c.SeatCommitteeMemberAsync(Org, "cov-m", new SeatCommitteeMemberRequest("cov-missing", "兼职委员", day))),
            (nameof(PartyActorsClient.UnseatCommitteeMemberAsync), c => c.UnseatCommitteeMemberAsync(Org, "cov-m")),
            (nameof(PartyActorsClient.GetCommitteeAsync), c => c.GetCommitteeAsync(Org)),
            (nameof(PartyActorsClient.SplitCommunityAsync), c => c.SplitCommunityAsync(Org, new SplitCommunityRequest(new NewCommunity("cov-split", "拆分"), [], []))),
            (nameof(PartyActorsClient.MergeCommunitiesAsync), c => c.MergeCommunitiesAsync(Org, "cov-missing")),
            (nameof(PartyActorsClient.GetReshapeAsync), c => c.GetReshapeAsync("rs-missing")),
        ];
    }
}
