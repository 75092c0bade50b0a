using System.Text.Json;
using System.Text.Json.Serialization;
using PartyActors.Grains;
using PartyActors.Silo.Assessments;
using PartyActors.Silo.Audit;
using PartyActors.Silo.Auth;
using PartyActors.Silo.CoBuilding;
using PartyActors.Silo.Commitments;
using PartyActors.Silo.Errands;
using PartyActors.Silo.Life;
using PartyActors.Silo.Lists;
using PartyActors.Silo.Members;
using PartyActors.Silo.Operations;
using PartyActors.Silo.Organizations;
using PartyActors.Silo.Points;
using PartyActors.Silo.Projects;
using PartyActors.Silo.ReportIns;
using PartyActors.Silo.Reports;
using PartyActors.Silo.Requests;
using PartyActors.Silo.Rewards;
using PartyActors.Silo.Sla;
using PartyActors.Silo.Reshaping;

namespace PartyActors.Silo.Http;

/// <summary>
/// Every request and response body of the API, source-generated (web defaults: camelCase, numbers
/// may come as strings). First in the resolver chain, so no body is serialized by reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SignAgreementRequest))]
[JsonSerializable(typeof(AddAgreementItemsRequest))]
[JsonSerializable(typeof(CompleteAgreementItemRequest))]
[JsonSerializable(typeof(TerminateAgreementRequest))]
[JsonSerializable(typeof(RecordJointMeetingRequest))]
[JsonSerializable(typeof(SeatCommitteeMemberRequest))]
[JsonSerializable(typeof(AgreementDetails))]
[JsonSerializable(typeof(AgreementPage))]
[JsonSerializable(typeof(JointMeeting))]
[JsonSerializable(typeof(JointMeetingPage))]
[JsonSerializable(typeof(CommitteeSeat))]
[JsonSerializable(typeof(CommitteeList))]
[JsonSerializable(typeof(PutOrganizationRequest))]
[JsonSerializable(typeof(OrganizationView))]
[JsonSerializable(typeof(OrganizationChildren))]
[JsonSerializable(typeof(SplitRequest))]
[JsonSerializable(typeof(MergeRequest))]
[JsonSerializable(typeof(ReshapeProgress))]
[JsonSerializable(typeof(Rollup))]
[JsonSerializable(typeof(PutMemberRequest))]
[JsonSerializable(typeof(MemberDetails))]
[JsonSerializable(typeof(MoveStatusRequest))]
[JsonSerializable(typeof(StatusMoveOutcome))]
[JsonSerializable(typeof(MemberHistoryPage))]
[JsonSerializable(typeof(ReportInRequest))]
[JsonSerializable(typeof(ReportIn))]
[JsonSerializable(typeof(MakeCommitmentRequest))]
[JsonSerializable(typeof(CommitmentCreated))]
[JsonSerializable(typeof(CommitmentDetails))]
[JsonSerializable(typeof(CommitmentList))]
[JsonSerializable(typeof(ReportProgressRequest))]
[JsonSerializable(typeof(ReviewCommitmentRequest))]
[JsonSerializable(typeof(CloseSupervisionRequest))]
[JsonSerializable(typeof(SaveRewardRequest))]
[JsonSerializable(typeof(RestockRequest))]
[JsonSerializable(typeof(RedeemRequest))]
[JsonSerializable(typeof(RewardItem))]
[JsonSerializable(typeof(RewardList))]
[JsonSerializable(typeof(Redemption))]
[JsonSerializable(typeof(RedemptionList))]
[JsonSerializable(typeof(SupervisionItem))]
[JsonSerializable(typeof(SupervisionList))]
[JsonSerializable(typeof(AwardPointsRequest))]
[JsonSerializable(typeof(PointsEntry))]
[JsonSerializable(typeof(PointsLedger))]
[JsonSerializable(typeof(PublishProjectRequest))]
[JsonSerializable(typeof(ClaimRequest))]
[JsonSerializable(typeof(CompleteClaimRequest))]
[JsonSerializable(typeof(RateClaimRequest))]
[JsonSerializable(typeof(CreatedId))]
[JsonSerializable(typeof(CreatedIds))]
[JsonSerializable(typeof(ProjectDetails))]
[JsonSerializable(typeof(ProjectList))]
[JsonSerializable(typeof(ProjectClaim))]
[JsonSerializable(typeof(PutPointsRulesRequest))]
[JsonSerializable(typeof(PointsRulesView))]
[JsonSerializable(typeof(PutScorecardRequest))]
[JsonSerializable(typeof(ScorecardView))]
[JsonSerializable(typeof(RecordStepRequest))]
[JsonSerializable(typeof(AssessmentView))]
[JsonSerializable(typeof(AssessmentRanking))]
[JsonSerializable(typeof(MemberRanking))]
[JsonSerializable(typeof(ChildRanking))]
[JsonSerializable(typeof(OrganizationReportInRequest))]
[JsonSerializable(typeof(OrganizationReportIn))]
[JsonSerializable(typeof(OrganizationReportInHistory))]
[JsonSerializable(typeof(ReportedOrganizationsPage))]
[JsonSerializable(typeof(ServiceFeedbackPage))]
[JsonSerializable(typeof(OrganizationListPage))]
[JsonSerializable(typeof(MemberListPage))]
[JsonSerializable(typeof(DevTokenRequest))]
[JsonSerializable(typeof(DevTokenResponse))]
[JsonSerializable(typeof(AuditPage))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(PeriodReport))]
[JsonSerializable(typeof(ReportPeriodList))]
[JsonSerializable(typeof(MetricTrend))]
[JsonSerializable(typeof(ReportScheduleStatus))]
[JsonSerializable(typeof(FileResidentRequestBody))]
[JsonSerializable(typeof(ReplyResidentRequestBody))]
[JsonSerializable(typeof(AssignResidentRequestBody))]
[JsonSerializable(typeof(CloseResidentRequestBody))]
[JsonSerializable(typeof(ReopenResidentRequestBody))]
[JsonSerializable(typeof(PutSlaTableBody))]
[JsonSerializable(typeof(PutWorkCalendarBody))]
[JsonSerializable(typeof(ResidentRequestFiled))]
[JsonSerializable(typeof(ResidentRequestLedgerPage))]
[JsonSerializable(typeof(RequestDetails))]
[JsonSerializable(typeof(TakeErrandBody))]
[JsonSerializable(typeof(CompleteErrandBody))]
[JsonSerializable(typeof(ReassignErrandBody))]
[JsonSerializable(typeof(CancelErrandBody))]
[JsonSerializable(typeof(ErrandTaken))]
[JsonSerializable(typeof(ErrandLedgerPage))]
[JsonSerializable(typeof(ErrandDetails))]
[JsonSerializable(typeof(SlaTable))]
[JsonSerializable(typeof(WorkCalendarYear))]
[JsonSerializable(typeof(PutLifeTemplateRequest))]
[JsonSerializable(typeof(LifeTemplateView))]
[JsonSerializable(typeof(LifeView))]
[JsonSerializable(typeof(LifeCompliance))]
[JsonSerializable(typeof(RecordMeetingRequest))]
[JsonSerializable(typeof(MeetingRecord))]
[JsonSerializable(typeof(MeetingPage))]
[JsonSerializable(typeof(SubtreeCompliance))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
