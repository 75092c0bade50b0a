using System.Collections.Concurrent;
using System.Collections.Immutable;
using PartyActors.Grains;

namespace PartyActors.Silo.ReportIns;

/// <summary>
/// What in-service members did where they live in a period (双报到 feedback to the work unit,
/// docs/report-in.md), derived on each request from the records of truth: the members of record of
/// the subtree (each organization's sources), each member's profile and points ledger, and the
/// claims held by the projects the member claimed on (<see cref="IMemberProjectsGrain"/>). Nothing
/// is counted twice or kept on the side, so the figures are what the projects and ledgers say.
/// One instance serves one request and reads each project once, however many members served on it.
/// </summary>
internal sealed class ServiceFeedback(IGrainFactory grains, DateTimeOffset from, DateTimeOffset to)
{
    private readonly ConcurrentDictionary<string, Task<ProjectDetails?>> _projects = new(StringComparer.Ordinal);

    /// <summary>The organizations of <paramref name="orgId"/>'s subtree and their members of record, in ordinal order of member id.</summary>
    public static async Task<MembersOfSubtree> WalkAsync(IGrainFactory grains, string orgId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var orgs = new HashSet<string>(StringComparer.Ordinal);
        var members = new HashSet<string>(StringComparer.Ordinal);
        var level = new List<string> { orgId };
        while (level.Count > 0)
        {
            var found = await Task.WhenAll(level.Select(async id =>
            {
                var org = grains.GetGrain<IOrganizationGrain>(id);
                try
                {
                    return (Id: id, Members: await org.GetMembersOfRecord(), Children: await org.GetChildren());
                }
                catch (DomainException gone) when (gone.Kind == DomainErrorKind.NotFound && id != orgId)
                {
                    // Dissolved since its parent listed it: it has neither members nor children.
                    return (Id: id, Members: ImmutableArray<string>.Empty, Children: ImmutableArray<OrganizationSummary>.Empty);
                }
            }));
            foreach (var (id, memberIds, _) in found)
            {
                orgs.Add(id);
                members.UnionWith(memberIds);
            }

            level = [.. found.SelectMany(o => o.Children.Select(c => c.Id)).Where(id => !orgs.Contains(id))];
        }

        return new MembersOfSubtree(orgs, [.. members.Order(StringComparer.Ordinal)]);
    }

    /// <summary>
    /// The member's figures for the period, or null when it is not an in-service member (category
    /// <c>in-service</c>, status probationary or full) of record in <paramref name="subtree"/> now.
    /// </summary>
    public async Task<ServiceFeedbackItem?> OfMemberAsync(string memberId, IReadOnlySet<string> subtree)
    {
        ArgumentNullException.ThrowIfNull(subtree);
        var member = grains.GetGrain<IMemberGrain>(memberId);
        if (await member.GetDetails() is not { } details
            || details.Category != MemberCategory.InService || !details.Status.IsCounted() || !subtree.Contains(details.OrgId))
        {
            return null;
        }

        var ledger = await member.GetPoints(from, to);

        // Claims made before the member's project list existed are found through their points.
        var projectIds = (await grains.GetGrain<IMemberProjectsGrain>(memberId).List())
            .Concat(ledger.Entries.Where(e => e.Source == PointsSources.Claim).Select(e => e.SourceId.Split('/', 2)[0]))
            .Distinct(StringComparer.Ordinal);
        var projects = await Task.WhenAll(projectIds.Select(Project));
        var claims = projects.OfType<ProjectDetails>().SelectMany(p => p.Claims).Where(c => c.MemberId == memberId).ToList();

        var completed = claims.Where(c => c.Status != ClaimStatus.Claimed && InPeriod(c.CompletedAt ?? c.ClaimedAt)).ToList();
        var stars = claims.Where(c => c.Stars is not null && InPeriod(c.RatedAt ?? c.CompletedAt ?? c.ClaimedAt)).Select(c => c.Stars!.Value).ToList();
        return new ServiceFeedbackItem(
            memberId,
            details.Name,
            details.OrgId,
            details.ReportedIn,
            completed.Sum(c => (long)(c.Minutes ?? 0)),
            completed.Count,
            new ServiceRatings(stars.Count, stars.Sum(s => (long)s), stars.Count == 0 ? null : Math.Round(stars.Average(), 2)),
            ledger.Entries.Where(e => !PointsSources.IsSpending(e.Source)).Sum(e => (long)e.Points));
    }

    private bool InPeriod(DateTimeOffset at) => at >= from && at < to;

    private Task<ProjectDetails?> Project(string projectId) =>
        _projects.GetOrAdd(projectId, id => grains.GetGrain<IProjectGrain>(id).GetDetails());
}

/// <summary>The organizations of a subtree and the members of record there, ordinal by id.</summary>
internal sealed record MembersOfSubtree(IReadOnlySet<string> Orgs, ImmutableArray<string> MemberIds);

/// <summary>
/// One in-service member's service where they live in a period: minutes and claims completed in it,
/// ratings given in it (count, sum and average of stars), points recorded in it (all sources,
/// deductions included), and the report-in now.
/// </summary>
internal sealed record ServiceFeedbackItem(
    string MemberId,
    string Name,
    string OrgId,
    ReportIn? ReportedIn,
    long Minutes,
    int ClaimsCompleted,
    ServiceRatings Ratings,
    long Points);

/// <summary>Ratings (1 to 5 stars) of the member's completed claims given in the period; the average rounded to two places, null without ratings.</summary>
internal sealed record ServiceRatings(int Count, long StarsSum, double? AverageStars);

/// <summary>A page of <c>GET /api/v1/orgs/{orgId}/service-feedback</c>: the period as asked and as instants (China Standard Time), and <see cref="Next"/>, the <c>after</c> of the next page.</summary>
internal sealed record ServiceFeedbackPage(
    string OrgId,
    string Period,
    DateTimeOffset From,
    DateTimeOffset To,
    ImmutableArray<ServiceFeedbackItem> Items,
    string? Next);
