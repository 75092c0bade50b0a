using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace PartyActors.Grains;

/// <summary>Who made a commitment: a member or an organization; serialized by its wire name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CommitmentOwnerKind>))]
[GenerateSerializer, Alias("PartyActors.CommitmentOwnerKind")]
public enum CommitmentOwnerKind
{
    [JsonStringEnumMemberName("member")] Member,
    [JsonStringEnumMemberName("org")] Org,
}

/// <summary>Where a commitment stands; serialized by its wire name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CommitmentStatus>))]
[GenerateSerializer, Alias("PartyActors.CommitmentStatus")]
public enum CommitmentStatus
{
    /// <summary>Open and not past the end of its due date.</summary>
    [JsonStringEnumMemberName("open")] Open,

    /// <summary>Fulfilled (践诺).</summary>
    [JsonStringEnumMemberName("done")] Done,

    /// <summary>Open past the end of its due date (counted in commitmentsOpen and commitmentsOverdue).</summary>
    [JsonStringEnumMemberName("overdue")] Overdue,
}

/// <summary>Who gives a review; serialized by its wire name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReviewerKind>))]
[GenerateSerializer, Alias("PartyActors.ReviewerKind")]
public enum ReviewerKind
{
    /// <summary>Leaders' review (领导点评).</summary>
    [JsonStringEnumMemberName("leader")] Leader,

    /// <summary>The masses' review (群众评议), recorded by a worker on their behalf.</summary>
    [JsonStringEnumMemberName("public")] Public,
}

/// <summary>A commitment's owner.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.CommitmentOwner")]
public sealed record CommitmentOwner([property: Id(0)] CommitmentOwnerKind Kind, [property: Id(1)] string Id);

/// <summary>What an owner commits to (承诺): a specific, measurable item due on a date (China Standard Time).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.CommitmentTerms")]
public sealed record CommitmentTerms([property: Id(0)] string Title, [property: Id(1)] decimal Target, [property: Id(2)] string Unit, [property: Id(3)] DateOnly DueOn);

/// <summary>One report of progress towards the target.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.CommitmentEntry")]
public sealed record CommitmentEntry([property: Id(0)] DateTimeOffset At, [property: Id(1)] decimal Amount, [property: Id(2)] string? Note, [property: Id(3)] string By);

/// <summary>A review (评议): who, a score of 1 to 5, a note.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.CommitmentReview")]
public sealed record CommitmentReview([property: Id(0)] DateTimeOffset At, [property: Id(1)] ReviewerKind By, [property: Id(2)] int Score, [property: Id(3)] string? Note, [property: Id(4)] string Reviewer);

/// <summary>A notice the system gave the owner (the overdue warning).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.CommitmentNotice")]
public sealed record CommitmentNotice([property: Id(0)] DateTimeOffset At, [property: Id(1)] string Kind, [property: Id(2)] string Text);

/// <summary>A commitment as read.</summary>
/// <param name="OrgId">Where it is counted: the owning organization, or the member's organization of record when it was made.</param>
/// <param name="OverdueSince">The end of its due date, once it was found open past it (kept after a late completion).</param>
/// <param name="SupervisionItemId">The supervised-handling item (督办) opened when it went overdue.</param>
[GenerateSerializer, Immutable, Alias("PartyActors.CommitmentDetails")]
public sealed record CommitmentDetails(
    [property: Id(0)] string Id,
    [property: Id(1)] CommitmentOwner Owner,
    [property: Id(2)] string OrgId,
    [property: Id(3)] string Title,
    [property: Id(4)] decimal Target,
    [property: Id(5)] string Unit,
    [property: Id(6)] decimal Progress,
    [property: Id(7)] DateOnly DueOn,
    [property: Id(8)] CommitmentStatus Status,
    [property: Id(9)] DateTimeOffset CreatedAt,
    [property: Id(10)] DateTimeOffset? CompletedAt,
    [property: Id(11)] DateTimeOffset? OverdueSince,
    [property: Id(12)] string? SupervisionItemId,
    [property: Id(13)] ImmutableArray<CommitmentEntry> Entries,
    [property: Id(14)] ImmutableArray<CommitmentReview> Reviews,
    [property: Id(15)] ImmutableArray<CommitmentNotice> Notices);

/// <summary>A supervised-handling item (督办): an overdue commitment, followed up by the parent organization of the owner's.</summary>
/// <param name="OrgId">The supervising organization.</param>
/// <param name="OwnerOrgId">Where the commitment is counted.</param>
[GenerateSerializer, Immutable, Alias("PartyActors.SupervisionItem")]
public sealed record SupervisionItem(
    [property: Id(0)] string Id,
    [property: Id(1)] string OrgId,
    [property: Id(2)] string CommitmentId,
    [property: Id(3)] string OwnerOrgId,
    [property: Id(4)] string Title,
    [property: Id(5)] DateOnly DueOn,
    [property: Id(6)] DateTimeOffset OpenedAt,
    [property: Id(7)] DateTimeOffset? ClosedAt = null,
    [property: Id(8)] string? ClosedBy = null,
    [property: Id(9)] string? Note = null)
{
    public bool IsOpen => ClosedAt is null;
}
