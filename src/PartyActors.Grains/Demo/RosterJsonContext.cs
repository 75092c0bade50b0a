using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace PartyActors.Grains.Demo;

/// <summary>An <c>upsert-org</c> line of a roster batch (api.md, "Roster batches").</summary>
internal sealed record UpsertOrgLine(string Id, string Name, OrganizationKind Kind, string? ParentId)
{
    [JsonPropertyOrder(-1)]
    public string Op => "upsert-org";
}

/// <summary>An <c>upsert-member</c> line of a roster batch; <see cref="Skills"/> is null when there are none.</summary>
internal sealed record UpsertMemberLine(
    string Id,
    string Name,
    MemberStatus Status,
    MemberCategory Category,
    string OrgId,
    string? ResidenceGridId,
    Gender? Gender,
    int? BirthYear,
    DateOnly? JoinedOn,
    string? Phone,
    string? IdNumber,
    ImmutableArray<string>? Skills)
{
    [JsonPropertyOrder(-1)]
    public string Op => "upsert-member";
}

/// <summary>
/// Serializes roster lines without reflection. Enums go through the converters declared on them,
/// so their wire names come from their <see cref="JsonStringEnumMemberNameAttribute"/>s and nowhere else.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UpsertOrgLine))]
[JsonSerializable(typeof(UpsertMemberLine))]
[JsonSerializable(typeof(OrganizationKind))]
[JsonSerializable(typeof(MemberStatus))]
[JsonSerializable(typeof(MemberCategory))]
[JsonSerializable(typeof(Gender))]
internal sealed partial class RosterJsonContext : JsonSerializerContext;
