using Microsoft.Extensions.Time.Testing;

namespace PartyActors.Grains.Tests;

public sealed class PointsRulesTests
{
    private static async Task<DomainHarness> TreeAsync(TimeProvider? time = null)
    {
        var harness = await DomainHarness.StartAsync(time: time);
        await harness.PlaceAsync("d", null, OrganizationKind.District);
        await harness.PlaceAsync("c1", "d", OrganizationKind.Community);
        await harness.PlaceAsync("g1", "c1", OrganizationKind.Grid);
        await harness.PlaceAsync("c2", "d", OrganizationKind.Community);
        await harness.PlaceAsync("g2", "c2", OrganizationKind.Grid);
        await harness.EnrollAsync("m1", "c1");
        return harness;
    }

    private static Task SetAsync(DomainHarness harness, string orgId, PointsRuleTable? table) =>
        harness.Factory.GetGrain<IPointsRulesGrain>(orgId).Set(table);

    /// <summary>Publishes a project at <paramref name="orgId"/>, and has m1 claim, serve <paramref name="minutes"/> and be rated; answers the points.</summary>
    private static async Task<int?> ServeAsync(DomainHarness harness, string projectId, string orgId, int minutes, int? pointsPerHour = null)
    {
        var project = harness.Factory.GetGrain<IProjectGrain>(projectId);
        await project.Publish(new ProjectDefinition(orgId, "服务 " + projectId, ProjectKind.Project, 5, pointsPerHour));
        var claim = (await project.Claim(["m1"]))[0];
        await project.Complete(claim, minutes);
        return (await project.Rate(claim, 5)).Points;
    }

    [Fact]
    public async Task The_closest_table_up_the_tree_wins_and_the_defaults_apply_where_there_is_none()
    {
        await using var harness = await TreeAsync();

        Assert.Equal(new EffectivePointsRules(PointsRuleTable.Default, null), await PointsRuleResolver.ResolveAsync(harness.Factory, "g1"));
        Assert.Equal(1, await ServeAsync(harness, "p0", "g1", 60));

        await SetAsync(harness, "d", new PointsRuleTable(PointsMode.PerEvent, 5));
        await SetAsync(harness, "c1", new PointsRuleTable(PointsMode.PerHour, 3));

        Assert.Equal("c1", (await PointsRuleResolver.ResolveAsync(harness.Factory, "g1")).DefinedAt);
        Assert.Equal("d", (await PointsRuleResolver.ResolveAsync(harness.Factory, "g2")).DefinedAt);
        Assert.Equal(6, await ServeAsync(harness, "p1", "g1", 120));
        Assert.Equal(5, await ServeAsync(harness, "p2", "g2", 120));

        await SetAsync(harness, "c1", null);
        Assert.Equal(5, await ServeAsync(harness, "p3", "g1", 10));
        Assert.Equal(1 + 6 + 5 + 5, (await harness.Member("m1").GetPoints(null, null)).Total);
    }

    [Fact]
    public async Task The_cap_per_activity_bounds_one_claim_and_a_project_rate_still_obeys_it()
    {
        await using var harness = await TreeAsync();
        await SetAsync(harness, "d", new PointsRuleTable(PointsMode.PerHour, 1, CapPerActivity: 2));

        Assert.Equal(2, await ServeAsync(harness, "p1", "g1", 300));
        Assert.Equal(1, await ServeAsync(harness, "p2", "g1", 60));
        Assert.Equal(2, await ServeAsync(harness, "p3", "g1", 60, pointsPerHour: 10));
    }

    [Fact]
    public async Task The_daily_cap_bounds_what_a_member_earns_from_claims_in_a_day_of_China_Standard_Time()
    {
        // 15:00 UTC is 23:00 in Beijing: two hours later it is the next day there.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 15, 0, 0, TimeSpan.Zero));
        await using var harness = await TreeAsync(time);
        await SetAsync(harness, "d", new PointsRuleTable(PointsMode.PerEvent, 5, DailyCap: 8));
        await harness.Member("m1").AwardPoints(new PointsAward(50, "表彰", PointsSources.Manual, "award-1"));

        Assert.Equal(5, await ServeAsync(harness, "p1", "g1", 30));
        Assert.Equal(3, await ServeAsync(harness, "p2", "g1", 30));
        Assert.Equal(0, await ServeAsync(harness, "p3", "g1", 30));
        time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(5, await ServeAsync(harness, "p4", "g1", 30));

        var ledger = await harness.Member("m1").GetPoints(null, null);
        Assert.Equal(50 + 5 + 3 + 0 + 5, ledger.Total);
        Assert.Equal(5, ledger.Entries.Length);
    }

    [Fact]
    public async Task Invalid_tables_are_refused_naming_the_field()
    {
        await using var harness = await TreeAsync();

        var points = await Assert.ThrowsAsync<DomainException>(() => SetAsync(harness, "d", new PointsRuleTable(PointsMode.PerHour, -1)));
        var cap = await Assert.ThrowsAsync<DomainException>(() => SetAsync(harness, "d", new PointsRuleTable(PointsMode.PerHour, 1, DailyCap: -3)));
        var noShow = await Assert.ThrowsAsync<DomainException>(() => SetAsync(harness, "d", new PointsRuleTable(PointsMode.PerHour, 1, NoShowDeduction: -1)));
        var overdue = await Assert.ThrowsAsync<DomainException>(() => SetAsync(harness, "d", new PointsRuleTable(PointsMode.PerHour, 1, OverdueDeduction: 101)));

        Assert.Equal(("points", "dailyCap", "noShowDeduction", "overdueDeduction"), (points.Field, cap.Field, noShow.Field, overdue.Field));
        Assert.Null(await harness.Factory.GetGrain<IPointsRulesGrain>("d").Get());
    }

    [Fact]
    public void A_table_stored_before_deductions_existed_reads_with_the_default_deductions()
    {
        var stored = new JsonGrainStateSerializer().Deserialize<PointsRulesState>("""{"table":{"mode":"per-event","points":5,"dailyCap":10}}"""u8);

        Assert.Equal(new PointsRuleTable(PointsMode.PerEvent, 5, DailyCap: 10, NoShowDeduction: 1, OverdueDeduction: 2), stored.Table);
        Assert.Equal((1, 2), (PointsRuleTable.Default.NoShowDeduction, PointsRuleTable.Default.OverdueDeduction));
    }
}
