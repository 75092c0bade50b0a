using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace PartyActors.Grains;

/// <summary>What is published: a service project (项目) or a small wish (微心愿).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProjectKind>))]
[GenerateSerializer, Alias("PartyActors.ProjectKind")]
public enum ProjectKind
{
    [JsonStringEnumMemberName("project")] Project,

    [JsonStringEnumMemberName("wish")] Wish,
}

/// <summary>Whether a project still takes claims.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProjectStatus>))]
[GenerateSerializer, Alias("PartyActors.ProjectStatus")]
public enum ProjectStatus
{
    [JsonStringEnumMemberName("open")] Open,

    [JsonStringEnumMemberName("closed")] Closed,
}

/// <summary>Where a claim stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ClaimStatus>))]
[GenerateSerializer, Alias("PartyActors.ClaimStatus")]
public enum ClaimStatus
{
    [JsonStringEnumMemberName("claimed")] Claimed,

    [JsonStringEnumMemberName("completed")] Completed,

    [JsonStringEnumMemberName("rated")] Rated,
}

/// <summary>A project as its publisher defines it.</summary>
/// <param name="PointsPerHour">Points per hour of service for this project; null: the applicable rule's.</param>
/// <param name="ClosesAt">When it stops taking claims by itself; null: only when closed.</param>
[GenerateSerializer, Immutable, Alias("PartyActors.ProjectDefinition")]
public sealed record ProjectDefinition(
    [property: Id(0)] string OrgId,
    [property: Id(1)] string Title,
    [property: Id(2)] ProjectKind Kind,
    [property: Id(3)] int Quota,
    [property: Id(4)] int? PointsPerHour = null,
    [property: Id(5)] DateTimeOffset? ClosesAt = null);

/// <summary>One member's claim on a project.</summary>
/// <param name="Points">Points the rating awarded; null until rated.</param>
/// <param name="CompletedAt">When it was completed; null before, and on claims completed before completion times were kept.</param>
/// <param name="RatedAt">When it was rated; null before, and on claims rated before rating times were kept.</param>
/// <param name="NoShowPoints">
/// Null unless the claim was still open at the project's no-show deadline; then what the no-show
/// (未履约) costs the member (≤ 0): the rule's deduction, 0 when it deducts nothing or the member had
/// left, and 0 again once a late completion gave the deduction back.
/// </param>
[GenerateSerializer, Immutable, Alias("PartyActors.ProjectClaim")]
public sealed record ProjectClaim(
    [property: Id(0)] string Id,
    [property: Id(1)] string MemberId,
    [property: Id(2)] ClaimStatus Status,
    [property: Id(3)] DateTimeOffset ClaimedAt,
    [property: Id(4)] int? Minutes = null,
    [property: Id(5)] int? Stars = null,
    [property: Id(6)] int? Points = null,
    [property: Id(7)] DateTimeOffset? CompletedAt = null,
    [property: Id(8)] DateTimeOffset? RatedAt = null,
    [property: Id(9)] int? NoShowPoints = null);

/// <summary>A project as read.</summary>
/// <param name="ClosedAt">When it closed (its <c>closesAt</c> when that closed it); null while open, and for projects closed before it was kept.</param>
[GenerateSerializer, Immutable, Alias("PartyActors.ProjectDetails")]
public sealed record ProjectDetails(
    [property: Id(0)] string Id,
    [property: Id(1)] string OrgId,
    [property: Id(2)] string Title,
    [property: Id(3)] ProjectKind Kind,
    [property: Id(4)] int Quota,
    [property: Id(5)] int? PointsPerHour,
    [property: Id(6)] DateTimeOffset? ClosesAt,
    [property: Id(7)] ProjectStatus Status,
    [property: Id(8)] DateTimeOffset PublishedAt,
    [property: Id(9)] ImmutableArray<ProjectClaim> Claims,
    [property: Id(10)] DateTimeOffset? ClosedAt = null);

/// <summary>The rules of projects and claims, checked by the project grain and, before it, by the HTTP API.</summary>
public static class ProjectRules
{
    public const int MaxTitleLength = 200;
    public const int MaxQuota = 10_000;
    public const int MaxPointsPerHour = 100;

    /// <summary>Minutes one claim may record: a day.</summary>
    public const int MaxMinutes = 24 * 60;

    /// <summary>Members claimed for in one request by an organization admin.</summary>
    public const int MaxClaimsAtOnce = 100;

    public const string ProjectExists = "project-exists";
    public const string ProjectNotFound = "project-not-found";
    public const string ProjectClosed = "project-closed";
    public const string QuotaFull = "quota-full";
    public const string DuplicateClaim = "duplicate-claim";
    public const string ClaimNotFound = "claim-not-found";
    public const string ClaimNotCompleted = "claim-not-completed";
    public const string ClaimCompleted = "claim-completed";
    public const string AlreadyRated = "already-rated";

    public static string? CheckTitle(string? title) => TextRules.CheckRequired("title", title, MaxTitleLength);

    public static string? CheckQuota(int? quota) =>
        quota is not { } q || q < 1 || q > MaxQuota ? $"'quota' must be a whole number from 1 to {MaxQuota}." : null;

    public static string? CheckPointsPerHour(int? pointsPerHour) =>
        pointsPerHour is { } p && (p < 0 || p > MaxPointsPerHour) ? $"'pointsPerHour' must be from 0 to {MaxPointsPerHour}." : null;

    public static string? CheckClosesAt(DateTimeOffset? closesAt, DateTimeOffset now) =>
        closesAt is { } at && at <= now ? "'closesAt' must be in the future." : null;

    public static string? CheckMinutes(int? minutes) =>
        minutes is not { } m || m < 1 || m > MaxMinutes ? $"'minutes' must be a whole number from 1 to {MaxMinutes}." : null;

    public static string? CheckStars(int? stars) =>
        stars is not { } s || s < 1 || s > 5 ? "'stars' must be a whole number from 1 to 5." : null;

    /// <summary>
    /// Points for <paramref name="minutes"/> at <paramref name="pointsPerHour"/>: minutes × rate / 60,
    /// rounded to the nearest whole point, halves up (90 minutes at 1 an hour: 2 points).
    /// </summary>
    public static int PointsFor(int minutes, int pointsPerHour) =>
        (int)Math.Min(PointsRules.MaxPoints, Math.Round(minutes * (decimal)pointsPerHour / 60m, MidpointRounding.AwayFromZero));

    /// <summary>Throws the first rule <paramref name="definition"/> breaks as a <see cref="DomainException"/> naming its field.</summary>
    public static void Validate(ProjectDefinition definition, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Throw("title", CheckTitle(definition.Title?.Trim()));
        if (!Enum.IsDefined(definition.Kind))
        {
            throw DomainErrors.Invalid("kind", "Unknown kind.");
        }

        Throw("quota", CheckQuota(definition.Quota));
        Throw("pointsPerHour", CheckPointsPerHour(definition.PointsPerHour));
        Throw("closesAt", CheckClosesAt(definition.ClosesAt, now));
    }

    public static void Throw(string field, string? breach)
    {
        if (breach is not null)
        {
            throw DomainErrors.Invalid(field, breach);
        }
    }
}
