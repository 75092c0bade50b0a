using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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
/// <param name="Key">The key a roster line made it under (<see cref="CommitmentImport"/>); null when made through the API.</param>
/// <param name="OverduePoints">
/// What going overdue deducted from its member owner's points (≤ 0; 0 when the rule deducts nothing
/// or the member had left); null while nothing was deducted or is to be.
/// </param>
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
    [property: Id(15)] ImmutableArray<CommitmentNotice> Notices,
    [property: Id(16)] string? Key = null,
    [property: Id(17)] int? OverduePoints = null);

/// <summary>
/// A commitment as an integration job states it in a roster line (<c>upsert-commitment</c>,
/// docs/roster.md): the owner, the terms it was made with, the progress reported so far in total
/// (the commitment's progress is raised to at least it, never lowered) and whether it is done
/// (completion cannot be undone, so <c>false</c> asks nothing). <see cref="Key"/> is the pushing
/// system's key for the commitment, unique per owner; with the owner it names the commitment
/// (<see cref="IdFor"/>), so the same line applied twice changes nothing the second time.
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.CommitmentImport")]
public sealed record CommitmentImport(
    [property: Id(0)] string Key,
    [property: Id(1)] CommitmentOwner Owner,
    [property: Id(2)] CommitmentTerms Terms,
    [property: Id(3)] decimal? Progress = null,
    [property: Id(4)] bool Done = false)
{
    /// <summary>
    /// The id of the commitment an owner made under <paramref name="key"/>: <c>cr-</c> and the first
    /// 128 bits of a SHA-256 of the owner's kind, the owner's id and the key (each length-prefixed), in
    /// hex. Deterministic, so a line applied again finds its commitment; apart from the API's random
    /// <c>c-</c> ids, so the two never meet.
    /// </summary>
    public static string IdFor(CommitmentOwner owner, string key)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var kind = owner.Kind == CommitmentOwnerKind.Member ? "member" : "org";
        var text = string.Concat(
            kind, ":",
            owner.Id.Length.ToString(CultureInfo.InvariantCulture), ":", owner.Id,
            key.Length.ToString(CultureInfo.InvariantCulture), ":", key);
        return "cr-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }

    /// <summary>The id of this commitment (<see cref="IdFor"/>).</summary>
    [JsonIgnore]
    public string CommitmentId => IdFor(Owner, Key);
}

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
