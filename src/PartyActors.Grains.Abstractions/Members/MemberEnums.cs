using System.Text.Json.Serialization;

namespace PartyActors.Grains;

/// <summary>A member's place in the membership pipeline; serialized by its wire name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MemberStatus>))]
[GenerateSerializer, Alias("PartyActors.MemberStatus")]
public enum MemberStatus
{
    /// <summary>Applicant (申请人).</summary>
    [JsonStringEnumMemberName("applicant")] Applicant,

    /// <summary>Activist (入党积极分子).</summary>
    [JsonStringEnumMemberName("activist")] Activist,

    /// <summary>Development candidate (发展对象).</summary>
    [JsonStringEnumMemberName("candidate")] Candidate,

    /// <summary>Probationary member (预备党员).</summary>
    [JsonStringEnumMemberName("probationary")] Probationary,

    /// <summary>Full member (正式党员).</summary>
    [JsonStringEnumMemberName("full")] Full,

    /// <summary>Membership transferred out of this system (转出).</summary>
    [JsonStringEnumMemberName("transferred")] Transferred,

    /// <summary>Left.</summary>
    [JsonStringEnumMemberName("left")] Left,
}

/// <summary>A member's category; serialized by its wire name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MemberCategory>))]
[GenerateSerializer, Alias("PartyActors.MemberCategory")]
public enum MemberCategory
{
    /// <summary>In service (在职): reports in where they live (双报到).</summary>
    [JsonStringEnumMemberName("in-service")] InService,

    /// <summary>Retired (离退休).</summary>
    [JsonStringEnumMemberName("retired")] Retired,

    /// <summary>Floating (流动).</summary>
    [JsonStringEnumMemberName("floating")] Floating,

    /// <summary>Unemployed or laid off.</summary>
    [JsonStringEnumMemberName("unemployed")] Unemployed,

    [JsonStringEnumMemberName("student")] Student,

    [JsonStringEnumMemberName("farmer")] Farmer,

    [JsonStringEnumMemberName("other")] Other,
}

/// <summary>A member's gender, when given.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Gender>))]
[GenerateSerializer, Alias("PartyActors.Gender")]
public enum Gender
{
    [JsonStringEnumMemberName("female")] Female,

    [JsonStringEnumMemberName("male")] Male,
}

/// <summary>Rules of the pipeline that roll-ups rely on.</summary>
public static class MemberStatuses
{
    /// <summary>Probationary and full members are counted as members (api.md, <c>members</c>).</summary>
    public static bool IsCounted(this MemberStatus status) => status is MemberStatus.Probationary or MemberStatus.Full;

    /// <summary>Transferred-out and departed members are tied to no organization and counted nowhere.</summary>
    public static bool IsAttached(this MemberStatus status) => status is not (MemberStatus.Transferred or MemberStatus.Left);
}
