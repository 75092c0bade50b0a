using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Grains;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;
using PartyActors.Silo.Members;

namespace PartyActors.Silo.Points;

/// <summary>
/// <c>GET /api/v1/members/{memberId}/rank</c>: where a member stands among the members of record of
/// its own organization (its branch) by points earned in a period, for the member page. Members may
/// not read their branch's ranking (it names the others); this tells them their place only.
/// </summary>
internal static class MemberRankEndpoints
{
    /// <summary>More members of record than this in one organization is not a branch: the rank is then left out.</summary>
    public const int MaxRanked = 10_000;

    public static IEndpointRouteBuilder MapMemberRankApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/members/{memberId}/rank", GetRank).WithTags("Points")
            .WithSummary("The member's place among the members of record of its organization by points earned in the period (?period=2026-11, 2026-Q4 or 2026, China Standard Time; default this month): { memberId, orgId, period, rank, of, points }. The member itself, or readers of members in scope.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<MemberRank>, ProblemHttpResult>> GetRank(
        string memberId, string? period, Caller caller, SubtreeScope scope, IGrainFactory grains, TimeProvider time)
    {
        var errors = new ValidationErrors();
        errors.CheckId("memberId", memberId, required: true);
        var asked = ReportPeriod.Containing(PeriodGranularity.Month, time.GetUtcNow());
        if (period is not null && !ReportPeriod.TryParse(period, out asked))
        {
            errors.Add("period", "'period' is " + ReportPeriod.Forms + ".");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var self = caller.IsMember(memberId);
        if (!self && !caller.CanReadMembers)
        {
            return Problems.Forbidden("The caller's roles do not read members other than itself.");
        }

        var details = await grains.GetGrain<IMemberGrain>(memberId).GetDetails();
        if (await MemberEndpoints.CheckReachAsync(memberId, details, self, caller, scope) is { } refused)
        {
            return refused;
        }

        var ranking = await PointsRankings.RankMembersAsync(grains, details!.OrgId, asked.Start, asked.End, MaxRanked);
        var index = -1;
        for (var i = 0; i < ranking.Length && index < 0; i++)
        {
            index = string.Equals(ranking[i].MemberId, memberId, StringComparison.Ordinal) ? i : -1;
        }

        var points = index >= 0 ? ranking[index].Points : 0;
        return TypedResults.Ok(new MemberRank(memberId, details.OrgId, asked.ToString(), index >= 0 ? index + 1 : null, ranking.Length, points));
    }
}

/// <summary>
/// A member's place: <see cref="Rank"/> 1 is the most points among <see cref="Of"/> members of record
/// of <see cref="OrgId"/> (null when the member is not among them, as after leaving).
/// </summary>
internal sealed record MemberRank(string MemberId, string OrgId, string Period, int? Rank, int Of, long Points);
