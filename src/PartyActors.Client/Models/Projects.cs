using System.Text.Json.Serialization;

namespace PartyActors.Client;

/// <summary>The body of <c>POST /api/v1/orgs/{orgId}/projects</c>.</summary>
/// <param name="Kind">One of <see cref="ProjectKinds"/>.</param>
/// <param name="Quota">How many members may claim a place.</param>
/// <param name="PointsPerHour">Points per hour of service on this project; null: the applicable rule's.</param>
/// <param name="ClosesAt">When it stops taking claims by itself; null: only when closed.</param>
public sealed record PublishProjectRequest(
    string Title,
    string Kind,
    int Quota,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? PointsPerHour = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ClosesAt = null);

/// <summary>The answer of a write that created one thing: its id.</summary>
public sealed record CreatedId(string Id);

/// <summary>The answer of a claim for several members at once: the claims' ids, in the members' order.</summary>
public sealed record CreatedIds(IReadOnlyList<string>? Ids)
{
    /// <summary>The claims' ids.</summary>
    public IReadOnlyList<string> Ids { get; init; } = Ids ?? [];
}

/// <summary>A project or a small wish (微心愿) with its claims.</summary>
/// <param name="OrgId">Where it was published.</param>
/// <param name="Kind">One of <see cref="ProjectKinds"/>.</param>
/// <param name="Status">One of <see cref="ProjectStatuses"/>.</param>
public sealed record Project(
    string Id,
    string OrgId,
    string Title,
    string Kind,
    int Quota,
    int? PointsPerHour,
    DateTimeOffset? ClosesAt,
    string Status,
    DateTimeOffset PublishedAt,
    IReadOnlyList<ProjectClaim>? Claims,
    DateTimeOffset? ClosedAt = null)
{
    /// <summary>The claims, in the order they were made.</summary>
    public IReadOnlyList<ProjectClaim> Claims { get; init; } = Claims ?? [];
}

/// <summary>A member's claim of a place on a project.</summary>
/// <param name="Status">One of <see cref="ClaimStatuses"/>.</param>
/// <param name="Minutes">The minutes served, once completed.</param>
/// <param name="Stars">The rating (1 to 5), once rated.</param>
/// <param name="Points">The points the rating awarded.</param>
/// <param name="NoShowPoints">What a no-show (未履约) deducted (≤ 0), when the claim was never completed.</param>
public sealed record ProjectClaim(
    string Id,
    string MemberId,
    string Status,
    DateTimeOffset ClaimedAt,
    int? Minutes = null,
    int? Stars = null,
    int? Points = null,
    DateTimeOffset? CompletedAt = null,
    DateTimeOffset? RatedAt = null,
    int? NoShowPoints = null);

/// <summary>The answer of <c>GET /api/v1/orgs/{orgId}/projects</c>: newest first.</summary>
public sealed record ProjectList(IReadOnlyList<Project>? Items)
{
    /// <summary>The projects, newest first.</summary>
    public IReadOnlyList<Project> Items { get; init; } = Items ?? [];
}

/// <summary>The body of <c>POST /api/v1/projects/{projectId}/claims</c>: one member, or several at once (all or none).</summary>
public sealed record ClaimRequest(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MemberId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? MemberIds = null);

/// <summary>The body of <c>POST /api/v1/projects/{projectId}/claims/{claimId}/complete</c>.</summary>
public sealed record CompleteClaimRequest(int Minutes);

/// <summary>The body of <c>POST /api/v1/projects/{projectId}/claims/{claimId}/rating</c>.</summary>
public sealed record RateClaimRequest(int Stars);

/// <summary>Project kinds.</summary>
public static class ProjectKinds
{
    /// <summary>A volunteer project with places to claim.</summary>
    public const string Project = "project";

    /// <summary>A small wish (微心愿) of a resident, for a member to fulfil.</summary>
    public const string Wish = "wish";
}

/// <summary>Whether a project still takes claims.</summary>
public static class ProjectStatuses
{
    public const string Open = "open";
    public const string Closed = "closed";
}

/// <summary>Where a claim stands.</summary>
public static class ClaimStatuses
{
    public const string Claimed = "claimed";
    public const string Completed = "completed";
    public const string Rated = "rated";
}
