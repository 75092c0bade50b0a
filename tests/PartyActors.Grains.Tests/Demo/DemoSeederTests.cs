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
        foreach (var metric in new[] { Metric.Points, Metric.VolunteerMinutes, Metric.ClaimsCompleted, Metric.ProjectsOpen, Metric.CommitmentsOpen, Metric.CommitmentsDone, Metric.ReportedIn })
        {
            Assert.True(root.Metrics[metric] > 0, $"{metric} is 0 after seeding.");
        }
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
    }
}
