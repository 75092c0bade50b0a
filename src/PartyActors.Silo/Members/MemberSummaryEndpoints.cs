using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Grains;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Members;

/// <summary>A member's year summary (docs/points.md, "Year summary").</summary>
internal static class MemberSummaryEndpoints
{
    /// <summary>The first year a summary covers.</summary>
    public const int FirstYear = 2000;

    public static async Task<Results<Ok<MemberSummary>, ProblemHttpResult>> GetSummary(
        string memberId, string? year, Caller caller, SubtreeScope scope, IGrainFactory grains, TimeProvider time)
    {
        var self = caller.IsMember(memberId);
        if (!self && !caller.CanReadMembers)
        {
            return Problems.Forbidden("The caller's roles do not read the summaries of members other than itself.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("memberId", memberId, required: true);
        var thisYear = time.GetUtcNow().ToOffset(PointsRules.ChinaStandardTime).Year;
        var asked = thisYear;
        if (year is not null
            && (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out asked) || asked < FirstYear || asked > thisYear + 1))
        {
            errors.Add("year", $"'year' must be a year from {FirstYear} to {thisYear + 1}.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var member = grains.GetGrain<IMemberGrain>(memberId);
        var details = await member.GetDetails();
        if (await MemberEndpoints.CheckReachAsync(memberId, details, self, caller, scope) is { } refused)
        {
            return refused;
        }

        var start = new DateTimeOffset(asked, 1, 1, 0, 0, 0, PointsRules.ChinaStandardTime);
        var end = start.AddYears(1);
        var ledger = await member.GetPoints(start, end);
        var earned = ledger.Entries.Where(e => !PointsSources.IsSpending(e.Source)).ToList();
        var awarded = earned.Where(e => e.Points > 0).Sum(e => (long)e.Points);
        var deducted = -earned.Where(e => e.Points < 0).Sum(e => (long)e.Points);
        var points = new SummaryPoints(awarded - deducted, awarded, deducted);

        var services = await ServicesAsync(grains, memberId, ledger.Entries.Where(e => e.Source == PointsSources.Claim));
        var commitments = await CommitmentsAsync(grains, memberId, asked);
        var reportIn = details!.ReportedIn is { } r ? new SummaryReportIn(r.CommunityId, r.GridId, r.At) : null;
        return TypedResults.Ok(new MemberSummary(memberId, asked, points, services, commitments, new SummaryReportInHolder(reportIn)));
    }

    /// <summary>
    /// The claims whose points the ledger recorded in the year (source <c>claim</c>, source id
    /// <c>{projectId}/{claimId}</c>), with minutes and stars read from their projects.
    /// </summary>
    private static async Task<SummaryServices> ServicesAsync(IGrainFactory grains, string memberId, IEnumerable<PointsEntry> claimEntries)
    {
        var claims = claimEntries
            .Select(e => e.SourceId.Split('/', 2))
            .Where(parts => parts.Length == 2)
            .Select(parts => (ProjectId: parts[0], ClaimId: parts[1]))
            .Distinct()
            .ToList();
        var projects = new Dictionary<string, ProjectDetails?>(StringComparer.Ordinal);
        foreach (var projectId in claims.Select(c => c.ProjectId).Distinct(StringComparer.Ordinal))
        {
            projects[projectId] = await grains.GetGrain<IProjectGrain>(projectId).GetDetails();
        }

        var minutes = 0L;
        var stars = new List<int>();
        foreach (var (projectId, claimId) in claims)
        {
            var claim = projects[projectId]?.Claims.FirstOrDefault(c => c.Id == claimId && c.MemberId == memberId);
            minutes += claim?.Minutes ?? 0;
            if (claim?.Stars is { } s)
            {
                stars.Add(s);
            }
        }

        return new SummaryServices(claims.Count, minutes, stars.Count, stars.Count == 0 ? null : Math.Round(stars.Average(), 2));
    }

    /// <summary>The member's commitments (from its index) made or due in the year, China Standard Time.</summary>
    private static async Task<SummaryCommitments> CommitmentsAsync(IGrainFactory grains, string memberId, int year)
    {
        var ids = await grains.GetGrain<IMemberCommitmentsGrain>(memberId).List();
        var inYear = new List<CommitmentDetails>();
        foreach (var id in ids)
        {
            if (await grains.GetGrain<ICommitmentGrain>(id).GetDetails() is { } c
                && (c.DueOn.Year == year || c.CreatedAt.ToOffset(PointsRules.ChinaStandardTime).Year == year))
            {
                inYear.Add(c);
            }
        }

        var scores = inYear.SelectMany(c => c.Reviews).Select(r => r.Score).ToList();
        return new SummaryCommitments(
            inYear.Count,
            inYear.Count(c => c.Status == CommitmentStatus.Done),
            inYear.Count(c => c.Status == CommitmentStatus.Overdue),
            scores.Count,
            scores.Count == 0 ? null : Math.Round(scores.Average(), 2));
    }
}

/// <summary>A member's year summary as the API answers it.</summary>
internal sealed record MemberSummary(string MemberId, int Year, SummaryPoints Points, SummaryServices Services, SummaryCommitments Commitments, SummaryReportInHolder ReportIn);

/// <summary>The year's ledger: total = awarded − deducted; deducted is a magnitude (≥ 0).</summary>
internal sealed record SummaryPoints(long Total, long Awarded, long Deducted);

internal sealed record SummaryServices(int ClaimsCompleted, long Minutes, int Ratings, double? AverageStars);

internal sealed record SummaryCommitments(int Made, int Done, int Overdue, int Reviews, double? AverageScore);

/// <summary>The report-in now (null when the member is not reported in), whatever the year asked.</summary>
internal sealed record SummaryReportInHolder(SummaryReportIn? Current);

internal sealed record SummaryReportIn(string CommunityId, string GridId, DateTimeOffset At);
