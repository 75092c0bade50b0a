using Microsoft.Extensions.Time.Testing;

namespace PartyActors.Grains.Tests.Errands;

/// <summary>Errands (全程代办): deadlines in working days by the one calendar, overdue by the clock and across a crash, exact roll-ups, indexes, relocation.</summary>
public sealed class ErrandTests
{
    /// <summary>A test clock moved to 10:00 (UTC+8) on Wednesday 29 September 2027, before National Day.</summary>
    private static FakeTimeProvider Clock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        clock.Advance(new DateTimeOffset(2027, 9, 29, 10, 0, 0, CommitmentRules.ChinaOffset) - clock.GetUtcNow());
        return clock;
    }

    private static DateTimeOffset EndOf(int year, int month, int day) => new DateTimeOffset(year, month, day, 0, 0, 0, CommitmentRules.ChinaOffset).AddDays(1);

    /// <summary>A cluster on <paramref name="clock"/> whose reminder service refreshes often and loads an hour ahead (see the requests' tests).</summary>
    private static Task<DomainHarness> StartAsync(FakeTimeProvider clock) =>
        DomainHarness.StartAsync(time: clock, silo: s => s.Configure<ReminderOptions>(o =>
        {
            o.RefreshReminderListPeriod = TimeSpan.FromMilliseconds(200);
            o.ReminderLoadingWindow = TimeSpan.FromHours(1);
        }));

    /// <summary>
    /// A district d, a street s, communities c and c2, a grid g of c, a branch b of c with cadres m1
    /// and m2, a branch b2 of d with member m3 (outside c), and v, a village with cadre m4 of record there.
    /// </summary>
    private static async Task<DomainHarness> DistrictAsync(FakeTimeProvider clock)
    {
        var harness = await StartAsync(clock);
        await harness.PlaceAsync("d", null, OrganizationKind.District);
        await harness.PlaceAsync("s", "d", OrganizationKind.Street);
        await harness.PlaceAsync("c", "s", OrganizationKind.Community);
        await harness.PlaceAsync("c2", "s", OrganizationKind.Community);
        await harness.PlaceAsync("g", "c", OrganizationKind.Grid);
        await harness.PlaceAsync("b", "c", OrganizationKind.Branch);
        await harness.PlaceAsync("b2", "d", OrganizationKind.Branch);
        await harness.PlaceAsync("v", "s", OrganizationKind.Village);
        await harness.EnrollAsync("m1", "b");
        await harness.EnrollAsync("m2", "b");
        await harness.EnrollAsync("m3", "b2");
        await harness.EnrollAsync("m4", "v");
        return harness;
    }

    private static IErrandGrain Errand(DomainHarness harness, string id) => harness.Factory.GetGrain<IErrandGrain>(id);

    private static IErrandLedgerGrain Ledger(DomainHarness harness, string key) => harness.Factory.GetGrain<IErrandLedgerGrain>(key);

    private static Task<ErrandDetails> TakeAsync(DomainHarness harness, string id, string orgId = "c", string cadre = "m1", ErrandCategory category = ErrandCategory.SocialInsurance) =>
        Errand(harness, id).Take(new ErrandTaking(orgId, new ErrandResident("张大爷", "13812345678"), category, "代办养老保险资格认证", cadre), "worker");

    private static Task CountersAsync(FakeTimeProvider clock, DomainHarness harness, string orgId, long open, long overdue, long done, TimeSpan? step = null) =>
        FakeClockPump.PumpUntilAsync(clock, async () =>
        {
            var m = (await harness.Org(orgId).GetRollup()).Metrics;
            return m[Metric.ErrandsOpen] == open && m[Metric.ErrandsOverdue] == overdue && m[Metric.ErrandsDone] == done;
        }, $"{orgId} counts {open} open, {overdue} overdue, {done} done errands", step);

    [Fact]
    public async Task Counters_follow_an_errand_taken_reassigned_done_and_cancelled_with_the_refusals()
    {
        var clock = Clock();
        await using var harness = await DistrictAsync(clock);

        var taken = await TakeAsync(harness, "e1");
        Assert.Equal((ErrandStatus.Open, "c", "c", "m1"), (taken.Status, taken.OrgId, taken.TakenAtOrgId, taken.CadreMemberId));
        Assert.Equal(new SlaTerm(3, SlaUnit.WorkingDays), taken.Sla);
        Assert.Equal("138****5678", taken.Resident.Phone);
        Assert.DoesNotContain("13812345678", taken.Resident.ToString(), StringComparison.Ordinal);
        await TakeAsync(harness, "e2", orgId: "v", cadre: "m4");
        await CountersAsync(clock, harness, "c", open: 1, overdue: 0, done: 0);
        await CountersAsync(clock, harness, "d", open: 2, overdue: 0, done: 0);
        Assert.Equal("e1", Assert.Single(await harness.Org("c").GetSourceIds(SourceKind.Errand)));

        // Kinds, cadres and organizations refused.
        var branch = await Assert.ThrowsAsync<DomainException>(() => TakeAsync(harness, "x1", orgId: "b"));
        Assert.Equal((DomainErrorKind.UnknownReference, ErrandErrors.NotATakingLevel), (branch.Kind, branch.Code));
        var outsider = await Assert.ThrowsAsync<DomainException>(() => TakeAsync(harness, "x2", cadre: "m3"));
        Assert.Equal((DomainErrorKind.UnknownReference, ErrandErrors.NotACadreHere, "cadreMemberId"), (outsider.Kind, outsider.Code, outsider.Field));
        Assert.Equal(ErrandErrors.NotACadreHere, (await Assert.ThrowsAsync<DomainException>(() => TakeAsync(harness, "x3", cadre: "nobody"))).Code);
        Assert.Equal(ErrandErrors.NotACadreHere, (await Assert.ThrowsAsync<DomainException>(() => TakeAsync(harness, "x4", orgId: "g", cadre: "m3"))).Code);
        Assert.Equal(DomainErrors.OrgNotFound, (await Assert.ThrowsAsync<DomainException>(() => TakeAsync(harness, "x5", orgId: "nowhere"))).Code);
        Assert.Null(await Errand(harness, "x1").GetDetails());

        // At a grid, where no member is of record, the cadres of its community run errands.
        Assert.Equal("g", (await TakeAsync(harness, "e0", orgId: "g", cadre: "m2")).OrgId);
        await Errand(harness, "e0").Cancel("测试", "worker");

        // Reassigned within the subtree only; the deadline stays.
        Assert.Equal(ErrandErrors.NotACadreHere, (await Assert.ThrowsAsync<DomainException>(() => Errand(harness, "e1").Reassign("m3", null, "worker"))).Code);
        var reassigned = await Errand(harness, "e1").Reassign("m2", "m1 出差", "worker");
        Assert.Equal(("m2", taken.DueAt), (reassigned.CadreMemberId, reassigned.DueAt));
        Assert.Equal(("m1", "m2"), (reassigned.Reassignments[0].FromMemberId, reassigned.Reassignments[0].ToMemberId));
        await FakeClockPump.PumpUntilAsync(clock, async () => (await Ledger(harness, ErrandRules.CadreLedgerKey("m2")).Page(ErrandFilter.Open, null, 10)) is [{ Id: "e1" }]
            && (await Ledger(harness, ErrandRules.CadreLedgerKey("m1")).Page(null, null, 10)).IsEmpty, "e1 is listed under m2, no longer under m1");

        // Done, in time: counted done; again changes nothing; a done errand is not cancelled.
        clock.Advance(TimeSpan.FromHours(3));
        var done = await Errand(harness, "e1").Complete("已办结，资格认证通过", null, "m2");
        Assert.Equal((ErrandStatus.Done, false, false, clock.GetUtcNow()), (done.Status, done.Overdue, done.Late, done.DoneAt!.Value));
        Assert.Equal(done.DoneAt, (await Errand(harness, "e1").Complete("再次", null, "m2")).DoneAt);
        Assert.Equal((DomainErrorKind.Conflict, ErrandErrors.Done), await CodeOf(() => Errand(harness, "e1").Cancel("撤回", "worker")));
        Assert.Equal(ErrandErrors.Done, (await CodeOf(() => Errand(harness, "e1").Reassign("m1", null, "worker"))).Code);
        await CountersAsync(clock, harness, "d", open: 1, overdue: 0, done: 1);

        // Cancelled: counted nowhere; the organization forgets it; not done after.
        var cancelled = await Errand(harness, "e2").Cancel("居民已自行办理", "worker");
        Assert.Equal((ErrandStatus.Cancelled, "居民已自行办理"), (cancelled.Status, cancelled.CancelReason));
        Assert.Equal(ErrandErrors.Cancelled, (await CodeOf(() => Errand(harness, "e2").Complete("办结", null, "m4"))).Code);
        await CountersAsync(clock, harness, "d", open: 0, overdue: 0, done: 1);
        await CountersAsync(clock, harness, "v", open: 0, overdue: 0, done: 0);
        Assert.Empty(await harness.Org("v").GetSourceIds(SourceKind.Errand));

        // doneAt is checked: not in the future, not before it was taken.
        await TakeAsync(harness, "e3");
        Assert.Equal("doneAt", (await Assert.ThrowsAsync<DomainException>(() => Errand(harness, "e3").Complete("办结", clock.GetUtcNow().AddHours(1), "m1"))).Field);
        Assert.Equal("doneAt", (await Assert.ThrowsAsync<DomainException>(() => Errand(harness, "e3").Complete("办结", clock.GetUtcNow().AddDays(-1), "m1"))).Field);
    }

    [Fact]
    public async Task Deadlines_count_working_days_of_the_one_calendar_and_the_errands_sla()
    {
        var clock = Clock();
        await using var harness = await DistrictAsync(clock);

        // Without a calendar: Wednesday 29 September 2027 → Thursday 30, Friday 1, Monday 4.
        Assert.Equal(EndOf(2027, 10, 4), (await TakeAsync(harness, "e1")).DueAt);

        // The service's calendar (set for requests, one for all): 1 to 7 October off, Saturday 9 October worked.
        await harness.Factory.GetGrain<IRequestSettingsGrain>(IRequestSettingsGrain.Key).SetCalendar(new WorkCalendarYear(2027,
            [.. Enumerable.Range(1, 7).Select(d => new DateOnly(2027, 10, d))], [new DateOnly(2027, 9, 26), new DateOnly(2027, 10, 9)]));
        Assert.Equal(EndOf(2027, 10, 9), (await TakeAsync(harness, "e2")).DueAt);
        Assert.Equal(EndOf(2027, 10, 4), (await Errand(harness, "e1").GetDetails())!.DueAt);

        // Taken on a holiday at night (Saturday 2 October, 23:00): the day does not count; Friday 8, Saturday 9 (调休), Monday 11.
        clock.Advance(new DateTimeOffset(2027, 10, 2, 23, 0, 0, CommitmentRules.ChinaOffset) - clock.GetUtcNow());
        Assert.Equal(EndOf(2027, 10, 11), (await TakeAsync(harness, "e3")).DueAt);

        // Per category and level; the requests' table is not the errands'.
        var settings = harness.Factory.GetGrain<IErrandSettingsGrain>(IErrandSettingsGrain.Key);
        await settings.SetSla(new SlaTable(new SlaTerm(5, SlaUnit.WorkingDays),
            [new SlaRule("medical", null, 1, SlaUnit.WorkingDays), new SlaRule("certificates", OrganizationKind.Village, 24, SlaUnit.Hours)]));
        Assert.Equal(EndOf(2027, 10, 8), (await TakeAsync(harness, "e4", category: ErrandCategory.Medical)).DueAt);
        Assert.Equal(clock.GetUtcNow().AddHours(24), (await TakeAsync(harness, "e5", orgId: "v", cadre: "m4", category: ErrandCategory.Certificates)).DueAt);
        Assert.Equal(EndOf(2027, 10, 13), (await TakeAsync(harness, "e6", category: ErrandCategory.Certificates)).DueAt);
        Assert.Equal(new SlaTerm(3, SlaUnit.WorkingDays), (await harness.Factory.GetGrain<IRequestSettingsGrain>(IRequestSettingsGrain.Key).GetSla()).Default);

        // A category that is no errand category is refused, naming the rule.
        var invalid = await Assert.ThrowsAsync<DomainException>(() => settings.SetSla(new SlaTable(new SlaTerm(3, SlaUnit.WorkingDays), [new SlaRule("环境卫生", null, 1, SlaUnit.WorkingDays)])));
        Assert.Equal("rules[0].category", invalid.Field);
        Assert.Equal(new SlaTerm(3, SlaUnit.WorkingDays), (await settings.SetSla(null)).Default);
    }

    [Fact]
    public async Task Errands_turn_overdue_by_the_clock_and_across_a_crash_and_done_late_is_late()
    {
        var clock = Clock();
        await using var harness = await DistrictAsync(clock);
        var first = await TakeAsync(harness, "e1");
        await TakeAsync(harness, "e2", cadre: "m2");
        await TakeAsync(harness, "e3");
        await Errand(harness, "e3").Complete("当天办结", null, "m1");
        Assert.Equal(EndOf(2027, 10, 4), first.DueAt);

        // Its reminder ticks at the deadline: both open errands turn overdue, nobody reading them.
        await FakeClockPump.CrossAsync(clock, first.DueAt);
        await CountersAsync(clock, harness, "d", open: 2, overdue: 2, done: 1);
        await FakeClockPump.PumpUntilAsync(clock, async () => (await Ledger(harness, ErrandRules.OrgLedgerKey("c")).Page(ErrandFilter.Overdue, null, 10)).Length == 2, "the ledger lists two overdue");

        // Done late: counted done, not overdue, and recorded as late.
        var late = await Errand(harness, "e1").Complete("补办完成", null, "m1");
        Assert.Equal((ErrandStatus.Done, false, true), (late.Status, late.Overdue, late.Late));
        await CountersAsync(clock, harness, "d", open: 1, overdue: 1, done: 2);

        // Taken before a crash; its deadline passes while no silo runs; nobody touches it after the restart.
        var e4 = await TakeAsync(harness, "e4");
        await harness.CrashAsync();
        clock.Advance(e4.DueAt - clock.GetUtcNow() + TimeSpan.FromHours(9));
        await harness.StartAsync();

        // The tick missed while no silo ran comes at the reminder's next period (an hour at most): minutes at a time.
        await CountersAsync(clock, harness, "d", open: 2, overdue: 2, done: 2, TimeSpan.FromMinutes(1));
        Assert.True((await Errand(harness, "e4").GetDetails())!.Overdue);
        Assert.Equal(["e1", "e3"], (await Ledger(harness, ErrandRules.OrgLedgerKey("c")).Page(ErrandFilter.Done, null, 10)).Select(e => e.Id));
        Assert.True((await Ledger(harness, ErrandRules.OrgLedgerKey("c")).Page(ErrandFilter.Done, null, 10))[0].Late);
    }

    [Fact]
    public async Task A_relocated_errand_counts_and_is_listed_at_its_new_organization_once()
    {
        var clock = Clock();
        await using var harness = await DistrictAsync(clock);
        await TakeAsync(harness, "e1");
        await TakeAsync(harness, "e2");
        await Errand(harness, "e2").Complete("办结", null, "m1");
        await CountersAsync(clock, harness, "c", open: 1, overdue: 0, done: 1);

        // A merge of c into c2 moves both; a repeat (after a crash, say) moves nothing.
        Assert.True(await Errand(harness, "e1").Relocate("c", "c2"));
        Assert.True(await Errand(harness, "e2").Relocate("c", "c2"));
        Assert.False(await Errand(harness, "e1").Relocate("c", "c2"));
        await harness.CrashAndRestartAsync();
        await CountersAsync(clock, harness, "c", open: 0, overdue: 0, done: 0);
        await CountersAsync(clock, harness, "c2", open: 1, overdue: 0, done: 1);
        await CountersAsync(clock, harness, "s", open: 1, overdue: 0, done: 1);
        var moved = (await Errand(harness, "e1").GetDetails())!;
        Assert.Equal(("c2", "c"), (moved.OrgId, moved.TakenAtOrgId));
        Assert.Equal(("c", "c2"), (moved.Relocations[0].FromOrgId, moved.Relocations[0].ToOrgId));
        Assert.Empty(await harness.Org("c").GetSourceIds(SourceKind.Errand));
        Assert.Empty(await Ledger(harness, ErrandRules.OrgLedgerKey("c")).Page(null, null, 10));
        Assert.Equal(["e1", "e2"], (await Ledger(harness, ErrandRules.OrgLedgerKey("c2")).Page(null, null, 10)).Select(e => e.Id));
    }

    private static async Task<(DomainErrorKind Kind, string Code)> CodeOf(Func<Task> action)
    {
        var refused = await Assert.ThrowsAsync<DomainException>(action);
        return (refused.Kind, refused.Code);
    }
}
