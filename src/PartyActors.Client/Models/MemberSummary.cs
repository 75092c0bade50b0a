namespace PartyActors.Client;

/// <summary>A member's year at a glance (<c>GET /api/v1/members/{memberId}/summary</c>): points, services, commitments, report-in.</summary>
/// <param name="Year">The year summed up, China Standard Time.</param>
public sealed record MemberSummary(
    string MemberId,
    int Year,
    MemberSummaryPoints Points,
    MemberSummaryServices Services,
    MemberSummaryCommitments Commitments,
    MemberSummaryReportIn ReportIn);

/// <summary>The year's points: the balance of its entries, what was awarded and what was deducted.</summary>
public sealed record MemberSummaryPoints(long Total, long Awarded, long Deducted);

/// <summary>The year's services: claims completed, minutes served, ratings and their average.</summary>
public sealed record MemberSummaryServices(int ClaimsCompleted, long Minutes, int Ratings, double? AverageStars);

/// <summary>The year's commitments: made, done, overdue, and their reviews.</summary>
public sealed record MemberSummaryCommitments(int Made, int Done, int Overdue, int Reviews, double? AverageScore);

/// <summary>Where the member is reported in now (双报到), or <paramref name="Current"/> null.</summary>
public sealed record MemberSummaryReportIn(MemberReportIn? Current);
