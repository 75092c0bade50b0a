using System.Collections.Immutable;

namespace PartyActors.Grains.Demo;

/// <summary>
/// A made-up district shaped like Zhengzhou's Erqi district (二七区) as its work reports describe it:
/// 1 district committee, 13 streets, 1 town and 1 township, 102 communities and 53 villages, 696
/// grids (867 organizations) and 21,697 members, about 7,600 of them in service.
/// </summary>
public static class ErqiDistrict
{
    private const int MemberCount = 21_697;

    /// <summary>The share of counted in-service members who have reported in where they live (双报到).</summary>
    private const double ReportInRate = 0.8;

    /// <summary>
    /// Generates the district. The same seed gives the same district, on any runtime; the default
    /// is Erqi's administrative division code.
    /// </summary>
    public static DemoDistrict Generate(int seed = 410103)
    {
        var root = new DemoRandom(unchecked((ulong)seed));
        var tree = ErqiTree.Build(root.Fork());
        var factory = new ErqiMemberFactory(tree.Grids, root.Fork());
        var reportInRandom = root.Fork();

        var members = ImmutableArray.CreateBuilder<DemoMember>(MemberCount);
        var reportIns = ImmutableArray.CreateBuilder<DemoReportIn>();
        for (var number = 1; number <= MemberCount; number++)
        {
            var member = factory.Create(number);
            members.Add(member);
            var profile = member.Profile;
            if (profile is { Category: MemberCategory.InService, ResidenceGridId: { } gridId }
                && profile.Status.IsCounted()
                && reportInRandom.Chance(ReportInRate))
            {
                reportIns.Add(new(member.Id, gridId));
            }
        }

        return new DemoDistrict(tree.Organizations, members.MoveToImmutable(), reportIns.ToImmutable());
    }
}
