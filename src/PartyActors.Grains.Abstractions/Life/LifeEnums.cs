using System.Text.Json.Serialization;

namespace PartyActors.Grains;

/// <summary>
/// The activities of organizational life (三会一课 and 主题党日) an organization may be required to
/// hold. Serialized by its kebab-case wire name.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<LifeActivity>))]
[GenerateSerializer, Alias("PartyActors.LifeActivity")]
public enum LifeActivity
{
    /// <summary>Meeting of all members of a branch (支部党员大会).</summary>
    [JsonStringEnumMemberName("member-meeting")] MemberMeeting,

    /// <summary>Meeting of the branch (or general branch, or committee) committee (支委会, 委员会会议).</summary>
    [JsonStringEnumMemberName("committee-meeting")] CommitteeMeeting,

    /// <summary>Meeting of a Party group (党小组会).</summary>
    [JsonStringEnumMemberName("group-meeting")] GroupMeeting,

    /// <summary>Party lesson (党课).</summary>
    [JsonStringEnumMemberName("party-lesson")] PartyLesson,

    /// <summary>Organizational life meeting, or democratic life meeting of a leading body (组织生活会 / 民主生活会).</summary>
    [JsonStringEnumMemberName("democratic-life-meeting")] DemocraticLifeMeeting,

    /// <summary>Democratic appraisal of members (民主评议党员).</summary>
    [JsonStringEnumMemberName("democratic-appraisal")] DemocraticAppraisal,

    /// <summary>Themed Party day (主题党日).</summary>
    [JsonStringEnumMemberName("party-day")] PartyDay,
}

/// <summary>
/// How often a required activity is due: once per calendar month, quarter or year of China Standard
/// Time (the cycles are <see cref="ReportPeriod"/>s). Serialized by its wire name.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<LifeCadence>))]
[GenerateSerializer, Alias("PartyActors.LifeCadence")]
public enum LifeCadence
{
    [JsonStringEnumMemberName("monthly")] Monthly,

    [JsonStringEnumMemberName("quarterly")] Quarterly,

    [JsonStringEnumMemberName("yearly")] Yearly,
}

/// <summary>Where a cycle of a required activity stands (docs/organizational-life.md, "Compliance").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CycleStatus>))]
[GenerateSerializer, Alias("PartyActors.CycleStatus")]
public enum CycleStatus
{
    /// <summary>Held with quorum in the cycle.</summary>
    [JsonStringEnumMemberName("met")] Met,

    /// <summary>The cycle is under way and the activity not yet held.</summary>
    [JsonStringEnumMemberName("due")] Due,

    /// <summary>The cycle ended without the activity held with quorum.</summary>
    [JsonStringEnumMemberName("missed")] Missed,

    /// <summary>The cycle has not begun.</summary>
    [JsonStringEnumMemberName("upcoming")] Upcoming,
}
