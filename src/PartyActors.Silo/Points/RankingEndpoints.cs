using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Grains;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Points;

/// <summary>
/// Rankings by points earned in a period (docs/points.md, "Rankings"): the subtree is walked with a
/// call per organization, each answering for its own members of record from the points per month
/// they report to it (<see cref="PointsRankings"/>), so a ranking equals what the ledgers say
/// without activating the members.
/// </summary>
internal static class RankingEndpoints
{
    public const int DefaultTop = 20;
    public const int MaxTop = 100;

    public static IEndpointRouteBuilder MapRankingsApi(this IEndpointRouteBuilder app)
    {
        var rankings = app.MapGroup("/orgs/{orgId}/rankings").WithTags("Points");
        rankings.MapGet("/members", RankMembers)
            .WithSummary("Members of record in the subtree ranked by points earned in the period (?period=2026, 2026-Q4 or 2026-11, China Standard Time; ?top=1..100, default 20).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        rankings.MapGet("/children", RankChildren)
            .WithSummary("The organization's children ranked by the points their subtrees' members of record earned in the period.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<MemberRanking>, ProblemHttpResult>> RankMembers(
        string orgId, string? period, int? top, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        var bounds = Check(errors, orgId, period, top);
        if (await CheckAsync(errors, orgId, caller, scope, grains) is { } refused)
        {
            return refused;
        }

        var (from, to) = bounds!.Value;
        var members = await PointsRankings.RankMembersAsync(grains, orgId, from, to, top ?? DefaultTop);
        var items = members.Select((m, i) => new RankedMember(i + 1, m.MemberId, m.OrgId, m.Points));
        return TypedResults.Ok(new MemberRanking(orgId, period!, [.. items]));
    }

    public static async Task<Results<Ok<ChildRanking>, ProblemHttpResult>> RankChildren(
        string orgId, string? period, int? top, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        var bounds = Check(errors, orgId, period, top);
        if (await CheckAsync(errors, orgId, caller, scope, grains) is { } refused)
        {
            return refused;
        }

        var (from, to) = bounds!.Value;
        var children = await grains.GetGrain<IOrganizationGrain>(orgId).GetChildren();
        var points = await PointsRankings.TotalsAsync(grains, [.. children.Select(c => c.Id)], from, to);
        var items = children
            .Select(c => new RankedOrganization(0, c.Id, c.Name, points[c.Id]))
            .OrderByDescending(c => c.Points).ThenBy(c => c.OrgId, StringComparer.Ordinal)
            .Take(top ?? DefaultTop)
            .Select((c, i) => c with { Rank = i + 1 });
        return TypedResults.Ok(new ChildRanking(orgId, period!, [.. items]));
    }

    private static (DateTimeOffset From, DateTimeOffset To)? Check(ValidationErrors errors, string orgId, string? period, int? top)
    {
        errors.CheckId("orgId", orgId, required: true);
        if (top is { } t && (t < 1 || t > MaxTop))
        {
            errors.Add("top", $"'top' must be from 1 to {MaxTop}.");
        }

        var bounds = ParsePeriod(period);
        if (bounds is null)
        {
            errors.Add("period", "'period' is required: a year (2026), a quarter (2026-Q4) or a month (2026-11), in China Standard Time.");
        }

        return bounds;
    }

    private static async Task<ProblemHttpResult?> CheckAsync(ValidationErrors errors, string orgId, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        if (!caller.CanReadOrganizations)
        {
            return Problems.Forbidden("The caller's roles do not read rankings.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (!await scope.ContainsOrgAsync(caller, orgId))
        {
            return Problems.Forbidden($"Organization '{orgId}' is outside the caller's scope.");
        }

        return (await grains.GetGrain<IRollupNode>(orgId).GetChildRollup()).Exists
            ? null
            : Problems.NotFound($"Organization '{orgId}' does not exist.", DomainErrors.OrgNotFound);
    }

    /// <summary>A year, a quarter or a month of China Standard Time as [from, to); null when it is none of them.</summary>
    public static (DateTimeOffset From, DateTimeOffset To)? ParsePeriod(string? period) =>
        ReportPeriod.TryParse(period, out var parsed) ? (parsed.Start, parsed.End) : null;
}

/// <summary>A member's place in a ranking; <see cref="OrgId"/> is its organization of record.</summary>
internal sealed record RankedMember(int Rank, string MemberId, string OrgId, long Points);

/// <summary>An organization's place in a ranking of siblings.</summary>
internal sealed record RankedOrganization(int Rank, string OrgId, string Name, long Points);

internal sealed record MemberRanking(string OrgId, string Period, ImmutableArray<RankedMember> Items);

internal sealed record ChildRanking(string OrgId, string Period, ImmutableArray<RankedOrganization> Items);
