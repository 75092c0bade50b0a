using System.Text.Json.Serialization;

namespace PartyActors.Grains;

/// <summary>
/// The fixed vocabulary of organization kinds (api.md). Level names vary by place, so the kind is
/// fixed and the display name is free text. Serialized by its kebab-case wire name.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrganizationKind>))]
[GenerateSerializer, Alias("PartyActors.OrganizationKind")]
public enum OrganizationKind
{
    /// <summary>District Party committee (区委).</summary>
    [JsonStringEnumMemberName("district")] District,

    /// <summary>Street working committee (街道党工委).</summary>
    [JsonStringEnumMemberName("street")] Street,

    /// <summary>Township committee (乡镇党委).</summary>
    [JsonStringEnumMemberName("township")] Township,

    /// <summary>Community Party organization (社区党委).</summary>
    [JsonStringEnumMemberName("community")] Community,

    /// <summary>Village Party organization (村党组织).</summary>
    [JsonStringEnumMemberName("village")] Village,

    /// <summary>Grid (网格), with its grid Party branch or group.</summary>
    [JsonStringEnumMemberName("grid")] Grid,

    [JsonStringEnumMemberName("committee")] Committee,

    /// <summary>General branch (总支).</summary>
    [JsonStringEnumMemberName("general-branch")] GeneralBranch,

    /// <summary>Branch (支部).</summary>
    [JsonStringEnumMemberName("branch")] Branch,

    /// <summary>Party group (党小组).</summary>
    [JsonStringEnumMemberName("party-group")] PartyGroup,

    /// <summary>Government agency (机关).</summary>
    [JsonStringEnumMemberName("agency")] Agency,

    /// <summary>Public institution (事业单位).</summary>
    [JsonStringEnumMemberName("institution")] Institution,

    /// <summary>State or non-public enterprise (国企, 两新).</summary>
    [JsonStringEnumMemberName("enterprise")] Enterprise,

    /// <summary>Social organization (社会组织).</summary>
    [JsonStringEnumMemberName("social-org")] SocialOrg,

    /// <summary>Joint branch (联合党支部).</summary>
    [JsonStringEnumMemberName("joint-branch")] JointBranch,

    /// <summary>Temporary project organization (临时党组织).</summary>
    [JsonStringEnumMemberName("temporary")] Temporary,
}
