using System.Collections.Immutable;

namespace PartyActors.Grains.Demo;

/// <summary>A project of the demo history: what is published, and what becomes of each claim.</summary>
/// <param name="Closed">Whether it is closed once its claims are done with.</param>
public sealed record DemoProject(string Id, ProjectDefinition Definition, ImmutableArray<DemoClaim> Claims, bool Closed);

/// <summary>A member's claim on a demo project.</summary>
/// <param name="Minutes">The minutes served when completed; null: still claimed.</param>
/// <param name="Stars">The rating of a completed claim (which awards the member points); null: not rated yet.</param>
public sealed record DemoClaim(string MemberId, int? Minutes, int? Stars);

/// <summary>
/// A little service history for a <see cref="DemoDistrict"/>, so a first look shows points, volunteer
/// minutes, claims and commitments rather than zeros: service projects and small wishes (微心愿) in
/// about half the communities and villages, claimed by members of record there, mostly completed and
/// rated; and public commitments (承诺) of about one member in a hundred, some done. Drawn from its own
/// seed, like the rest of the district; the commitments' due dates count from <c>today</c>.
/// </summary>
public sealed record DemoHistory(ImmutableArray<DemoProject> Projects, ImmutableArray<CommitmentImport> Commitments)
{
    /// <summary>Who the seeding's commitment entries name as their author.</summary>
    public const string Author = "demo-seed";

    private static readonly string[] ProjectTitles =
    [
        "周末义务理发", "老旧小区楼道清理", "关爱空巢老人上门探访", "垃圾分类宣传进楼院", "防范电信诈骗宣传",
        "为环卫工人送清凉", "社区图书角整理", "义务植树护绿", "文明交通劝导", "助老助残代购代办",
    ];

    private static readonly string[] WishTitles =
    [
        "为困难家庭孩子添一个新书包", "给独居老人装一盏感应夜灯", "为留守儿童辅导暑假作业", "帮残疾居民修好轮椅",
    ];

    private static readonly (string Title, string Unit)[] CommitmentItems =
    [
        ("为社区老人代购药品", "次"), ("参加志愿服务", "小时"), ("走访结对困难群众", "户"), ("开展政策宣讲", "场"),
        ("帮助邻里调解纠纷", "件"), ("参与楼院环境整治", "次"),
    ];

    /// <summary>The history of <paramref name="district"/>, the same for the same seed and day.</summary>
    public static DemoHistory Plan(DemoDistrict district, DateOnly today, int seed = 410103)
    {
        ArgumentNullException.ThrowIfNull(district);
        var random = new DemoRandom(unchecked((ulong)seed * 0x2545F4914F6CDD1DUL + 0x68697374UL));
        var projectsRandom = random.Fork();
        var commitmentsRandom = random.Fork();

        var parents = district.Organizations.ToDictionary(o => o.Id, o => o.Definition.ParentId, StringComparer.Ordinal);
        var communities = district.Organizations
            .Where(o => o.Definition.Kind is OrganizationKind.Community or OrganizationKind.Village)
            .Select(o => o.Id)
            .ToHashSet(StringComparer.Ordinal);
        var counted = district.Members.Where(m => m.Profile.Status.IsCounted()).ToList();
        var byCommunity = counted
            .Select(m => (Member: m.Id, Community: CommunityOf(m.Profile.OrgId, parents, communities)))
            .Where(x => x.Community is not null)
            .GroupBy(x => x.Community!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Member).ToList(), StringComparer.Ordinal);

        var projects = ImmutableArray.CreateBuilder<DemoProject>();
        foreach (var community in district.Organizations.Select(o => o.Id).Where(communities.Contains))
        {
            if (!byCommunity.TryGetValue(community, out var members) || members.Count < 3 || !projectsRandom.Chance(0.5))
            {
                continue;
            }

            var count = projectsRandom.Between(1, 2);
            for (var n = 1; n <= count; n++)
            {
                var wish = projectsRandom.Chance(0.25);
                var claimants = Sample(projectsRandom, members, wish ? 1 : projectsRandom.Between(3, Math.Min(8, members.Count)));
                var claims = claimants.Select(member =>
                {
                    int? minutes = projectsRandom.Chance(0.85) ? projectsRandom.Between(3, 24) * 10 : null;
                    int? stars = minutes is not null && projectsRandom.Chance(0.9) ? projectsRandom.Between(3, 5) : null;
                    return new DemoClaim(member, minutes, stars);
                }).ToImmutableArray();
                var definition = new ProjectDefinition(
                    community,
                    wish ? projectsRandom.Pick(WishTitles) : projectsRandom.Pick(ProjectTitles),
                    wish ? ProjectKind.Wish : ProjectKind.Project,
                    wish ? 1 : claims.Length + projectsRandom.Between(0, 4));
                projects.Add(new DemoProject($"demo-p-{community}-{n}", definition, claims, Closed: wish || projectsRandom.Chance(0.3)));
            }
        }

        var commitments = ImmutableArray.CreateBuilder<CommitmentImport>();
        foreach (var member in counted)
        {
            if (!commitmentsRandom.Chance(0.01))
            {
                continue;
            }

            var (title, unit) = commitmentsRandom.Pick(CommitmentItems);
            var target = commitmentsRandom.Between(4, 12);
            var done = commitmentsRandom.Chance(0.35);
            var progress = done ? target : commitmentsRandom.Between(0, target - 1);
            var terms = new CommitmentTerms(title, target, unit, today.AddDays(commitmentsRandom.Between(7, 120)));
            commitments.Add(new CommitmentImport("demo-2026", new CommitmentOwner(CommitmentOwnerKind.Member, member.Id), terms,
                progress == 0 ? null : progress, done));
        }

        return new DemoHistory(projects.ToImmutable(), commitments.ToImmutable());
    }

    private static string? CommunityOf(string orgId, Dictionary<string, string?> parents, HashSet<string> communities)
    {
        for (string? id = orgId; id is not null; id = parents.GetValueOrDefault(id))
        {
            if (communities.Contains(id))
            {
                return id;
            }
        }

        return null;
    }

    /// <summary><paramref name="count"/> distinct items, in the list's order.</summary>
    private static List<string> Sample(DemoRandom random, List<string> items, int count)
    {
        var chosen = new SortedSet<int>();
        while (chosen.Count < count)
        {
            chosen.Add(random.Next(items.Count));
        }

        return [.. chosen.Select(i => items[i])];
    }
}
