using System.Collections.Immutable;
using System.Diagnostics;
using PartyActors.Grains;
using PartyActors.Grains.Demo;

namespace PartyActors.Benchmarks;

/// <summary>
/// Ranking query time at district scale (issue 12): the members and the children rankings of this
/// year (China Standard Time, top 20, as the API's default) for the district root, its largest
/// street and that street's largest community, answered as the API answers them now
/// (<see cref="PointsRankings"/>, a call per organization) and by the recount they replaced (every
/// member asked for its ledger), alternately, on the same silo. Both are first run on a silo just
/// restarted (nothing active), then timed warm; every case's two answers are compared.
/// </summary>
internal static class RankingMeasurement
{
    private const int Top = 20;

    public static async Task RunAsync(BenchSilo silo, DemoDistrict district, TimeProvider clock, int queries)
    {
        var cases = Cases(district);
        var year = clock.GetUtcNow().ToOffset(PointsRules.ChinaStandardTime).Year;
        var from = new DateTimeOffset(year, 1, 1, 0, 0, 0, PointsRules.ChinaStandardTime);
        var to = from.AddYears(1);
        Console.WriteLine();
        Print($"rankings of {year} (CST), top {Top}; calls per query: now one per organization of the subtree (children: +1), the recount two per organization and one per member");
        foreach (var c in cases)
        {
            Print($"  {c.Name,-9} {c.OrgId}: {c.Organizations:N0} organizations, {c.Members:N0} members of record, {c.Children:N0} children");
        }

        // Cold: a restarted silo; the new way first, so its activations are organizations only.
        await silo.RestartAsync();
        var factory = silo.GrainFactory;
        var root = cases[0];
        var activations = await silo.CountActivationsAsync();
        var cold = Stopwatch.StartNew();
        await MembersAsync(factory, root.OrgId, from, to);
        var coldNew = cold.Elapsed;
        var afterNew = await silo.CountActivationsAsync();
        cold.Restart();
        await RecountMembersAsync(factory, root.OrgId, from, to);
        var coldRecount = cold.Elapsed;
        var afterRecount = await silo.CountActivationsAsync();
        Print($"  first district members ranking after a restart: now {coldNew.TotalMilliseconds:N0} ms (+{afterNew - activations:N0} activations), recount {coldRecount.TotalMilliseconds:N0} ms (+{afterRecount - afterNew:N0} activations)");

        foreach (var c in cases)
        {
            var members = await MembersAsync(factory, c.OrgId, from, to);
            var recounted = await RecountMembersAsync(factory, c.OrgId, from, to);
            var children = await ChildrenAsync(factory, c.OrgId, from, to);
            var childrenRecounted = await RecountChildrenAsync(factory, c.OrgId, from, to);
            Print($"  {c.Name,-9} equal to the recount: members {members.SequenceEqual(recounted)} (first {members[0].Points:N0}, 20th {members[^1].Points:N0} points), children {children.SequenceEqual(childrenRecounted)}");
        }

        Print($"  warm, {queries} queries each, alternately (load average {PointsMeasurement.LoadAverage()}):");
        foreach (var c in cases)
        {
            foreach (var (kind, now, recount) in new (string, Func<Task>, Func<Task>)[]
            {
                ("members", () => MembersAsync(factory, c.OrgId, from, to), () => RecountMembersAsync(factory, c.OrgId, from, to)),
                ("children", () => ChildrenAsync(factory, c.OrgId, from, to), () => RecountChildrenAsync(factory, c.OrgId, from, to)),
            })
            {
                var (fast, slow) = (new Latencies(), new Latencies());
                for (var i = 0; i < queries; i++)
                {
                    fast.Add(await TimeAsync(now));
                    slow.Add(await TimeAsync(recount));
                }

                Print($"    {c.Name,-9} {kind,-8} now    : {fast}");
                Print($"    {c.Name,-9} {kind,-8} recount: {slow}   p50 ratio {slow.Percentile(50) / fast.Percentile(50):N0}x, p99 ratio {slow.Percentile(99) / fast.Percentile(99):N0}x");
            }
        }
    }

    private static Task<ImmutableArray<MemberPeriodPoints>> MembersAsync(IGrainFactory factory, string orgId, DateTimeOffset from, DateTimeOffset to) =>
        PointsRankings.RankMembersAsync(factory, orgId, from, to, Top);

    private static async Task<ImmutableArray<MemberPeriodPoints>> RecountMembersAsync(IGrainFactory factory, string orgId, DateTimeOffset from, DateTimeOffset to) =>
        PointsRankings.Rank(await PointsRankings.RecountMembersAsync(factory, orgId, from, to), Top);

    /// <summary>What the children route does now: the children, then one walk of their subtrees.</summary>
    private static async Task<long[]> ChildrenAsync(IGrainFactory factory, string orgId, DateTimeOffset from, DateTimeOffset to)
    {
        var children = await factory.GetGrain<IOrganizationGrain>(orgId).GetChildren();
        var totals = await PointsRankings.TotalsAsync(factory, [.. children.Select(c => c.Id)], from, to);
        return [.. children.Select(c => totals[c.Id])];
    }

    /// <summary>What the children route did before: a recount of each child's subtree, all at once.</summary>
    private static async Task<long[]> RecountChildrenAsync(IGrainFactory factory, string orgId, DateTimeOffset from, DateTimeOffset to)
    {
        var children = await factory.GetGrain<IOrganizationGrain>(orgId).GetChildren();
        return await Task.WhenAll(children.Select(async c => (await PointsRankings.RecountMembersAsync(factory, c.Id, from, to)).Sum(m => m.Points)));
    }

    private static async Task<double> TimeAsync(Func<Task> query)
    {
        var started = Stopwatch.GetTimestamp();
        await query();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>The district root, its street with the most members of record, and that street's community with the most.</summary>
    private static List<Case> Cases(DemoDistrict district)
    {
        var parents = district.Organizations.ToDictionary(o => o.Id, o => o.Definition.ParentId, StringComparer.Ordinal);
        var kinds = district.Organizations.ToDictionary(o => o.Id, o => o.Definition.Kind, StringComparer.Ordinal);
        var members = district.Members.Where(m => m.Profile.Status.IsAttached()).Select(m => m.Profile.OrgId).ToArray();

        bool Below(string orgId, string ancestor)
        {
            for (string? id = orgId; id is not null; id = parents[id])
            {
                if (id == ancestor)
                {
                    return true;
                }
            }

            return false;
        }

        Case Of(string name, string orgId) => new(
            name, orgId, parents.Keys.Count(o => Below(o, orgId)), members.Count(o => Below(o, orgId)), parents.Values.Count(p => p == orgId));

        var root = district.Organizations.Single(o => o.Definition.ParentId is null).Id;
        var street = parents.Keys.Where(o => kinds[o] == OrganizationKind.Street).Select(o => Of("street", o)).MaxBy(c => c.Members)!;
        var community = parents.Keys.Where(o => kinds[o] == OrganizationKind.Community && Below(o, street.OrgId)).Select(o => Of("community", o)).MaxBy(c => c.Members)!;
        return [Of("district", root), street, community];
    }

    private static void Print(FormattableString line) => MemoryMeasurement.Print(line);

    private sealed record Case(string Name, string OrgId, int Organizations, int Members, int Children);
}
