using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace PartyActors.Grains;

/// <summary>Which reshape an operation is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReshapeKind>))]
[GenerateSerializer, Alias("PartyActors.ReshapeKind")]
public enum ReshapeKind
{
    [JsonStringEnumMemberName("split")] Split,

    [JsonStringEnumMemberName("merge")] Merge,
}

/// <summary>Where an operation stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReshapeStatus>))]
[GenerateSerializer, Alias("PartyActors.ReshapeStatus")]
public enum ReshapeStatus
{
    /// <summary>Accepted; steps are being run (or wait for the next reminder after a failure that may pass).</summary>
    [JsonStringEnumMemberName("running")] Running,

    /// <summary>Every step ran; items that could not follow are listed in the errors.</summary>
    [JsonStringEnumMemberName("completed")] Completed,

    /// <summary>A step without which the reshape cannot go on was refused; what ran before stays done.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
}

/// <summary>
/// A split: the new community <see cref="NewOrgId"/> (named <see cref="NewOrgName"/>, of the split
/// community's kind, under <see cref="NewParentId"/> or the split community's parent) takes the
/// <see cref="GridIds"/> with their subtrees, the members of record <see cref="MemberIds"/> and the
/// open items <see cref="Items"/> counted at the split community.
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.SplitOrder")]
public sealed record SplitOrder(
    [property: Id(0)] string OrgId,
    [property: Id(1)] string NewOrgId,
    [property: Id(2)] string NewOrgName,
    [property: Id(3)] string? NewParentId,
    [property: Id(4)] ImmutableArray<string> GridIds,
    [property: Id(5)] ImmutableArray<string> MemberIds,
    [property: Id(6)] ImmutableArray<SourceKey> Items);

/// <summary>A merge: <see cref="FromOrgId"/> is absorbed by <see cref="OrgId"/> and dissolved.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.MergeOrder")]
public sealed record MergeOrder([property: Id(0)] string OrgId, [property: Id(1)] string FromOrgId);

/// <summary>Something a step could not do (the reshape went on without it).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.ReshapeError")]
public sealed record ReshapeError([property: Id(0)] string Step, [property: Id(1)] string Code, [property: Id(2)] string Message);

/// <summary>
/// An operation as <c>GET /api/v1/reshapes/{id}</c> answers it. <see cref="OtherOrgId"/> is the new
/// community of a split, the absorbed one of a merge.
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.ReshapeProgress")]
public sealed record ReshapeProgress(
    [property: Id(0)] string Id,
    [property: Id(1)] ReshapeKind Kind,
    [property: Id(2)] ReshapeStatus Status,
    [property: Id(3)] string OrgId,
    [property: Id(4)] string OtherOrgId,
    [property: Id(5)] int StepsDone,
    [property: Id(6)] int StepsTotal,
    [property: Id(7)] ImmutableArray<ReshapeError> Errors,
    [property: Id(8)] string By,
    [property: Id(9)] DateTimeOffset AcceptedAt,
    [property: Id(10)] DateTimeOffset? FinishedAt);

/// <summary>What an organization was in a reshape.</summary>
[GenerateSerializer, Alias("PartyActors.LineageRole")]
public enum LineageRole
{
    /// <summary>It was created by splitting the linked organization.</summary>
    SplitFrom,

    /// <summary>The linked organization was split off it.</summary>
    SplitInto,

    /// <summary>It absorbed the linked organization.</summary>
    MergedFrom,

    /// <summary>It was absorbed by the linked organization and dissolved.</summary>
    MergedInto,
}

/// <summary>One link of a lineage: the other organization, when, by whom, and the operation.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.LineageLink")]
public sealed record LineageLink([property: Id(0)] string OrgId, [property: Id(1)] DateTimeOffset At, [property: Id(2)] string By, [property: Id(3)] string ReshapeId);

/// <summary>Where an organization came from and went: the history that follows splits and merges.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.OrganizationLineage")]
public sealed record OrganizationLineage(
    [property: Id(0)] LineageLink? SplitFrom,
    [property: Id(1)] ImmutableArray<LineageLink> SplitInto,
    [property: Id(2)] ImmutableArray<LineageLink> MergedFrom,
    [property: Id(3)] LineageLink? MergedInto);
