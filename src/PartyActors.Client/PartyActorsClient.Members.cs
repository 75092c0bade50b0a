using System.Globalization;

namespace PartyActors.Client;

/// <summary>Members: the routes api.md, "Members", lists beyond the profile, report-in and points.</summary>
public sealed partial class PartyActorsClient
{
    /// <summary>A member's year at a glance: points, services, commitments and where it is reported in; this year (China Standard Time) when <paramref name="year"/> is null.</summary>
    [ApiOperation("GET /api/v1/members/{memberId}/summary")]
    public Task<MemberSummary> GetMemberSummaryAsync(string memberId, int? year = null, CancellationToken cancellationToken = default) =>
        GetAsync(Route("members", memberId, "summary").WithQuery([("year", year?.ToString(CultureInfo.InvariantCulture))]), ClientJsonContext.Default.MemberSummary, cancellationToken);
}
