using System.Text.Json;
using System.Text.Json.Serialization;
using PartyActors.Silo.Commitments;
using PartyActors.Silo.Points;

namespace PartyActors.Silo.WebUi;

/// <summary>The bodies of the routes the pages added, source-generated like the rest of the API's.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(StreamTicket))]
[JsonSerializable(typeof(DashboardSettings))]
[JsonSerializable(typeof(MemberCommitmentList))]
[JsonSerializable(typeof(MemberRank))]
internal sealed partial class WebUiJsonContext : JsonSerializerContext;
