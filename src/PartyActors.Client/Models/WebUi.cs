namespace PartyActors.Client;

/// <summary>
/// A stream ticket (<c>POST /api/v1/streams/tickets</c>): opens roll-up streams as
/// <c>?ticket=</c> for a caller that cannot send a header (a browser's EventSource), reaching what
/// the token it was asked with reaches, on stream routes only, until <paramref name="ExpiresAt"/>.
/// </summary>
public sealed record StreamTicket(string Ticket, DateTimeOffset ExpiresAt);

/// <summary>One indicator's traffic-light limits; <paramref name="Better"/> is <c>higher</c> or <c>lower</c>.</summary>
public sealed record IndicatorThreshold(double Green, double Yellow, string Better);

/// <summary>The dashboard's indicators and their limits.</summary>
public sealed record DashboardThresholds(
    IndicatorThreshold ReportInRate,
    IndicatorThreshold Satisfaction,
    IndicatorThreshold RequestsOverdueRate,
    IndicatorThreshold CommitmentsOverdueRate,
    IndicatorThreshold MeetingCompliance);

/// <summary>The supervisors' dashboard's settings (<c>GET /api/v1/dashboard/settings</c>).</summary>
public sealed record DashboardSettings(DashboardThresholds Thresholds, double StreamTicketLifetimeSeconds);

/// <summary>
/// A member's place among the members of record of its organization by points earned in a period
/// (<c>GET /api/v1/members/{memberId}/rank</c>): <paramref name="Rank"/> 1 is the most of
/// <paramref name="Of"/>; null when the member is not among them (as after leaving).
/// </summary>
public sealed record MemberRank(string MemberId, string OrgId, string Period, int? Rank, int Of, long Points);
