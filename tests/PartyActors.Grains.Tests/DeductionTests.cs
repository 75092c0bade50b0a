using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace PartyActors.Grains.Tests;

/// <summary>
/// The rule table's automatic deductions (扣分, docs/points.md): a no-show on a claim (未履约) and a
/// commitment gone overdue (承诺逾期). Each is one ledger entry, whatever is retried or restarted,
/// by the table that applies where the project was published or the commitment counts, and counts
/// in the <c>points</c> roll-up.
/// </summary>
public sealed class DeductionTests
{
    /// <summary>A test clock that starts now (reminders compare with what the store recorded).</summary>
    private static FakeTimeProvider Clock() => new(DateTimeOffset.UtcNow);

    /// <summary>d → c1 → g1 and d → c2 → g2; m1, m2 and m3 belong to c1, m4 to c2.</summary>
    private static async Task<DomainHarness> TreeAsync(TimeProvider? time = null, TimeSpan? noShowGrace = null)
    {
        var harness = await DomainHarness.StartAsync(time: time, silo: noShowGrace is { } grace
            ? s => s.Services.Configure<PointsOptions>(o => o.NoShowGrace = grace)
            : null);
        await harness.PlaceAsync("d", null, OrganizationKind.District);
        await harness.PlaceAsync("c1", "d", OrganizationKind.Community);
        await harness.PlaceAsync("g1", "c1", OrganizationKind.Grid);
        await harness.PlaceAsync("c2", "d", OrganizationKind.Community);
        await harness.PlaceAsync("g2", "c2", OrganizationKind.Grid);
        foreach (var (member, org) in new[] { ("m1", "c1"), ("m2", "c1"), ("m3", "c1"), ("m4", "c2") })
        {
            await harness.EnrollAsync(member, org);
        }

        return harness;
    }

    private static Task SetRulesAsync(DomainHarness harness, string orgId, PointsRuleTable table) =>
        harness.Factory.GetGrain<IPointsRulesGrain>(orgId).Set(table);

    private static IProjectGrain Project(DomainHarness harness, string id) => harness.Factory.GetGrain<IProjectGrain>(id);

    private static ICommitmentGrain Commitment(DomainHarness harness, string id) => harness.Factory.GetGrain<ICommitmentGrain>(id);

    /// <summary>The member's ledger entries from <paramref name="source"/>, oldest first.</summary>
    private static async Task<PointsEntry[]> EntriesAsync(DomainHarness harness, string memberId, string source) =>
        [.. (await harness.Member(memberId).GetPoints(null, null)).Entries.Where(e => e.Source == source).Reverse()];

    private static Task PointsAsync(FakeTimeProvider clock, DomainHarness harness, string orgId, long points) =>
        FakeClockPump.PumpUntilAsync(clock, async () => (await harness.Org(orgId).GetRollup()).Metrics[Metric.Points] == points, $"{orgId} counts {points} points");

    [Fact]
    public async Task A_claim_still_open_at_the_no_show_deadline_costs_its_rule_once_even_across_a_crash_and_a_late_completion_gives_it_back()
    {
        var clock = Clock();
        await using var harness = await TreeAsync(clock);
        await SetRulesAsync(harness, "d", new PointsRuleTable(PointsMode.PerHour, 1, NoShowDeduction: 3));
        var project = Project(harness, "p1");
        await project.Publish(new ProjectDefinition("g1", "敬老院慰问", ProjectKind.Project, 5));
        var claims = await project.Claim(["m1", "m2", "m3"]);
        await project.Close();
        var closedAt = (await project.GetDetails())!.ClosedAt!.Value;

        // Service done before the close is still recorded after it, within the grace.
        clock.Advance(TimeSpan.FromDays(1));
        await project.Complete(claims[1], 60);
        clock.Advance(closedAt + TimeSpan.FromDays(7) - clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        await Task.Delay(200);
        Assert.Empty(await EntriesAsync(harness, "m1", PointsSources.NoShow));
        Assert.All((await project.GetDetails())!.Claims, c => Assert.Null(c.NoShowPoints));

        clock.Advance(TimeSpan.FromMinutes(2));
        await FakeClockPump.PumpUntilAsync(clock, async () => (await project.GetDetails())!.Claims.All(c => c.Status != ClaimStatus.Claimed || c.NoShowPoints is not null),
            "the no-shows are recorded");
        var entry = Assert.Single(await EntriesAsync(harness, "m1", PointsSources.NoShow));
        Assert.Equal((-3, "p1/" + claims[0]), (entry.Points, entry.SourceId));
        Assert.Single(await EntriesAsync(harness, "m3", PointsSources.NoShow));
        Assert.Empty(await EntriesAsync(harness, "m2", PointsSources.NoShow));
        Assert.Equal([-3, null, -3], (await project.GetDetails())!.Claims.Select(c => c.NoShowPoints));
        await PointsAsync(clock, harness, "d", -6);

        // Later ticks, a crash and a restart deduct nothing more.
        clock.Advance(TimeSpan.FromHours(3));
        await harness.CrashAndRestartAsync();
        clock.Advance(TimeSpan.FromHours(3));
        project = Project(harness, "p1");
        await project.GetDetails();
        await Task.Delay(200);
        Assert.Single(await EntriesAsync(harness, "m1", PointsSources.NoShow));
        Assert.Single(await EntriesAsync(harness, "m3", PointsSources.NoShow));

        // m3 served after all and it is recorded late: the deduction comes back, once.
        var late = await project.Complete(claims[2], 30);
        Assert.Equal((ClaimStatus.Completed, 0), (late.Status, late.NoShowPoints));
        var back = Assert.Single(await EntriesAsync(harness, "m3", PointsSources.NoShowReversal));
        Assert.Equal((3, "p1/" + claims[2]), (back.Points, back.SourceId));
        Assert.Equal(0, (await harness.Member("m3").GetPoints(null, null)).Total);
        await PointsAsync(clock, harness, "d", -3);
        Assert.Equal(ProjectRules.ClaimCompleted, (await Assert.ThrowsAsync<DomainException>(() => project.Complete(claims[2], 30))).Code);
        Assert.Single(await EntriesAsync(harness, "m3", PointsSources.NoShowReversal));
    }

    [Fact]
    public async Task A_no_show_deadline_that_passed_while_no_silo_ran_is_caught_up_on_restart()
    {
        var clock = Clock();
        await using var harness = await TreeAsync(clock);
        var project = Project(harness, "p1");
        await project.Publish(new ProjectDefinition("g1", "楼道清扫", ProjectKind.Project, 5, ClosesAt: clock.GetUtcNow().AddHours(1)));
        var claim = (await project.Claim(["m1"]))[0];

        await harness.CrashAsync();
        clock.Advance(TimeSpan.FromDays(9));
        await harness.StartAsync();

        // Closed by its closesAt, whose time the grace counts from; no table anywhere: the default deduction.
        project = Project(harness, "p1");
        await FakeClockPump.PumpUntilAsync(clock, async () => (await project.GetDetails())!.Claims[0].NoShowPoints is not null, "the no-show is recorded");
        var details = (await project.GetDetails())!;
        Assert.Equal((ProjectStatus.Closed, details.ClosesAt), (details.Status, details.ClosedAt));
        Assert.Equal(-PointsRuleTable.DefaultNoShowDeduction, details.Claims[0].NoShowPoints);
        Assert.Equal("p1/" + claim, Assert.Single(await EntriesAsync(harness, "m1", PointsSources.NoShow)).SourceId);
        await PointsAsync(clock, harness, "c1", -PointsRuleTable.DefaultNoShowDeduction);
    }

    [Fact]
    public async Task A_no_show_whose_record_on_the_claim_failed_after_the_ledger_took_it_is_taken_once()
    {
        // The project's write after the member's ledger entry fails, as in a crash between the two.
        DomainHarness? harness = null;
        var failNext = 0;
        var project = GrainId.Create("project", "p1");
        await using var started = harness = await DomainHarness.StartAsync(silo: s =>
        {
            s.Services.Configure<PointsOptions>(o => o.NoShowGrace = TimeSpan.Zero);
            s.AddIncomingGrainCallFilter(async call =>
            {
                await call.Invoke();
                if (call.MethodName == nameof(IMemberGrain.AwardPoints) && Interlocked.Exchange(ref failNext, 0) == 1)
                {
                    harness!.Faults.Refuse(project);
                }
            });
        });
        await harness.PlaceAsync("d", null, OrganizationKind.District);
        await harness.PlaceAsync("g1", "d", OrganizationKind.Grid);
        await harness.EnrollAsync("m1", "d");
        await Project(harness, "p1").Publish(new ProjectDefinition("g1", "清理小广告", ProjectKind.Wish, 1));
        await Project(harness, "p1").Claim(["m1"]);

        Volatile.Write(ref failNext, 1);
        await Project(harness, "p1").Close();
        Assert.Single(await EntriesAsync(harness, "m1", PointsSources.NoShow));
        Assert.Null((await Project(harness, "p1").GetDetails())!.Claims[0].NoShowPoints);
        harness.Faults.Restore(project);

        // The failed write discarded the activation; the next one finds the deduction owed and the ledger's entry.
        await DomainHarness.EventuallyAsync(async () => (await Project(harness, "p1").GetDetails())!.Claims[0].NoShowPoints is not null, "the no-show is recorded");
        Assert.Equal(-PointsRuleTable.DefaultNoShowDeduction, (await Project(harness, "p1").GetDetails())!.Claims[0].NoShowPoints);
        Assert.Single(await EntriesAsync(harness, "m1", PointsSources.NoShow));
        Assert.Equal(-PointsRuleTable.DefaultNoShowDeduction, (await harness.Member("m1").GetPoints(null, null)).Total);
    }

    [Fact]
    public async Task No_show_deductions_follow_the_closest_table_and_a_zero_takes_nothing()
    {
        // No grace: a claim open at the close is a no-show at once.
        await using var harness = await TreeAsync(noShowGrace: TimeSpan.Zero);
        await SetRulesAsync(harness, "d", new PointsRuleTable(PointsMode.PerHour, 1, NoShowDeduction: 5));
        await SetRulesAsync(harness, "c2", new PointsRuleTable(PointsMode.PerHour, 1, NoShowDeduction: 0));

        async Task<int?> NoShowAsync(string projectId, string orgId, string memberId)
        {
            var project = Project(harness, projectId);
            await project.Publish(new ProjectDefinition(orgId, "服务 " + projectId, ProjectKind.Wish, 2));
            await project.Claim([memberId]);
            await project.Close();
            return (await project.GetDetails())!.Claims[0].NoShowPoints;
        }

        Assert.Equal(-5, await NoShowAsync("p1", "g1", "m1"));
        Assert.Equal(0, await NoShowAsync("p2", "g2", "m2"));
        await harness.Factory.GetGrain<IPointsRulesGrain>("d").Set(null);
        Assert.Equal(-PointsRuleTable.DefaultNoShowDeduction, await NoShowAsync("p3", "g1", "m3"));

        // A member who left loses nothing: the claim is settled with 0.
        var left = Project(harness, "p4");
        await left.Publish(new ProjectDefinition("g1", "服务 p4", ProjectKind.Project, 2));
        await left.Claim(["m4"]);
        await harness.Member("m4").Leave();
        await left.Close();
        Assert.Equal(0, (await left.GetDetails())!.Claims[0].NoShowPoints);

        Assert.Equal(-5, (await harness.Member("m1").GetPoints(null, null)).Total);
        Assert.Empty((await harness.Member("m2").GetPoints(null, null)).Entries);
        Assert.Equal(-1, (await harness.Member("m3").GetPoints(null, null)).Total);
        await DomainHarness.EventuallyAsync(async () => (await harness.Org("d").GetRollup()).Metrics[Metric.Points] == -6, "d counts -6 points");
    }

    [Fact]
    public async Task A_members_commitment_gone_overdue_costs_the_rule_where_it_counts_once_even_across_a_crash()
    {
        var clock = Clock();
        await using var harness = await TreeAsync(clock);
        await SetRulesAsync(harness, "c1", new PointsRuleTable(PointsMode.PerHour, 1, OverdueDeduction: 4));
        var terms = new CommitmentTerms("每周走访困难户", 4, "次", CommitmentRules.Today(clock.GetUtcNow()));
        await Commitment(harness, "k1").Make(new CommitmentOwner(CommitmentOwnerKind.Member, "m1"), terms, "m1");
        await Commitment(harness, "k2").Make(new CommitmentOwner(CommitmentOwnerKind.Member, "m4"), terms, "m4");
        await Commitment(harness, "k3").Make(new CommitmentOwner(CommitmentOwnerKind.Org, "c1"), terms, "c1-admin");
        await Commitment(harness, "k4").Make(new CommitmentOwner(CommitmentOwnerKind.Member, "m2"), terms, "m2");
        await Commitment(harness, "k5").Make(new CommitmentOwner(CommitmentOwnerKind.Member, "m3"), terms, "m3");
        await Commitment(harness, "k4").Complete("m2");
        await harness.Member("m3").Leave();

        // Up to the deadline, then past it: the reminder service arms a new reminder's timer in its own
        // time, and a tick it finds already missed waits for the next period (an hour).
        clock.Advance(CommitmentRules.Deadline(terms.DueOn) - clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        await Task.Delay(200);
        clock.Advance(TimeSpan.FromMinutes(2));
        string[] overdue = ["k1", "k2", "k3", "k5"];
        await FakeClockPump.PumpUntilAsync(clock, async () =>
        {
            var all = await Task.WhenAll(overdue.Select(id => Commitment(harness, id).GetDetails()));
            return all.All(c => c!.SupervisionItemId is not null && (c.Owner.Kind == CommitmentOwnerKind.Org || c.OverduePoints is not null));
        }, "the overdue commitments are settled");

        // c1's table where m1's commitment counts; the defaults for m4 (c2 has none, nor has d).
        var k1 = Assert.Single(await EntriesAsync(harness, "m1", PointsSources.CommitmentOverdue));
        Assert.Equal((-4, "k1"), (k1.Points, k1.SourceId));
        Assert.Equal(-PointsRuleTable.DefaultOverdueDeduction, Assert.Single(await EntriesAsync(harness, "m4", PointsSources.CommitmentOverdue)).Points);
        Assert.Equal(-4, (await Commitment(harness, "k1").GetDetails())!.OverduePoints);
        Assert.Null((await Commitment(harness, "k3").GetDetails())!.OverduePoints);
        Assert.Null((await Commitment(harness, "k4").GetDetails())!.OverduePoints);
        Assert.Equal(0, (await Commitment(harness, "k5").GetDetails())!.OverduePoints);
        Assert.Empty((await harness.Member("m2").GetPoints(null, null)).Entries);
        Assert.Empty((await harness.Member("m3").GetPoints(null, null)).Entries);
        await PointsAsync(clock, harness, "c1", -4);
        await PointsAsync(clock, harness, "d", -4 - PointsRuleTable.DefaultOverdueDeduction);

        // Hourly ticks, a crash and a restart, and a late completion take nothing more and give nothing back.
        clock.Advance(TimeSpan.FromHours(2));
        await harness.CrashAndRestartAsync();
        clock.Advance(TimeSpan.FromHours(2));
        await Commitment(harness, "k1").Complete("m1");
        await Task.Delay(200);
        Assert.Single(await EntriesAsync(harness, "m1", PointsSources.CommitmentOverdue));
        Assert.Single(await EntriesAsync(harness, "m4", PointsSources.CommitmentOverdue));
        Assert.Equal(-4, (await harness.Member("m1").GetPoints(null, null)).Total);
        await PointsAsync(clock, harness, "d", -4 - PointsRuleTable.DefaultOverdueDeduction);
    }
}
