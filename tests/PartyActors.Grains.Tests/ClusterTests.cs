using Microsoft.Extensions.DependencyInjection;

namespace PartyActors.Grains.Tests;

/// <summary>The domain on an Orleans cluster of two silos, called through an Orleans client.</summary>
public sealed class ClusterTests
{
    [Fact]
    public async Task On_two_silos_grains_land_on_both_and_every_roll_up_is_exact()
    {
        // Random placement, so that both silos hold organizations and members whatever the load
        // (Orleans' default, resource-optimized placement, may keep a small test on one silo).
        await using var harness = await DomainHarness.StartAsync(silos: 2, silo: silo => silo.Services.AddSingleton<PlacementStrategy, RandomPlacement>());
        Assert.Equal(2, harness.Cluster.GetActiveSilos().Count());
        var model = new RollupModel();
        async Task Place(string id, string? parent, OrganizationKind kind)
        {
            await harness.PlaceAsync(id, parent, kind);
            model.Orgs[id] = (parent, kind);
        }

        await Place("d", null, OrganizationKind.District);
        for (var s = 0; s < 4; s++)
        {
            await Place($"s{s}", "d", OrganizationKind.Street);
            for (var g = 0; g < 4; g++)
            {
                await Place($"g{s}-{g}", $"s{s}", OrganizationKind.Grid);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 160).Select(async i =>
        {
            var grid = $"g{i % 4}-{i / 4 % 4}";
            await harness.EnrollAsync($"m{i}", grid, MemberStatus.Full, MemberCategory.InService, residenceGridId: grid);
            await harness.Member($"m{i}").ReportIn(grid);
        }));
        for (var i = 0; i < 160; i++)
        {
            var grid = $"g{i % 4}-{i / 4 % 4}";
            model.Members[$"m{i}"] = new ModelMember(MemberStatus.Full, MemberCategory.InService, grid, grid, grid);
        }

        await harness.AssertExactAsync(model);

        // Where Orleans placed them: organizations and members on each silo, calling across.
        var statistics = await harness.Factory.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        string[] types = ["organization", "member"];
        foreach (var type in types)
        {
            var silos = statistics.Where(s => s.GrainId.Type.ToString() == type).Select(s => s.SiloAddress).Distinct().Count();
            Assert.True(silos == 2, $"Every {type} grain was placed on one silo.");
        }

        // Losing one silo of two: the other serves every grain, from what was written.
        await harness.Cluster.KillSiloAsync(harness.Cluster.Silos[1]);
        await harness.AssertExactAsync(model, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_domain_error_reaches_an_orleans_client_as_itself_with_its_kind_code_and_field()
    {
        await using var harness = await DomainHarness.StartAsync(silos: 2);
        await harness.PlaceAsync("d", null, OrganizationKind.District);
        await harness.PlaceAsync("g", "d", OrganizationKind.Grid);

        // Thrown by the organization grain, called by the member grain, wherever each was placed.
        var unknown = await Assert.ThrowsAsync<DomainException>(() => harness.EnrollAsync("m1", "no-such-org"));
        Assert.Equal(DomainErrorKind.UnknownReference, unknown.Kind);
        Assert.Contains("no-such-org", unknown.Message, StringComparison.Ordinal);

        var invalid = await Assert.ThrowsAsync<DomainException>(() =>
            harness.Member("m2").SetProfile(new MemberProfile("", MemberStatus.Full, MemberCategory.Retired, "g")));
        Assert.Equal((DomainErrorKind.Invalid, DomainErrors.InvalidField, "name"), (invalid.Kind, invalid.Code, invalid.Field));

        var cycle = await Assert.ThrowsAsync<DomainException>(() => harness.Tree.Place("d", new OrganizationDefinition("区委", OrganizationKind.District, "g")));
        Assert.Equal((DomainErrorKind.Conflict, DomainErrors.Cycle), (cycle.Kind, cycle.Code));
    }
}
