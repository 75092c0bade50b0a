using System.Collections.Immutable;
using System.Globalization;

namespace PartyActors.Grains.Demo;

/// <summary>A project of the demo history: what is published, and what becomes of each claim.</summary>
/// <param name="Closed">Whether it is closed once its claims are done with.</param>
public sealed record DemoProject(string Id, ProjectDefinition Definition, ImmutableArray<DemoClaim> Claims, bool Closed);

/// <summary>A member's claim on a demo project.</summary>
/// <param name="Minutes">The minutes served when completed; null: still claimed.</param>
/// <param name="Stars">The rating of a completed claim (which awards the member points); null: not rated yet.</param>
public sealed record DemoClaim(string MemberId, int? Minutes, int? Stars);

/// <summary>A community's love supermarket (爱心超市): its catalogue and the redemptions made there.</summary>
/// <param name="CommunityId">The community or village whose shop it is (the shop grain's key).</param>
public sealed record DemoShop(string CommunityId, ImmutableArray<DemoReward> Rewards, ImmutableArray<DemoRedemption> Redemptions);

/// <summary>A reward of a demo shop's catalogue, with the stock it is put on the shelf with.</summary>
public sealed record DemoReward(string Id, RewardTerms Terms, int Stock);

/// <summary>A member's redemption at a demo shop.</summary>
/// <param name="Key">The idempotency key it is redeemed under, so a resumed seeding answers the first redemption.</param>
/// <param name="Points">What it spends: the reward's cost times the quantity.</param>
public sealed record DemoRedemption(string Key, string RewardId, string MemberId, int Quantity, int Points);

/// <summary>An errand run for a resident (全程代办) by a cadre of record where it is taken.</summary>
/// <param name="DoneNote">The note it is done (办结) with; null: still open.</param>
public sealed record DemoErrand(string Id, ErrandTaking Taking, string? DoneNote);

/// <summary>
/// A little service history for a <see cref="DemoDistrict"/>, so a first look shows points, volunteer
/// minutes, claims and commitments rather than zeros: service projects and small wishes (微心愿) in
/// about half the communities and villages, claimed by members of record there, mostly completed and
/// rated; and public commitments (承诺) of about one member in a hundred, some done. Drawn from its own
/// seed, like the rest of the district; the commitments' due dates count from <c>today</c>. Also,
/// drawn after those (so adding them changed none of the above): love supermarkets (爱心超市) with 3–5
/// rewards in about a third of the communities and villages whose members earned points, where a few
/// of those members redeemed rewards with at most half their balance; and errands run for residents
/// (全程代办) at about a quarter of the communities and villages, taken at the cadre's grid or
/// community, most done and a few still open. Co-building (共驻共建) is not seeded: the district's tree
/// is territorial only (district, streets, communities, villages, grids), so it has no unit that could
/// be stationed in a community.
/// </summary>
public sealed record DemoHistory(
    ImmutableArray<DemoProject> Projects,
    ImmutableArray<CommitmentImport> Commitments,
    ImmutableArray<DemoShop> Shops,
    ImmutableArray<DemoErrand> Errands)
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

    /// <summary>What a love supermarket may stock: name, description, cost in points (1 point an hour of service by default), stock.</summary>
    private static readonly (string Id, string Name, string Description, int Cost, int Stock)[] Catalogue =
    [
        ("detergent", "洗衣液", "2 千克装", 2, 30), ("rice", "大米", "5 千克装", 3, 20), ("oil", "食用油", "非转基因大豆油 1.8 升", 3, 20),
        ("health-check", "免费体检券", "社区卫生服务中心基础体检一次", 2, 10), ("party-paper", "党报订阅", "《河南日报》一季度", 1, 15),
        ("towel", "毛巾", "纯棉两条装", 1, 40), ("soap", "香皂", "三块装", 1, 40),
    ];

    private static readonly (ErrandCategory Category, string Description, string Done)[] ErrandItems =
    [
        (ErrandCategory.SocialInsurance, "代办城乡居民养老保险待遇资格认证", "已在人社窗口完成认证"),
        (ErrandCategory.SocialInsurance, "代办城乡居民医疗保险参保缴费", "已缴费并取回票据"),
        (ErrandCategory.Certificates, "代办居住证明", "证明已开具并送到居民家中"),
        (ErrandCategory.Certificates, "代办老年人优待证", "优待证已办好并送达"),
        (ErrandCategory.Subsidies, "代办高龄津贴申请", "材料已报街道，津贴按月发放"),
        (ErrandCategory.Subsidies, "代办残疾人两项补贴申请", "审核通过，补贴已到账"),
        (ErrandCategory.Medical, "代办慢性病门诊医保备案", "备案完成，已告知居民"),
        (ErrandCategory.Medical, "代办异地就医医保报销", "报销款已到账"),
        (ErrandCategory.Other, "代办燃气过户", "过户完成"),
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

        // Forked after the others, so the projects and commitments are what they were before shops and errands.
        var shopsRandom = random.Fork();
        var errandsRandom = random.Fork();
        var shops = PlanShops(district, projects, byCommunity, shopsRandom);
        var errands = PlanErrands(district, byCommunity, errandsRandom);
        return new DemoHistory(projects.ToImmutable(), commitments.ToImmutable(), shops, errands);
    }

    /// <summary>
    /// Shops in about a third of the communities whose members hold points after the ratings, each
    /// with 3–5 rewards, and 1–4 redemptions there by members of record whose balance covers twice
    /// the cost: nobody spends more than half of what they hold, so no redemption is refused.
    /// </summary>
    private static ImmutableArray<DemoShop> PlanShops(
        DemoDistrict district, ImmutableArray<DemoProject>.Builder projects, Dictionary<string, List<string>> byCommunity, DemoRandom random)
    {
        // Balances as the ratings award them: no organization of the demo has its own rule table.
        var balances = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var project in projects)
        {
            foreach (var claim in project.Claims)
            {
                if (claim is { Minutes: { } minutes, Stars: not null })
                {
                    balances[claim.MemberId] = balances.GetValueOrDefault(claim.MemberId)
                        + PointsRuleTable.Default.PointsFor(minutes, project.Definition.PointsPerHour);
                }
            }
        }

        var shops = ImmutableArray.CreateBuilder<DemoShop>();
        foreach (var community in district.Organizations.Select(o => o.Id).Where(byCommunity.ContainsKey))
        {
            var holders = byCommunity[community].Where(m => balances.GetValueOrDefault(m) > 0).ToList();
            if (holders.Count == 0 || !random.Chance(0.34))
            {
                continue;
            }

            var offered = Sample(random, [.. Catalogue], random.Between(3, 5));
            var rewards = offered.Select(r => new DemoReward(r.Id, new RewardTerms(r.Name, r.Description, r.Cost, Active: true), r.Stock)).ToImmutableArray();
            var stock = offered.ToDictionary(r => r.Id, r => r.Stock, StringComparer.Ordinal);
            var redemptions = ImmutableArray.CreateBuilder<DemoRedemption>();
            var wanted = random.Between(1, 4);
            foreach (var member in Sample(random, holders, Math.Min(wanted, holders.Count)))
            {
                var balance = balances[member];
                var affordable = offered.Where(r => 2L * r.Cost <= balance && stock[r.Id] > 0).ToList();
                if (affordable.Count == 0)
                {
                    continue;
                }

                var reward = random.Pick(affordable);
                var quantity = 2L * reward.Cost * 2 <= balance && random.Chance(0.3) ? 2 : 1;
                stock[reward.Id] -= quantity;
                balances[member] = balance - (reward.Cost * quantity);
                redemptions.Add(new DemoRedemption($"demo-{redemptions.Count + 1}", reward.Id, member, quantity, reward.Cost * quantity));
            }

            shops.Add(new DemoShop(community, rewards, redemptions.ToImmutable()));
        }

        return shops.ToImmutable();
    }

    /// <summary>
    /// Errands at about a quarter of the communities with members, 1–3 each, each taken at its cadre's
    /// grid (or the community, when the cadre's organization of record is the community itself): about
    /// four in five done, the rest open within their term.
    /// </summary>
    private static ImmutableArray<DemoErrand> PlanErrands(DemoDistrict district, Dictionary<string, List<string>> byCommunity, DemoRandom random)
    {
        var orgOf = district.Members.ToDictionary(m => m.Id, m => m.Profile.OrgId, StringComparer.Ordinal);
        var kinds = district.Organizations.ToDictionary(o => o.Id, o => o.Definition.Kind, StringComparer.Ordinal);
        var surnames = ErqiNames.CommonSurnames.Select(s => s.Surname).ToList();
        var errands = ImmutableArray.CreateBuilder<DemoErrand>();
        foreach (var community in district.Organizations.Select(o => o.Id).Where(byCommunity.ContainsKey))
        {
            if (!random.Chance(0.25))
            {
                continue;
            }

            var count = random.Between(1, 3);
            for (var n = 1; n <= count; n++)
            {
                var cadre = random.Pick(byCommunity[community]);
                var orgId = orgOf[cadre] is var own && kinds.GetValueOrDefault(own) is OrganizationKind.Grid or OrganizationKind.Community or OrganizationKind.Village
                    ? own
                    : community;
                var given = random.Chance(0.5) ? random.Pick(ErqiNames.OlderMaleNames) : random.Pick(ErqiNames.OlderFemaleNames);
                var phone = random.Pick(ErqiNames.PhonePrefixes) + random.Between(0, 99_999_999).ToString("D8", CultureInfo.InvariantCulture);
                var (category, description, done) = random.Pick(ErrandItems);
                var taking = new ErrandTaking(orgId, new ErrandResident(random.Pick(surnames) + given, phone), category, description, cadre);
                errands.Add(new DemoErrand($"demo-e-{community}-{n}", taking, random.Chance(0.8) ? done : null));
            }
        }

        return errands.ToImmutable();
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
    private static List<T> Sample<T>(DemoRandom random, List<T> items, int count)
    {
        var chosen = new SortedSet<int>();
        while (chosen.Count < count)
        {
            chosen.Add(random.Next(items.Count));
        }

        return [.. chosen.Select(i => items[i])];
    }
}
