namespace PartyActors.Client;

/// <summary>The body of <c>POST /api/v1/orgs/{orgId}/report-in</c>: the community (or village) the unit reports in to.</summary>
public sealed record OrganizationReportInRequest(string CommunityId);

/// <summary>Where an organization stationed in a community is reported in (双报到), since when.</summary>
public sealed record OrganizationReportIn(string CommunityId, DateTimeOffset At);

/// <summary>One stretch of an organization's report-in; <paramref name="To"/> is null while it lasts.</summary>
public sealed record OrganizationReportInPeriod(string CommunityId, DateTimeOffset From, DateTimeOffset? To);

/// <summary>The answer of <c>GET /api/v1/orgs/{orgId}/report-in</c>: the report-in now and all of them, oldest first.</summary>
public sealed record OrganizationReportInHistory(string OrgId, OrganizationReportIn? Current, IReadOnlyList<OrganizationReportInPeriod>? History)
{
    public IReadOnlyList<OrganizationReportInPeriod> History { get; init; } = History ?? [];
}

/// <summary>An organization reported in to a community, as the community's list shows it.</summary>
/// <param name="Kind">One of <see cref="OrganizationKinds"/>.</param>
public sealed record ReportedOrganization(string OrgId, string Name, string Kind, DateTimeOffset At);

/// <summary>A page of <c>GET /api/v1/orgs/{orgId}/reported-orgs</c>; <paramref name="Next"/> asks for the next page (null: the last).</summary>
public sealed record ReportedOrganizationsPage(string CommunityId, IReadOnlyList<ReportedOrganization>? Items, string? Next)
{
    public IReadOnlyList<ReportedOrganization> Items { get; init; } = Items ?? [];
}

/// <summary>A page of <c>GET /api/v1/orgs/{orgId}/service-feedback</c>: the period as asked and its bounds (China Standard Time).</summary>
public sealed record ServiceFeedbackPage(
    string OrgId,
    string Period,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<ServiceFeedbackItem>? Items,
    string? Next)
{
    public IReadOnlyList<ServiceFeedbackItem> Items { get; init; } = Items ?? [];
}

/// <summary>What one in-service member did where they live in the period, and where they are reported in now.</summary>
/// <param name="OrgId">The member's organization of record.</param>
/// <param name="Minutes">Minutes of the claims completed in the period.</param>
/// <param name="Points">Points recorded in the period, deductions included.</param>
public sealed record ServiceFeedbackItem(
    string MemberId,
    string Name,
    string OrgId,
    MemberReportIn? ReportedIn,
    long Minutes,
    int ClaimsCompleted,
    ServiceRatings Ratings,
    long Points);

/// <summary>Ratings (1 to 5 stars) given in the period; <paramref name="AverageStars"/> is null without any.</summary>
public sealed record ServiceRatings(int Count, long StarsSum, double? AverageStars);
