using Microsoft.Extensions.Time.Testing;

namespace PartyActors.Grains.Tests;

/// <summary>Organizations report in to a community (双报到 for stationed units): rules, moves, history, and the community's list across failures and crashes.</summary>
public sealed class OrganizationReportInTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(8));

    /// <summary>
    /// A district with a street, two communities (c1 with a grid and a branch of its own), a village,
    /// and an enterprise Party committee with a branch: units outside the territorial chain.
    /// </summary>
    private static async Task<DomainHarness> TreeAsync(TimeProvider? time = null)
    {
        var harness = await DomainHarness.StartAsync(time: time);
        await harness.PlaceAsync("d", null, OrganizationKind.District);
        await harness.PlaceAsync("s", "d", OrganizationKind.Street);
        await harness.PlaceAsync("c1", "s", OrganizationKind.Community);
        await harness.PlaceAsync("c2", "s", OrganizationKind.Community);
        await harness.PlaceAsync("v", "s", OrganizationKind.Village);
        await harness.PlaceAsync("g1", "c1", OrganizationKind.Grid);
        await harness.PlaceAsync("c1-b", "c1", OrganizationKind.Branch);
        await harness.PlaceAsync("e", "d", OrganizationKind.Enterprise);
        await harness.PlaceAsync("e-b", "e", OrganizationKind.Branch);
        return harness;
    }

    private static IOrganizationReportInGrain ReportIn(DomainHarness harness, string orgId) => harness.Factory.GetGrain<IOrganizationReportInGrain>(orgId);

    private static async Task<string[]> ListedAtAsync(DomainHarness harness, string communityId) =>
        [.. await harness.Org(communityId).GetSourceIds(SourceKind.OrganizationReportIn)];

    [Fact]
    public async Task A_unit_reports_in_moves_and_withdraws_and_its_history_is_kept()
    {
        var time = new FakeTimeProvider(Start);
        await using var harness = await TreeAsync(time);
        var enterprise = ReportIn(harness, "e");

        var first = await enterprise.ReportIn("c1");
        Assert.Equal(new OrganizationReportIn("c1", Start), first);
        Assert.Equal(["e"], await ListedAtAsync(harness, "c1"));

        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(first, await enterprise.ReportIn("c1"));

        time.Advance(TimeSpan.FromDays(30));
        var moved = await enterprise.ReportIn("c2");
        Assert.Equal(new OrganizationReportIn("c2", Start.AddDays(30).AddHours(1)), moved);
        Assert.Empty(await ListedAtAsync(harness, "c1"));
        Assert.Equal(["e"], await ListedAtAsync(harness, "c2"));

        time.Advance(TimeSpan.FromDays(1));
        await enterprise.WithdrawReportIn();
        await enterprise.WithdrawReportIn();
        Assert.Empty(await ListedAtAsync(harness, "c2"));

        var history = await enterprise.GetHistory();
        Assert.Equal("e", history.OrgId);
        Assert.Null(history.Current);
        Assert.Null(await enterprise.GetCurrent());
        Assert.Equal(
            [new OrganizationReportInPeriod("c1", Start, moved.At), new OrganizationReportInPeriod("c2", moved.At, moved.At.AddDays(1))],
            history.History.ToArray());

        // Nothing of the report-in counts in a roll-up: the lists are all it changes.
        Assert.Equal(RollupCounters.From((Metric.Orgs, 1)), (await harness.Org("c2").GetRollup()).Metrics);
    }

    [Fact]
    public async Task A_unit_and_a_branch_of_one_report_in_to_a_community_or_a_village_and_both_are_listed()
    {
        await using var harness = await TreeAsync();

        await ReportIn(harness, "e").ReportIn("v");
        await ReportIn(harness, "e-b").ReportIn("v");

        Assert.Equal(["e", "e-b"], await ListedAtAsync(harness, "v"));
    }

    [Theory]
    [InlineData(OrganizationKind.District)]
    [InlineData(OrganizationKind.Street)]
    [InlineData(OrganizationKind.Township)]
    [InlineData(OrganizationKind.Community)]
    [InlineData(OrganizationKind.Village)]
    [InlineData(OrganizationKind.Grid)]
    [InlineData(OrganizationKind.Temporary)]
    public async Task The_territorial_chain_and_temporary_organizations_do_not_report_in(OrganizationKind kind)
    {
        await using var harness = await TreeAsync();
        await harness.PlaceAsync("x", "d", kind);

        var refused = await Assert.ThrowsAsync<DomainException>(() => ReportIn(harness, "x").ReportIn("c1"));

        Assert.Equal((DomainErrorKind.Conflict, OrganizationReportInRules.NotAStationedUnit), (refused.Kind, refused.Code));
        Assert.Empty(await ListedAtAsync(harness, "c1"));
        Assert.Empty((await ReportIn(harness, "x").GetHistory()).History);
    }

    [Theory]
    [InlineData("nowhere", OrganizationReportInRules.CommunityNotFound)]
    [InlineData("g1", OrganizationReportInRules.NotACommunity)]
    [InlineData("s", OrganizationReportInRules.NotACommunity)]
    [InlineData("e-b", OrganizationReportInRules.NotACommunity)]
    public async Task A_target_that_is_no_community_is_refused_naming_communityId_and_the_report_stays(string communityId, string code)
    {
        await using var harness = await TreeAsync();
        await ReportIn(harness, "e").ReportIn("c1");

        var refused = await Assert.ThrowsAsync<DomainException>(() => ReportIn(harness, "e").ReportIn(communityId));

        Assert.Equal((DomainErrorKind.UnknownReference, code, "communityId"), (refused.Kind, refused.Code, refused.Field));
        Assert.Equal("c1", (await ReportIn(harness, "e").GetCurrent())!.CommunityId);
        Assert.Equal(["e"], await ListedAtAsync(harness, "c1"));
        Assert.Single((await ReportIn(harness, "e").GetHistory()).History);
    }

    [Fact]
    public async Task A_branch_under_the_community_does_not_report_in_to_it_and_an_unknown_organization_is_not_found()
    {
        await using var harness = await TreeAsync();

        var within = await Assert.ThrowsAsync<DomainException>(() => ReportIn(harness, "c1-b").ReportIn("c1"));
        var unknown = await Assert.ThrowsAsync<DomainException>(() => ReportIn(harness, "nobody").ReportIn("c1"));

        Assert.Equal((DomainErrorKind.UnknownReference, OrganizationReportInRules.WithinCommunity, "communityId"), (within.Kind, within.Code, within.Field));
        Assert.Equal((DomainErrorKind.NotFound, DomainErrors.OrgNotFound), (unknown.Kind, unknown.Code));
        Assert.Empty(await ListedAtAsync(harness, "c1"));

        // The community's own branch may report in to another community it is stationed in.
        await ReportIn(harness, "c1-b").ReportIn("c2");
        Assert.Equal(["c1-b"], await ListedAtAsync(harness, "c2"));
    }

    [Fact]
    public async Task Neither_end_of_a_report_in_is_dissolved_nor_the_community_made_another_kind_until_it_is_withdrawn()
    {
        await using var harness = await TreeAsync();
        await ReportIn(harness, "e-b").ReportIn("c2");

        var community = await Assert.ThrowsAsync<DomainException>(() => harness.Tree.Dissolve("c2"));
        var kind = await Assert.ThrowsAsync<DomainException>(() => harness.PlaceAsync("c2", "s", OrganizationKind.Street));
        var unit = await Assert.ThrowsAsync<DomainException>(() => harness.Tree.Dissolve("e-b"));

        Assert.Equal((DomainErrorKind.Conflict, OrganizationReportInRules.HasReportedOrgs), (community.Kind, community.Code));
        Assert.Equal(OrganizationReportInRules.HasReportedOrgs, kind.Code);
        Assert.Equal((DomainErrorKind.Conflict, OrganizationReportInRules.StillReportedIn), (unit.Kind, unit.Code));
        Assert.Equal(OrganizationKind.Community, (await harness.Org("c2").GetDetails())!.Kind);

        // A village is a community's peer: the report-in stays valid through that change.
        await harness.PlaceAsync("c2", "s", OrganizationKind.Village);
        await ReportIn(harness, "e-b").WithdrawReportIn();
        await harness.Tree.Dissolve("e-b");
        await harness.Tree.Dissolve("c2");
        Assert.Null(await harness.Org("c2").GetDetails());
    }

    [Fact]
    public async Task A_report_in_acknowledged_before_a_crash_is_found_at_both_ends_after_it()
    {
        await using var harness = await TreeAsync();
        await ReportIn(harness, "e").ReportIn("c1");
        await ReportIn(harness, "e").ReportIn("c2");

        await harness.CrashAndRestartAsync();

        var history = await ReportIn(harness, "e").GetHistory();
        Assert.Equal("c2", history.Current!.CommunityId);
        Assert.Equal(["c1", "c2"], history.History.Select(p => p.CommunityId).ToArray());
        Assert.Equal(["e"], await ListedAtAsync(harness, "c2"));
        Assert.Empty(await ListedAtAsync(harness, "c1"));
    }

    [Fact]
    public async Task A_report_in_whose_write_fails_unties_the_community_at_once_and_a_retry_succeeds()
    {
        await using var harness = await TreeAsync();
        var grain = GrainId.Create("org-report-in", "e");
        harness.Faults.Refuse(grain);

        await Assert.ThrowsAnyAsync<Exception>(() => ReportIn(harness, "e").ReportIn("c1"));
        Assert.Empty(await ListedAtAsync(harness, "c1"));
        Assert.Null(await ReportIn(harness, "e").GetCurrent());

        harness.Faults.Restore(grain);
        await ReportIn(harness, "e").ReportIn("c1");
        Assert.Equal(["e"], await ListedAtAsync(harness, "c1"));
        Assert.Single((await ReportIn(harness, "e").GetHistory()).History);
    }

    [Fact]
    public async Task A_move_cut_short_by_a_crash_keeps_the_old_community_and_the_new_one_lets_go_of_its_tie()
    {
        await using var harness = await TreeAsync();
        await ReportIn(harness, "e").ReportIn("c1");

        // The new community takes the tie durably; the report-in's own write is held, and the silo
        // dies before it lands: the move never happened.
        var hold = harness.Faults.HoldNextWrite(GrainId.Create("org-report-in", "e"));
        var moving = ReportIn(harness, "e").ReportIn("c2");
        await hold.Reached.WaitAsync(TimeSpan.FromSeconds(20));
        await harness.CrashAsync();
        hold.Release();
        await Assert.ThrowsAnyAsync<Exception>(() => moving);
        Assert.True(await StoredTieAsync(harness, "c2", "e"));
        await harness.StartAsync();

        Assert.Equal("c1", (await ReportIn(harness, "e").GetCurrent())!.CommunityId);
        Assert.Equal(["e"], await ListedAtAsync(harness, "c1"));

        // c2's record was not left by a graceful stop: its activation asks its sources and takes their word.
        await DomainHarness.EventuallyAsync(async () => (await ListedAtAsync(harness, "c2")).Length == 0, "c2 drops the tie the report-in disowns");
        await harness.Tree.Dissolve("c2");
    }

    [Fact]
    public async Task A_tie_the_old_community_could_not_drop_is_dropped_when_it_next_asks_its_sources()
    {
        await using var harness = await TreeAsync();
        await ReportIn(harness, "e").ReportIn("c1");

        // The move is committed, but the old community cannot write the untie, and the silo dies
        // before it recovers: its record keeps a tie the report-in disowns.
        harness.Faults.Refuse("c1");
        await ReportIn(harness, "e").ReportIn("c2");
        await harness.CrashAsync();
        harness.Faults.Restore("c1");
        Assert.True(await StoredTieAsync(harness, "c1", "e"));
        await harness.StartAsync();

        Assert.Equal("c2", (await ReportIn(harness, "e").GetCurrent())!.CommunityId);
        await DomainHarness.EventuallyAsync(async () => (await ListedAtAsync(harness, "c1")).Length == 0, "c1 drops the tie once it asks its sources");
        Assert.Equal(["e"], await ListedAtAsync(harness, "c2"));
        await harness.Tree.Dissolve("c1-b");
        await harness.Tree.Dissolve("g1");
        await harness.Tree.Dissolve("c1");
    }

    /// <summary>Whether the community's stored record ties <paramref name="orgId"/> as reported in (read from the store, not through a grain).</summary>
    private static async Task<bool> StoredTieAsync(DomainHarness harness, string communityId, string orgId)
    {
        var state = new GrainState<OrganizationState>();
        await harness.Store!.ReadStateAsync("organization", GrainId.Create("organization", communityId), state);
        return state.State?.Sources.TryGetValue(new SourceKey(SourceKind.OrganizationReportIn, orgId).ToString(), out var entry) == true
            && entry.Ties.HasFlag(SourceTies.StationedIn);
    }
}
