using System.Text.Json;
using System.Text.Json.Serialization;

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
[JsonSerializable(typeof(RosterBatchAccepted))]
[JsonSerializable(typeof(RosterBatch))]
[JsonSerializable(typeof(DevTokenRequest))]
[JsonSerializable(typeof(DevToken))]
[JsonSerializable(typeof(ApiProblem))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
