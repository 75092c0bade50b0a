using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>
/// Rankings by points earned in a period (docs/points.md, "Rankings"), for the HTTP API. A subtree is
/// walked level by level with one call per organization (<see cref="IOrganizationGrain.GetPointsOfRecord"/>),
/// each answering for its own members of record from the months they report with their
/// contributions: no member is activated. Only members an organization cannot answer for (stored
/// before months were kept, or a period older than the years they keep) are asked for their ledger,
/// so the answer always equals a recount (<see cref="RecountMembersAsync"/>), which stays here as the
/// reference the tests and the benchmarks compare with.
/// </summary>
public static class PointsRankings
{
    /// <summary>
    /// The <paramref name="top"/> members of record of <paramref name="orgId"/>'s subtree with the most
    /// points in [<paramref name="from"/>, <paramref name="to"/>), highest first, ties by member id;
    /// members with nothing in the period count 0.
    /// </summary>
    public static async Task<ImmutableArray<MemberPeriodPoints>> RankMembersAsync(IGrainFactory grains, string orgId, DateTimeOffset from, DateTimeOffset to, int top)
    {
        ArgumentNullException.ThrowIfNull(grains);
        if (MonthRange.Of(from, to) is not { } months)
        {
            return Rank(await RecountMembersAsync(grains, orgId, from, to), top);
        }

        var candidates = new List<MemberPeriodPoints>();
        await WalkAsync(grains, [(orgId, orgId)], months, top, from, to, (_, part, resolved) =>
        {
            candidates.AddRange(part.Top);
            candidates.AddRange(resolved);
        });
        return Rank(candidates, top);
    }

    /// <summary>The points each of <paramref name="orgIds"/>' subtrees' members of record earned in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static async Task<Dictionary<string, long>> TotalsAsync(IGrainFactory grains, IReadOnlyCollection<string> orgIds, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(orgIds);
        var totals = orgIds.ToDictionary(id => id, _ => 0L, StringComparer.Ordinal);
        if (MonthRange.Of(from, to) is not { } months)
        {
            foreach (var id in orgIds)
            {
                totals[id] = (await RecountMembersAsync(grains, id, from, to)).Sum(m => m.Points);
            }

            return totals;
        }

        await WalkAsync(grains, orgIds.Select(id => (id, id)), months, top: 0, from, to, (branch, part, resolved) =>
            totals[branch] += part.Total + resolved.Sum(m => m.Points));
        return totals;
    }

    /// <summary>
    /// Every member of record in <paramref name="orgId"/>'s subtree with the points of its ledger
    /// entries in [<paramref name="from"/>, <paramref name="to"/>): what a ranking must equal. It asks
    /// every member for its ledger (activating it), so it costs a call per member.
    /// </summary>
    internal static async Task<List<MemberPeriodPoints>> RecountMembersAsync(IGrainFactory grains, string orgId, DateTimeOffset from, DateTimeOffset to)
    {
        var found = new List<MemberPeriodPoints>();
        var level = new List<string> { orgId };
        while (level.Count > 0)
        {
            var orgs = await Task.WhenAll(level.Select(async id =>
            {
                var org = grains.GetGrain<IOrganizationGrain>(id);
                return (Id: id, Members: await org.GetMembersOfRecord(), Children: await org.GetChildren());
            }));
            foreach (var (id, memberIds, _) in orgs)
            {
                found.AddRange(await PointsOfLedgersAsync(grains, memberIds, id, from, to));
            }

            level = [.. orgs.SelectMany(o => o.Children.Select(c => c.Id))];
        }

        return found;
    }

    /// <summary>Highest first, ties by member id, the first <paramref name="top"/>.</summary>
    internal static ImmutableArray<MemberPeriodPoints> Rank(IEnumerable<MemberPeriodPoints> members, int top) =>
        [.. members.OrderByDescending(m => m.Points).ThenBy(m => m.MemberId, StringComparer.Ordinal).Take(top)];

    /// <summary>
    /// Asks every organization of the subtrees of <paramref name="roots"/> for its members of record,
    /// a level at a time (each level at once), and hands each answer to <paramref name="take"/> with the
    /// root it descends from (its branch) and the members it could not answer for, resolved from their ledgers.
    /// </summary>
    private static async Task WalkAsync(
        IGrainFactory grains,
        IEnumerable<(string OrgId, string Branch)> roots,
        MonthRange months,
        int top,
        DateTimeOffset from,
        DateTimeOffset to,
        Action<string, PointsOfRecord, IReadOnlyList<MemberPeriodPoints>> take)
    {
        var level = roots.ToList();
        while (level.Count > 0)
        {
            var parts = await Task.WhenAll(level.Select(async org =>
                (org.OrgId, org.Branch, Part: await grains.GetGrain<IOrganizationGrain>(org.OrgId).GetPointsOfRecord(months, top))));
            var resolved = await Task.WhenAll(parts.Select(p => p.Part.Unresolved.IsEmpty
                ? Task.FromResult<IReadOnlyList<MemberPeriodPoints>>([])
                : PointsOfLedgersAsync(grains, p.Part.Unresolved, p.OrgId, from, to)));
            for (var i = 0; i < parts.Length; i++)
            {
                take(parts[i].Branch, parts[i].Part, resolved[i]);
            }

            level = [.. parts.SelectMany(p => p.Part.ChildIds.Select(child => (child, p.Branch)))];
        }
    }

    /// <summary>Each member's points in [<paramref name="from"/>, <paramref name="to"/>), summed from its ledger.</summary>
    private static async Task<IReadOnlyList<MemberPeriodPoints>> PointsOfLedgersAsync(
        IGrainFactory grains, ImmutableArray<string> memberIds, string orgId, DateTimeOffset from, DateTimeOffset to)
    {
        var ledgers = await Task.WhenAll(memberIds.Select(m => grains.GetGrain<IMemberGrain>(m).GetPoints(from, to)));
        return [.. memberIds.Select((m, i) => new MemberPeriodPoints(m, orgId, ledgers[i].Entries.Where(e => !PointsSources.IsSpending(e.Source)).Sum(e => (long)e.Points)))];
    }
}
