using Microsoft.Extensions.Time.Testing;

namespace PartyActors.Grains.Tests.Requests;

/// <summary>Residents' requests (群众诉求): counters, deadlines in working days, escalation up the chain across a crash, the ledger.</summary>
public sealed class ResidentRequestTests
{
    /// <summary>A test clock moved to 10:00 (UTC+8) on Wednesday 29 September 2027, before National Day.</summary>
    private static FakeTimeProvider Clock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        clock.Advance(new DateTimeOffset(2027, 9, 29, 10, 0, 0, CommitmentRules.ChinaOffset) - clock.GetUtcNow());
        return clock;
    }

    private static DateTimeOffset EndOf(int year, int month, int day) => new DateTimeOffset(year, month, day, 0, 0, 0, CommitmentRules.ChinaOffset).AddDays(1);

    /// <summary>
    /// A cluster on <paramref name="clock"/>. The reminder service loads the reminders due within its
    /// loading window, re-reading its table on the real clock, and skips a tick whose time passed before
    /// it loaded it (the next comes a period later): refresh often and load an hour ahead, and let the
    /// clock approach a deadline (<see cref="FakeClockPump.CrossAsync"/>) rather than jump over it.
    /// </summary>
    private static Task<DomainHarness> StartAsync(FakeTimeProvider clock) =>
        DomainHarness.StartAsync(time: clock, silo: s => s.Configure<ReminderOptions>(o =>
        {
            o.RefreshReminderListPeriod = TimeSpan.FromMilliseconds(200);
            o.ReminderLoadingWindow = TimeSpan.FromHours(1);
        }));

    /// <summary>A district d, a street s, a community c and its grid g, a branch b under d, a member m1 of b.</summary>
    private static async Task<DomainHarness> DistrictAsync(FakeTimeProvider clock)
    {
        var harness = await StartAsync(clock);
        await harness.PlaceAsync("d", null, OrganizationKind.District);
        await harness.PlaceAsync("s", "d", OrganizationKind.Street);
        await harness.PlaceAsync("c", "s", OrganizationKind.Community);
        await harness.PlaceAsync("g", "c", OrganizationKind.Grid);
        await harness.PlaceAsync("b", "d", OrganizationKind.Branch);
        await harness.EnrollAsync("m1", "b");
        return harness;
    }

    private static IResidentRequestGrain Request(DomainHarness harness, string id) => harness.Factory.GetGrain<IResidentRequestGrain>(id);

    private static IRequestSettingsGrain Settings(DomainHarness harness) => harness.Factory.GetGrain<IRequestSettingsGrain>(IRequestSettingsGrain.Key);

    private static Task<RequestDetails> FileAsync(DomainHarness harness, string id, string orgId = "g", string category = "环境卫生") =>
        Request(harness, id).File(new RequestFiling(orgId, "楼道堆放杂物", category, RequestChannel.GridPatrol), "resident-1");

    private static Task CountersAsync(FakeTimeProvider clock, DomainHarness harness, string orgId, long open, long overdue, long closed, long satisfactionSum = 0) =>
        FakeClockPump.PumpUntilAsync(clock, async () =>
        {
            var m = (await harness.Org(orgId).GetRollup()).Metrics;
            return m[Metric.RequestsOpen] == open && m[Metric.RequestsOverdue] == overdue && m[Metric.RequestsClosed] == closed
                && m[Metric.SatisfactionSum] == satisfactionSum && m[Metric.SatisfactionCount] == closed;
        }, $"{orgId} counts {open} open, {overdue} overdue, {closed} closed, satisfaction {satisfactionSum}");

    [Fact]
    public async Task Counters_follow_a_request_from_filing_through_reply_close_and_reopening()
    {
        var clock = Clock();
        await using var harness = await DistrictAsync(clock);

        var filed = await FileAsync(harness, "rq1");
        Assert.Equal(RequestStatus.Open, filed.Status);
        Assert.Equal(("g", "g", null), (filed.OrgId, filed.ResponsibleOrgId, filed.EscalatedTo));
        Assert.Equal(new SlaTerm(3, SlaUnit.WorkingDays), filed.Sla);
        await CountersAsync(clock, harness, "g", open: 1, overdue: 0, closed: 0);
        await CountersAsync(clock, harness, "d", open: 1, overdue: 0, closed: 0);
        Assert.Equal("rq1", Assert.Single(await harness.Org("g").GetSourceIds(SourceKind.ResidentRequest)));

        // Closing needs a reply first.
        var unreplied = await Assert.ThrowsAsync<DomainException>(() => Request(harness, "rq1").Close(4, "resident-1"));
        Assert.Equal((DomainErrorKind.Conflict, RequestErrors.NotReplied), (unreplied.Kind, unreplied.Code));
        var notClosed = await Assert.ThrowsAsync<DomainException>(() => Request(harness, "rq1").Reopen("不满意", "resident-1"));
        Assert.Equal(RequestErrors.NotClosed, notClosed.Code);

        await Request(harness, "rq1").Assign(new RequestAssignee("m1", null), "worker");
        var replied = await Request(harness, "rq1").Reply("已联系物业清理", "worker");
        Assert.Equal(RequestStatus.Replied, replied.Status);
        Assert.Equal("m1", replied.Assignee!.MemberId);
        await CountersAsync(clock, harness, "d", open: 1, overdue: 0, closed: 0);

        var closed = await Request(harness, "rq1").Close(4, "resident-1");
        Assert.Equal((RequestStatus.Closed, 4), (closed.Status, closed.Satisfaction));
        await CountersAsync(clock, harness, "d", open: 0, overdue: 0, closed: 1, satisfactionSum: 4);
        Assert.Equal(closed.ClosedAt, (await Request(harness, "rq1").Close(4, "resident-1")).ClosedAt);
        Assert.Equal(RequestErrors.Closed, (await Assert.ThrowsAsync<DomainException>(() => Request(harness, "rq1").Close(5, "resident-1"))).Code);
        Assert.Equal(RequestErrors.Closed, (await Assert.ThrowsAsync<DomainException>(() => Request(harness, "rq1").Reply("再答复", "worker"))).Code);

        // Reopening withdraws the rating and starts a new term from now (Thursday 30 September 10:00 → 1 to 7 October are plain weekdays/weekend here).
        clock.Advance(TimeSpan.FromDays(1));
        var reopened = await Request(harness, "rq1").Reopen("杂物又堆回来了", "resident-1");
        Assert.Equal((RequestStatus.Open, null, false), (reopened.Status, reopened.Satisfaction, reopened.Overdue));
        Assert.Equal(4, Assert.Single(reopened.Reopenings).WithdrawnSatisfaction);
        Assert.Equal(EndOf(2027, 10, 5), reopened.DueAt);
        await CountersAsync(clock, harness, "d", open: 1, overdue: 0, closed: 0);

        // Filing is for grids, communities and villages; an unknown organization is not found.
        var branch = await Assert.ThrowsAsync<DomainException>(() => FileAsync(harness, "rq2", "b"));
        Assert.Equal((DomainErrorKind.UnknownReference, RequestErrors.NotAFilingLevel), (branch.Kind, branch.Code));
        Assert.Equal(DomainErrors.OrgNotFound, (await Assert.ThrowsAsync<DomainException>(() => FileAsync(harness, "rq3", "nowhere"))).Code);
        Assert.Equal(DomainErrors.MemberNotFound, (await Assert.ThrowsAsync<DomainException>(() => Request(harness, "rq1").Assign(new RequestAssignee("nobody", null), "w"))).Code);
        Assert.Null(await Request(harness, "rq2").GetDetails());
    }

    [Fact]
    public async Task Deadlines_count_working_days_of_the_calendar_set_and_the_sla_of_the_category_and_level()
    {
        var clock = Clock();
        await using var harness = await DistrictAsync(clock);

        // Without a calendar: Wednesday 29 September 2027 → Thursday 30, Friday 1, Monday 4.
        Assert.Equal(EndOf(2027, 10, 4), (await FileAsync(harness, "rq1")).DueAt);

        // National Day as a notice sets it: 1 to 7 October off, Sunday 26 September and Saturday 9 October worked.
        await Settings(harness).SetCalendar(new WorkCalendarYear(2027,
            [.. Enumerable.Range(1, 7).Select(d => new DateOnly(2027, 10, d))], [new DateOnly(2027, 9, 26), new DateOnly(2027, 10, 9)]));
        Assert.Equal(EndOf(2027, 10, 9), (await FileAsync(harness, "rq2")).DueAt);
        Assert.Equal(EndOf(2027, 10, 4), (await Request(harness, "rq1").GetDetails())!.DueAt);

        // Per category and level; hours are clock hours.
        await Settings(harness).SetSla(new SlaTable(new SlaTerm(5, SlaUnit.WorkingDays),
            [new SlaRule("供暖", OrganizationKind.Grid, 24, SlaUnit.Hours), new SlaRule(null, OrganizationKind.Community, 1, SlaUnit.WorkingDays)]));
        var heating = await FileAsync(harness, "rq3", category: "供暖");
        Assert.Equal((clock.GetUtcNow().AddHours(24), new SlaTerm(24, SlaUnit.Hours)), (heating.DueAt, heating.Sla));
        Assert.Equal(EndOf(2027, 9, 30), (await FileAsync(harness, "rq4", "c")).DueAt);
        Assert.Equal(EndOf(2027, 10, 12), (await FileAsync(harness, "rq5")).DueAt);
        var invalid = await Assert.ThrowsAsync<DomainException>(() => Settings(harness).SetSla(new SlaTable(new SlaTerm(0, SlaUnit.WorkingDays), [])));
        Assert.Equal("default", invalid.Field);
    }

    [Fact]
    public async Task An_unanswered_request_escalates_two_levels_up_on_its_deadlines_across_a_crash()
    {
        var clock = Clock();
        await using var harness = await DistrictAsync(clock);
        await Settings(harness).SetSla(new SlaTable(new SlaTerm(1, SlaUnit.WorkingDays), [new SlaRule(null, OrganizationKind.Street, 2, SlaUnit.WorkingDays)]));

        // Wednesday 29 September: one working day at the grid, to the end of Thursday 30.
        var filed = await FileAsync(harness, "rq1");
        await FileAsync(harness, "rq2");
        Assert.Equal(EndOf(2027, 9, 30), filed.DueAt);
        await Request(harness, "rq2").Reply("已处理", "worker");

        await CountersAsync(clock, harness, "g", open: 2, overdue: 0, closed: 0);

        // At the deadline the grid's term is missed: overdue, and the community answers by the end of Friday 1 October.
        await FakeClockPump.CrossAsync(clock, filed.DueAt);
        await CountersAsync(clock, harness, "d", open: 2, overdue: 1, closed: 0);
        IRequestLedgerGrain Ledger() => harness.Factory.GetGrain<IRequestLedgerGrain>("g");
        await FakeClockPump.PumpUntilAsync(clock, async () => (await Ledger().Page(RequestLedgerFilter.Overdue, null, 10)) is [{ EscalatedTo: "c" }], "the ledger shows rq1 escalated to c");

        // Every silo dies; the community's deadline passes while none runs.
        await harness.CrashAsync();
        clock.Advance(EndOf(2027, 10, 1) - clock.GetUtcNow() + TimeSpan.FromHours(9));
        await harness.StartAsync();

        // Nobody reads the request: its reminder (or the roll-up's reconciliation) escalates it to the street: two working days after the community's term, Monday 4 and Tuesday 5.
        // The tick missed while no silo ran comes at the reminder's next period (an hour at most): minutes at a time.
        await FakeClockPump.PumpUntilAsync(clock, async () => (await Ledger().Page(RequestLedgerFilter.Overdue, null, 10)) is [{ EscalatedTo: "s" }], "the ledger shows rq1 escalated to s", TimeSpan.FromMinutes(1));
        var escalated = (await Request(harness, "rq1").GetDetails())!;
        Assert.Equal((RequestStatus.Open, true, "s", "s"), (escalated.Status, escalated.Overdue, escalated.EscalatedTo, escalated.ResponsibleOrgId));
        Assert.Equal([("g", "c"), ("c", "s")], escalated.Escalations.Select(e => (e.FromOrgId, e.ToOrgId)));
        Assert.Equal(EndOf(2027, 9, 30), escalated.Escalations[0].MissedDueAt);
        Assert.Equal(EndOf(2027, 10, 1), escalated.Escalations[1].MissedDueAt);
        Assert.Equal(EndOf(2027, 10, 5), escalated.DueAt);
        Assert.Equal(new SlaTerm(2, SlaUnit.WorkingDays), escalated.Sla);
        Assert.Equal(filed.DueAt, escalated.OverdueSince);
        await CountersAsync(clock, harness, "d", open: 2, overdue: 1, closed: 0);

        // A reply stops the clock: past the street's deadline nothing escalates any more; it stays overdue until closed.
        await Request(harness, "rq1").Reply("街道已协调处理", "street-worker");
        clock.Advance(TimeSpan.FromDays(10));
        await harness.RestartAsync();
        var answered = (await Request(harness, "rq1").GetDetails())!;
        Assert.Equal((2, "s", true), (answered.Escalations.Length, answered.EscalatedTo, answered.Overdue));
        Assert.Empty((await Request(harness, "rq2").GetDetails())!.Escalations);
        await Request(harness, "rq1").Close(3, "resident-1");
        await CountersAsync(clock, harness, "g", open: 1, overdue: 0, closed: 1, satisfactionSum: 3);
        Assert.Equal(["rq1"], (await Ledger().Page(RequestLedgerFilter.Closed, null, 10)).Select(e => e.Id));
        Assert.Equal(["rq2"], (await Ledger().Page(RequestLedgerFilter.Open, null, 10)).Select(e => e.Id));
        Assert.Equal(["rq2"], (await Ledger().Page(null, "rq1", 10)).Select(e => e.Id));
    }

    [Fact]
    public async Task At_the_root_an_overdue_request_stays_where_it_is()
    {
        var clock = Clock();
        await using var harness = await StartAsync(clock);
        await harness.PlaceAsync("c", null, OrganizationKind.Community);
        var filed = await FileAsync(harness, "rq1", "c");
        await FakeClockPump.CrossAsync(clock, filed.DueAt);
        await CountersAsync(clock, harness, "c", open: 1, overdue: 1, closed: 0);
        var overdue = (await Request(harness, "rq1").GetDetails())!;
        Assert.Equal((true, null, "c"), (overdue.Overdue, overdue.EscalatedTo, overdue.ResponsibleOrgId));
        Assert.Empty(overdue.Escalations);
    }
}
