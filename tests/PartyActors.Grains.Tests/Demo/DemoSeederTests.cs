using PartyActors.Grains.Demo;

namespace PartyActors.Grains.Tests.Demo;

public sealed class DemoSeederTests
{
    [Fact]
    public async Task The_demo_district_seeds_exactly_and_seeding_again_changes_nothing()
    {
        var district = ErqiDistrict.Generate();
        await using var harness = await DomainHarness.StartAsync();
        Assert.False(await DemoSeeder.IsSeededAsync(harness.Factory, district));

        await DemoSeeder.SeedAsync(harness.Factory, district);
        await DemoSeeder.SeedAsync(harness.Factory, district);

        Assert.True(await DemoSeeder.IsSeededAsync(harness.Factory, district));
        var model = new RollupModel();
        foreach (var org in district.Organizations)
        {
            model.Orgs[org.Id] = (org.Definition.ParentId, org.Definition.Kind);
        }

        var reportIns = district.ReportIns.ToDictionary(r => r.MemberId, r => r.GridId);
        foreach (var member in district.Members)
        {
            var p = member.Profile;
            model.Members[member.Id] = new ModelMember(p.Status, p.Category, p.OrgId, p.ResidenceGridId, reportIns.GetValueOrDefault(member.Id));
        }

        await harness.AssertExactAsync(model, TimeSpan.FromSeconds(60));
        var root = await harness.Org(district.Organizations[0].Id).GetRollup();
        Assert.Equal(867, root.Metrics[Metric.Orgs]);
        Assert.Equal(district.Members.Count(m => m.Profile.Status.IsCounted()), root.Metrics[Metric.Members]);
    }
}
