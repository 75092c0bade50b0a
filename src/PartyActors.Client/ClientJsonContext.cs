using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace PartyActors.Client;

/// <summary>
/// Serialization for every body of the v1 API, generated at compile time so the client works
/// trimmed and does no reflection on the hot path of a roll-up stream.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PutOrganizationRequest))]
[JsonSerializable(typeof(Organization))]
[JsonSerializable(typeof(OrganizationChildren))]
[JsonSerializable(typeof(Rollup))]
[JsonSerializable(typeof(PutMemberRequest))]
[JsonSerializable(typeof(Member))]
[JsonSerializable(typeof(ReportInRequest))]
[JsonSerializable(typeof(PointsLedger))]
[JsonSerializable(typeof(PointsAward))]
[JsonSerializable(typeof(OrganizationReportInRequest))]
[JsonSerializable(typeof(OrganizationReportIn))]
[JsonSerializable(typeof(OrganizationReportInHistory))]
[JsonSerializable(typeof(ReportedOrganizationsPage))]
[JsonSerializable(typeof(ServiceFeedbackPage))]
[JsonSerializable(typeof(RosterBatchAccepted))]
[JsonSerializable(typeof(RosterBatch))]
[JsonSerializable(typeof(DevTokenRequest))]
[JsonSerializable(typeof(DevToken))]
[JsonSerializable(typeof(PeriodReport))]
[JsonSerializable(typeof(ReportPeriodList))]
[JsonSerializable(typeof(MetricTrend))]
[JsonSerializable(typeof(FileResidentRequest))]
[JsonSerializable(typeof(ResidentRequestFiled))]
[JsonSerializable(typeof(ResidentRequest))]
[JsonSerializable(typeof(ResidentRequestReply))]
[JsonSerializable(typeof(ResidentRequestAssignee))]
[JsonSerializable(typeof(ResidentRequestRating))]
[JsonSerializable(typeof(ResidentRequestReopening))]
[JsonSerializable(typeof(ResidentRequestLedgerPage))]
[JsonSerializable(typeof(RequestSla))]
[JsonSerializable(typeof(WorkCalendar))]
[JsonSerializable(typeof(SplitCommunityRequest))]
[JsonSerializable(typeof(MergeCommunityRequest))]
[JsonSerializable(typeof(Reshape))]
internal sealed partial class ClientJsonContext : JsonSerializerContext
{
    /// <summary>
    /// For request bodies: Chinese names go as themselves rather than as <c>\uXXXX</c> escapes,
    /// half the bytes and readable in the server's logs. Characters that matter inside HTML stay escaped.
    /// </summary>
    public static ClientJsonContext ForRequests { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    });
}
