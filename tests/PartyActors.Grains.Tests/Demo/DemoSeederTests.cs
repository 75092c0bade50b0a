using PartyActors.Grains.Demo;

namespace PartyActors.Grains.Tests.Demo;

public sealed class DemoSeederTests
{
    [Fact]
    public async Task The_demo_district_seeds_exactly_and_seeding_again_changes_nothing()
    {
        var district = ErqiDistrict.Generate();
        var history = DemoHistory.Plan(district, CommitmentRules.Today(TimeProvider.System.GetUtcNow()));
        await using var harness = await DomainHarness.StartAsync();
        Assert.False(await DemoSeeder.IsSeededAsync(harness.Factory, district));

        await DemoSeeder.SeedAsync(harness.Factory, district, history: history);
        await DemoSeeder.SeedAsync(harness.Factory, district, history: history);

        Assert.True(await DemoSeeder.IsSeededAsync(harness.Factory, district));
        var model = new RollupModel();
        foreach (var org in district.Organizations)
        {
            model.Orgs[org.Id] = (org.Definition.ParentId, org.Definition.Kind);
        }

        // Points as the ratings awarded them, read back from the projects (the rule decides how many).
        var points = new Dictionary<string, long>(StringComparer.Ordinal);
        var minutes = 0L;
        var completed = 0;
        foreach (var project in history.Projects)
        {
            var details = await harness.Factory.GetGrain<IProjectGrain>(project.Id).GetDetails();
            Assert.NotNull(details);
            Assert.Equal(project.Closed ? ProjectStatus.Closed : ProjectStatus.Open, details.Status);
            Assert.Equal(project.Claims.Length, details.Claims.Length);
            var claims = new List<ModelClaim>();
            foreach (var claim in details.Claims)
            {
                var planned = project.Claims.Single(c => c.MemberId == claim.MemberId);
                Assert.Equal(planned.Minutes, claim.Minutes);
                Assert.Equal(planned.Stars, claim.Stars);
                Assert.Equal(planned.Stars is null, claim.Points is null);
                points[claim.MemberId] = points.GetValueOrDefault(claim.MemberId) + (claim.Points ?? 0);
                minutes += claim.Minutes ?? 0;
                completed += claim.Minutes is null ? 0 : 1;
                claims.Add(new ModelClaim(claim.Id, claim.MemberId, claim.Minutes));
            }

            model.Projects[project.Id] = new ModelProject(project.Definition.OrgId, project.Definition.Quota, !project.Closed, claims);
        }

        var reportIns = district.ReportIns.ToDictionary(r => r.MemberId, r => r.GridId);
        var orgOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in district.Members)
        {
            var p = member.Profile;
            orgOf[member.Id] = p.OrgId;
            model.Members[member.Id] = new ModelMember(p.Status, p.Category, p.OrgId, p.ResidenceGridId, reportIns.GetValueOrDefault(member.Id), points.GetValueOrDefault(member.Id));
        }

        foreach (var commitment in history.Commitments)
        {
            model.Commitments[commitment.CommitmentId] = new ModelCommitment(orgOf[commitment.Owner.Id], commitment.Owner.Id,
                commitment.Done ? CommitmentStatus.Done : CommitmentStatus.Open, DateTimeOffset.MaxValue);
        }

        foreach (var shop in history.Shops)
        {
            var shopGrain = harness.Factory.GetGrain<IRewardShopGrain>(shop.CommunityId);
            Assert.Equal(shop.Rewards.Select(r => r.Id).Order(StringComparer.Ordinal), (await shopGrain.GetRewards()).Select(r => r.Id));
            var made = await shopGrain.GetRedemptions(null, 100);
            Assert.Equal(shop.Redemptions.Length, made.Items.Length);
            foreach (var redemption in made.Items)
            {
                Assert.Equal(RedemptionStatus.Completed, redemption.Status);
                Assert.True(redemption.BalanceAfter >= 0);
                model.Redemptions[shop.CommunityId + "/" + redemption.Id] = new ModelRedemption(shop.CommunityId, redemption.Points);
            }
        }

        foreach (var errand in history.Errands)
        {
            var details = await harness.Factory.GetGrain<IErrandGrain>(errand.Id).GetDetails();
            Assert.NotNull(details);
            Assert.Equal(errand.DoneNote is null ? ErrandStatus.Open : ErrandStatus.Done, details.Status);
            model.Errands[errand.Id] = new ModelErrand(errand.Taking.OrgId, errand.Taking.CadreMemberId, details.Status, false, DateTimeOffset.MaxValue);
        }

        await harness.AssertExactAsync(model, TimeSpan.FromSeconds(60));
        var root = await harness.Org(district.Organizations[0].Id).GetRollup();
        Assert.Equal(867, root.Metrics[Metric.Orgs]);
        Assert.Equal(district.Members.Count(m => m.Profile.Status.IsCounted()), root.Metrics[Metric.Members]);

        // The history shows in the district's figures: a first look finds no zeros.
        Assert.Equal(minutes, root.Metrics[Metric.VolunteerMinutes]);
        Assert.Equal(completed, root.Metrics[Metric.ClaimsCompleted]);
        Assert.Equal(points.Values.Sum(), root.Metrics[Metric.Points]);
        Assert.Equal(history.Projects.Count(p => !p.Closed), root.Metrics[Metric.ProjectsOpen]);
        Assert.Equal(history.Commitments.Count(c => c.Done), root.Metrics[Metric.CommitmentsDone]);
        Assert.Equal(history.Commitments.Count(c => !c.Done), root.Metrics[Metric.CommitmentsOpen]);
        Assert.Equal(history.Shops.Sum(s => s.Redemptions.Length), root.Metrics[Metric.Redemptions]);
        Assert.Equal(history.Shops.Sum(s => s.Redemptions.Sum(r => r.Points)), root.Metrics[Metric.PointsRedeemed]);
        Assert.Equal(history.Errands.Count(e => e.DoneNote is null), root.Metrics[Metric.ErrandsOpen]);
        Assert.Equal(history.Errands.Count(e => e.DoneNote is not null), root.Metrics[Metric.ErrandsDone]);
        foreach (var metric in new[]
        {
            Metric.Points, Metric.VolunteerMinutes, Metric.ClaimsCompleted, Metric.ProjectsOpen, Metric.CommitmentsOpen, Metric.CommitmentsDone,
            Metric.ReportedIn, Metric.Redemptions, Metric.PointsRedeemed, Metric.ErrandsOpen, Metric.ErrandsDone,
        })
        {
            Assert.True(root.Metrics[metric] > 0, $"{metric} is 0 after seeding.");
        }

        // A rebuild from the sources, bottom up, finds what the live roll-up published.
        var rebuilt = await harness.Factory.GetGrain<IOrganizationTreeGrain>(IOrganizationTreeGrain.Key).Rebuild(district.Organizations[0].Id);
        Assert.Equal(root.Metrics, rebuilt.Metrics);
    }

    [Fact]
    public void The_history_is_the_same_for_the_same_seed_and_day_and_plausible()
    {
        var district = ErqiDistrict.Generate();
        var today = new DateOnly(2026, 12, 6);
        var first = DemoHistory.Plan(district, today);
        var second = DemoHistory.Plan(district, today);
        Assert.Equal(first.Projects.Select(p => p with { Claims = [] }), second.Projects.Select(p => p with { Claims = [] }));
        Assert.Equal(first.Projects.SelectMany(p => p.Claims), second.Projects.SelectMany(p => p.Claims));
        Assert.Equal(first.Commitments.Select(c => c.ToString()), second.Commitments.Select(c => c.ToString()));
        Assert.Equal(first.Shops.Select(s => (s.CommunityId, string.Join(',', s.Rewards), string.Join(',', s.Redemptions))),
            second.Shops.Select(s => (s.CommunityId, string.Join(',', s.Rewards), string.Join(',', s.Redemptions))));
        Assert.Equal(first.Errands.AsEnumerable(), second.Errands.AsEnumerable());
        Assert.NotEqual(first.Projects.Select(p => p.Id), DemoHistory.Plan(district, today, seed: 7).Projects.Select(p => p.Id));

        Assert.InRange(first.Projects.Length, 20, 400);
        Assert.InRange(first.Commitments.Length, 50, 600);
        var counted = district.Members.Where(m => m.Profile.Status.IsCounted()).Select(m => m.Id).ToHashSet();
        foreach (var project in first.Projects)
        {
            Assert.InRange(project.Claims.Length, 1, project.Definition.Quota);
            Assert.Equal(project.Claims.Length, project.Claims.Select(c => c.MemberId).Distinct().Count());
            Assert.All(project.Claims, c => Assert.Contains(c.MemberId, counted));
            Assert.All(project.Claims, c => Assert.True(c.Stars is null || c.Minutes is not null));
        }

        Assert.All(first.Commitments, c => Assert.True(c.Terms.DueOn > today));

        // Shops in about a third of the communities whose members hold points; nobody spends more than half of what the ratings gave them.
        var balances = first.Projects
            .SelectMany(p => p.Claims.Where(c => c is { Minutes: not null, Stars: not null })
                .Select(c => (c.MemberId, Points: PointsRuleTable.Default.PointsFor(c.Minutes!.Value, p.Definition.PointsPerHour))))
            .GroupBy(x => x.MemberId)
            .ToDictionary(g => g.Key, g => (long)g.Sum(x => x.Points));
        Assert.InRange(first.Shops.Length, 10, 60);
        Assert.InRange(first.Shops.Sum(s => s.Redemptions.Length), 10, 200);
        var communities = district.Organizations.Where(o => o.Definition.Kind is OrganizationKind.Community or OrganizationKind.Village).Select(o => o.Id).ToHashSet();
        var spent = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var shop in first.Shops)
        {
            Assert.Contains(shop.CommunityId, communities);
            Assert.InRange(shop.Rewards.Length, 3, 5);
            Assert.Equal(shop.Redemptions.Length, shop.Redemptions.Select(r => r.Key).Distinct().Count());
            foreach (var redemption in shop.Redemptions)
            {
                var reward = shop.Rewards.Single(r => r.Id == redemption.RewardId);
                Assert.Equal(reward.Terms.Cost * redemption.Quantity, redemption.Points);
                Assert.Contains(redemption.MemberId, counted);
                spent[redemption.MemberId] = spent.GetValueOrDefault(redemption.MemberId) + redemption.Points;
            }

            Assert.All(shop.Rewards, r => Assert.True(shop.Redemptions.Where(x => x.RewardId == r.Id).Sum(x => x.Quantity) <= r.Stock));
        }

        Assert.All(spent, s => Assert.True(2 * s.Value <= balances.GetValueOrDefault(s.Key), $"{s.Key} spends {s.Value} of {balances.GetValueOrDefault(s.Key)}."));

        // Errands at some communities and grids, run by members of record there; most done.
        Assert.InRange(first.Errands.Length, 10, 200);
        Assert.InRange(first.Errands.Count(e => e.DoneNote is null), 1, first.Errands.Length / 2);
        var orgOf = district.Members.ToDictionary(m => m.Id, m => m.Profile.OrgId);
        var parentOf = district.Organizations.ToDictionary(o => o.Id, o => o.Definition.ParentId);
        Assert.Equal(first.Errands.Length, first.Errands.Select(e => e.Id).Distinct().Count());
        foreach (var errand in first.Errands)
        {
            Assert.Contains(errand.Taking.CadreMemberId, counted);
            var scope = district.Organizations.Single(o => o.Id == errand.Taking.OrgId).Definition.Kind == OrganizationKind.Grid
                ? parentOf[errand.Taking.OrgId]!
                : errand.Taking.OrgId;
            var home = orgOf[errand.Taking.CadreMemberId];
            Assert.True(home == scope || parentOf[home] == scope, $"{errand.Taking.CadreMemberId} is not of record under {scope}.");
        }
    }
}
