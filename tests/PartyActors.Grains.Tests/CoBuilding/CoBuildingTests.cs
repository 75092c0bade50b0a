using Microsoft.Extensions.Time.Testing;

namespace PartyActors.Grains.Tests.CoBuilding;

/// <summary>Co-building with stationed units (共驻共建): agreements' counters and deadlines, relocation, joint meetings, the committee.</summary>
public sealed class CoBuildingTests
{
    private static FakeTimeProvider Clock() => new(DateTimeOffset.UtcNow);

    /// <summary>
    /// A district d, a street s with communities c and c2 and a branch b (member mb); an enterprise u
    /// under d with a branch ub (member mu), reported in to c; an enterprise v, reported in to c too;
    /// an enterprise w reported in nowhere; a member mc of c.
    /// </summary>
    private static async Task<DomainHarness> TreeAsync(FakeTimeProvider clock)
    {
        // As the commitments' tests: refresh the reminder list often and let the clock wait before a deadline.
        var harness = await DomainHarness.StartAsync(time: clock, silo: s => s.Configure<ReminderOptions>(o =>
        {
            o.RefreshReminderListPeriod = TimeSpan.FromMilliseconds(200);
            o.ReminderLoadingWindow = TimeSpan.FromHours(1);
        }));
        await harness.PlaceAsync("d", null, OrganizationKind.District);
        await harness.PlaceAsync("s", "d", OrganizationKind.Street);
        await harness.PlaceAsync("c", "s", OrganizationKind.Community);
        await harness.PlaceAsync("c2", "s", OrganizationKind.Community);
        await harness.PlaceAsync("b", "s", OrganizationKind.Branch);
        await harness.PlaceAsync("u", "d", OrganizationKind.Enterprise);
        await harness.PlaceAsync("ub", "u", OrganizationKind.Branch);
        await harness.PlaceAsync("v", "d", OrganizationKind.Enterprise);
        await harness.PlaceAsync("w", "d", OrganizationKind.Enterprise);
        await harness.EnrollAsync("mb", "b");
        await harness.EnrollAsync("mu", "ub");
        await harness.EnrollAsync("mc", "c");
        await harness.Factory.GetGrain<IOrganizationReportInGrain>("u").ReportIn("c");
        await harness.Factory.GetGrain<IOrganizationReportInGrain>("v").ReportIn("c");
        return harness;
    }

    private static IAgreementGrain Agreement(DomainHarness harness, string id) => harness.Factory.GetGrain<IAgreementGrain>(id);

    private static ICommunityCoBuildingGrain Ledger(DomainHarness harness, string id) => harness.Factory.GetGrain<ICommunityCoBuildingGrain>(id);

    private static DateOnly Day(FakeTimeProvider clock, int daysAhead) => CommitmentRules.Today(clock.GetUtcNow()).AddDays(daysAhead);

    private static AgreementTerms Terms(FakeTimeProvider clock, string unit, params AgreementItemTerms[] items) =>
        new(unit, "共建协议：社区服务", Day(clock, 0), [.. items]);

    private static Task CountersAsync(FakeTimeProvider clock, DomainHarness harness, string orgId, long open, long overdue, long done) =>
        FakeClockPump.PumpUntilAsync(clock, async () =>
        {
            var metrics = (await harness.Org(orgId).GetRollup()).Metrics;
            return metrics[Metric.AgreementItemsOpen] == open && metrics[Metric.AgreementItemsOverdue] == overdue && metrics[Metric.AgreementItemsDone] == done;
        }, $"{orgId} counts {open} open, {overdue} overdue, {done} done agreement items");

    [Fact]
    public async Task Items_count_at_the_community_exactly_and_follow_a_merge_to_the_surviving_community()
    {
        var clock = Clock();
        await using var harness = await TreeAsync(clock);
        var signed = await Agreement(harness, "ag1").Sign("c", Terms(clock, "u",
            new AgreementItemTerms("开放职工食堂为老人助餐", "u", null, Day(clock, 5)),
            new AgreementItemTerms("提供活动场地", "c", null, Day(clock, 3)),
            new AgreementItemTerms("党员志愿服务", null, "mu", Day(clock, 7))), "c-admin");
        Assert.Equal<string>(["i1", "i2", "i3"], signed.Items.Select(i => i.Id));
        Assert.Equal([AgreementParty.Unit, AgreementParty.Community, AgreementParty.Unit], signed.Items.Select(i => i.Party));
        Assert.All(signed.Items, i => Assert.Equal(AgreementItemStatus.Open, i.Status));
        await CountersAsync(clock, harness, "c", open: 3, overdue: 0, done: 0);
        await CountersAsync(clock, harness, "d", open: 3, overdue: 0, done: 0);
        Assert.Equal<string>(["ag1"], await Ledger(harness, "c").GetAgreementIds());

        var done = await Agreement(harness, "ag1").CompleteItem("i2", "场地已开放", "c-admin");
        Assert.Equal(AgreementItemStatus.Done, done.Items[1].Status);
        Assert.False(done.Items[1].Late);
        Assert.Equal(done.Items[1].CompletedAt, (await Agreement(harness, "ag1").CompleteItem("i2", null, "c-admin")).Items[1].CompletedAt);
        await CountersAsync(clock, harness, "c", open: 2, overdue: 0, done: 1);
        var added = await Agreement(harness, "ag1").AddItems([new AgreementItemTerms("捐赠图书", "u", "mu", Day(clock, 10))], "c-admin");
        Assert.Equal("i4", added.Items[3].Id);
        await CountersAsync(clock, harness, "s", open: 3, overdue: 0, done: 1);

        // A merge of c into c2 moves the agreement: gone from c, whole at c2, the street unchanged.
        Assert.True(await Agreement(harness, "ag1").Relocate("c", "c2"));
        Assert.False(await Agreement(harness, "ag1").Relocate("c", "c2"));
        Assert.Equal("c2", (await Agreement(harness, "ag1").GetDetails())!.CommunityId);
        await CountersAsync(clock, harness, "c", open: 0, overdue: 0, done: 0);
        await CountersAsync(clock, harness, "c2", open: 3, overdue: 0, done: 1);
        await CountersAsync(clock, harness, "s", open: 3, overdue: 0, done: 1);
        Assert.Empty(await Ledger(harness, "c").GetAgreementIds());
        Assert.Equal<string>(["ag1"], await Ledger(harness, "c2").GetAgreementIds());
        Assert.Empty(await harness.Org("c").GetSourceIds(SourceKind.Agreement));
        Assert.Equal<string>(["ag1"], await harness.Org("c2").GetSourceIds(SourceKind.Agreement));

        // Terminating cancels the open items (counted nowhere) and keeps the done one; nothing more is taken.
        var ended = await Agreement(harness, "ag1").Terminate("单位搬迁", "c-admin");
        Assert.Equal(AgreementStatus.Terminated, ended.Status);
        Assert.Equal(3, ended.Items.Count(i => i.Status == AgreementItemStatus.Cancelled));
        await CountersAsync(clock, harness, "s", open: 0, overdue: 0, done: 1);
        Assert.Equal(CoBuildingRules.AgreementTerminated,
            (await Assert.ThrowsAsync<DomainException>(() => Agreement(harness, "ag1").CompleteItem("i1", null, "c-admin"))).Code);
        Assert.Equal(CoBuildingRules.AgreementTerminated,
            (await Assert.ThrowsAsync<DomainException>(() => Agreement(harness, "ag1").AddItems([new AgreementItemTerms("x", "u", null, Day(clock, 1))], "c-admin"))).Code);

        // A rebuild recounts from the sources: the same figures.
        await harness.Tree.Rebuild("d");
        await CountersAsync(clock, harness, "d", open: 0, overdue: 0, done: 1);
    }

    [Fact]
    public async Task An_item_turns_overdue_at_the_end_of_its_due_date_stays_overdue_and_is_done_late()
    {
        var clock = Clock();
        await using var harness = await TreeAsync(clock);
        await Agreement(harness, "ag1").Sign("c", Terms(clock, "u",
            new AgreementItemTerms("今天到期", "u", null, Day(clock, 0)),
            new AgreementItemTerms("明天到期", "c", null, Day(clock, 1))), "c-admin");
        var deadline = CommitmentRules.Deadline(Day(clock, 0));

        clock.Advance(deadline - clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        await CountersAsync(clock, harness, "c", open: 2, overdue: 0, done: 0);
        await Task.Delay(600); // a few refreshes of the reminder list, so the tick at the deadline is loaded
        clock.Advance(TimeSpan.FromMinutes(2));
        await CountersAsync(clock, harness, "c", open: 2, overdue: 1, done: 0);
        await CountersAsync(clock, harness, "d", open: 2, overdue: 1, done: 0);
        var details = (await Agreement(harness, "ag1").GetDetails())!;
        Assert.Equal((AgreementItemStatus.Overdue, deadline), (details.Items[0].Status, details.Items[0].OverdueSince));
        Assert.Equal(AgreementItemStatus.Open, details.Items[1].Status);

        // The next deadline is reached by the same reminder, registered again for it.
        clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(3));
        await Task.Delay(600);
        clock.Advance(TimeSpan.FromMinutes(3));
        await CountersAsync(clock, harness, "c", open: 2, overdue: 2, done: 0);

        // Overdue stays overdue across a restart until done; done late keeps when it fell due.
        await harness.RestartAsync();
        Assert.All((await Agreement(harness, "ag1").GetDetails())!.Items, i => Assert.Equal(AgreementItemStatus.Overdue, i.Status));
        var late = (await Agreement(harness, "ag1").CompleteItem("i1", "补办", "u-admin")).Items[0];
        Assert.Equal((AgreementItemStatus.Done, deadline, true), (late.Status, late.OverdueSince, late.Late));
        await CountersAsync(clock, harness, "c", open: 1, overdue: 1, done: 1);
    }

    [Fact]
    public async Task A_deadline_that_passed_while_no_silo_ran_is_caught_up_after_a_crash()
    {
        var clock = Clock();
        await using var harness = await TreeAsync(clock);
        await Agreement(harness, "ag1").Sign("c", Terms(clock, "v", new AgreementItemTerms("今天到期", "v", null, Day(clock, 0))), "c-admin");
        await CountersAsync(clock, harness, "s", open: 1, overdue: 0, done: 0);

        await harness.CrashAsync();
        clock.Advance(CommitmentRules.Deadline(Day(clock, 0)) - clock.GetUtcNow() + TimeSpan.FromHours(6));
        await harness.StartAsync();

        // Reading it activates it, and the activation does what the missed tick would have done.
        Assert.Equal(AgreementItemStatus.Overdue, (await Agreement(harness, "ag1").GetDetails())!.Items[0].Status);
        await CountersAsync(clock, harness, "c", open: 1, overdue: 1, done: 0);
        await CountersAsync(clock, harness, "d", open: 1, overdue: 1, done: 0);

        // An item past its deadline that nobody has looked at yet is completed late, not on time.
        await Agreement(harness, "ag2").Sign("c", Terms(clock, "v", new AgreementItemTerms("今天到期", "v", null, Day(clock, 0))), "c-admin");
        await harness.CrashAsync();
        clock.Advance(TimeSpan.FromDays(1));
        await harness.StartAsync();
        await harness.CrashAndRestartAsync();
        await CountersAsync(clock, harness, "c", open: 2, overdue: 2, done: 0);
        Assert.True((await Agreement(harness, "ag2").CompleteItem("i1", null, "c-admin")).Items[0].Late);
        await CountersAsync(clock, harness, "d", open: 1, overdue: 1, done: 1);
    }

    [Fact]
    public async Task Agreements_name_only_stationed_units_and_their_parties()
    {
        var clock = Clock();
        await using var harness = await TreeAsync(clock);
        async Task<DomainException> RefusedAsync(string community, AgreementTerms terms) =>
            await Assert.ThrowsAsync<DomainException>(() => Agreement(harness, "bad").Sign(community, terms, "c-admin"));
        var item = new AgreementItemTerms("助餐", "u", null, Day(clock, 2));

        var notStationed = await RefusedAsync("c", Terms(clock, "w", item with { OwnerOrgId = "w" }));
        Assert.Equal((DomainErrorKind.UnknownReference, CoBuildingRules.UnitNotStationed, "unitOrgId"), (notStationed.Kind, notStationed.Code, notStationed.Field));
        Assert.Equal(CoBuildingRules.UnitNotStationed, (await RefusedAsync("c2", Terms(clock, "u", item))).Code);
        Assert.Equal(OrganizationReportInRules.NotACommunity, (await RefusedAsync("s", Terms(clock, "u", item))).Code);
        Assert.Equal(DomainErrorKind.NotFound, (await RefusedAsync("nowhere", Terms(clock, "u", item))).Kind);

        var otherOrg = await RefusedAsync("c", Terms(clock, "u", item, item with { OwnerOrgId = "v" }));
        Assert.Equal((CoBuildingRules.OwnerNotAParty, "items[1].ownerOrgId"), (otherOrg.Code, otherOrg.Field));
        var outsider = await RefusedAsync("c", Terms(clock, "u", item with { OwnerOrgId = null, OwnerMemberId = "mb" }));
        Assert.Equal((CoBuildingRules.OwnerNotAParty, "items[0].ownerMemberId"), (outsider.Code, outsider.Field));
        var wrongSide = await RefusedAsync("c", Terms(clock, "u", item with { OwnerOrgId = "c", OwnerMemberId = "mu" }));
        Assert.Equal(CoBuildingRules.OwnerNotAParty, wrongSide.Code);
        Assert.Equal(DomainErrors.MemberNotFound, (await RefusedAsync("c", Terms(clock, "u", item with { OwnerMemberId = "ghost" }))).Code);

        var past = await RefusedAsync("c", Terms(clock, "u", item with { DueOn = Day(clock, -1) }));
        Assert.Equal((DomainErrorKind.Invalid, "items[0].dueOn"), (past.Kind, past.Field));
        Assert.Equal("signedOn", (await RefusedAsync("c", Terms(clock, "u", item) with { SignedOn = Day(clock, 1) })).Field);
        Assert.Equal("items", (await RefusedAsync("c", Terms(clock, "u"))).Field);

        // Nothing refused left a trace: no agreement, no figures, no index entry.
        Assert.Null(await Agreement(harness, "bad").GetDetails());
        Assert.Empty(await Ledger(harness, "c").GetAgreementIds());

        // A member of the community answers for the community's side.
        var signed = await Agreement(harness, "ok").Sign("c", Terms(clock, "u", item with { OwnerOrgId = null, OwnerMemberId = "mc" }), "c-admin");
        Assert.Equal(AgreementParty.Community, signed.Items[0].Party);
        Assert.Equal(CoBuildingRules.ItemNotFound, (await Assert.ThrowsAsync<DomainException>(() => Agreement(harness, "ok").CompleteItem("i9", null, "x"))).Code);
    }

    [Fact]
    public async Task Joint_meetings_record_who_was_present_and_absent_and_the_committee_seats_members_of_stationed_units()
    {
        var clock = Clock();
        await using var harness = await TreeAsync(clock);
        var ledger = Ledger(harness, "c");
        var today = Day(clock, 0);

        var meeting = await ledger.RecordJointMeeting("jm-1", new JointMeetingTerms(today, "老旧小区改造", ["u"], "纪要", ["成立议事会"]), "c-admin");
        Assert.Equal<string>(["u"], meeting.Present);
        Assert.Equal<string>(["v"], meeting.Absent);
        var again = await ledger.RecordJointMeeting("jm-1", new JointMeetingTerms(today, "again", ["v"], null, []), "c-admin");
        Assert.Equal((meeting.Topic, meeting.RecordedAt), (again.Topic, again.RecordedAt));
        Assert.Equal<string>(["u"], again.Present);
        var stranger = await Assert.ThrowsAsync<DomainException>(() => ledger.RecordJointMeeting("jm-2", new JointMeetingTerms(today, "x", ["u", "w"], null, []), "c-admin"));
        Assert.Equal((CoBuildingRules.UnitNotStationed, "unitOrgIds"), (stranger.Code, stranger.Field));
        var future = await Assert.ThrowsAsync<DomainException>(() => ledger.RecordJointMeeting("jm-3", new JointMeetingTerms(today.AddDays(1), "x", ["u"], null, []), "c-admin"));
        Assert.Equal("heldOn", future.Field);
        Assert.Equal<string>(["jm-1"], (await ledger.GetJointMeetings()).Select(m => m.Id));

        var seated = await ledger.Seat("mu", "u", "兼职委员", today, "c-admin");
        Assert.True(seated.Created);
        Assert.False((await ledger.Seat("mu", "u", "兼职副书记", today, "c-admin")).Created);
        Assert.Equal("兼职副书记", Assert.Single(await ledger.GetCommittee()).Title);
        var notOfUnit = await Assert.ThrowsAsync<DomainException>(() => ledger.Seat("mb", "u", "兼职委员", today, "c-admin"));
        Assert.Equal((CoBuildingRules.MemberNotOfUnit, "memberId"), (notOfUnit.Code, notOfUnit.Field));
        Assert.Equal(CoBuildingRules.UnitNotStationed, (await Assert.ThrowsAsync<DomainException>(() => ledger.Seat("mu", "w", "兼职委员", today, "c-admin"))).Code);
        Assert.Equal(CoBuildingRules.UnitNotStationed, (await Assert.ThrowsAsync<DomainException>(() => Ledger(harness, "c2").Seat("mu", "u", "兼职委员", today, "c-admin"))).Code);

        // Durable: a crash keeps the meeting and the seat.
        await harness.CrashAndRestartAsync();
        Assert.Single(await Ledger(harness, "c").GetJointMeetings());
        Assert.True(await Ledger(harness, "c").Unseat("mu"));
        Assert.False(await Ledger(harness, "c").Unseat("mu"));
        Assert.Empty(await Ledger(harness, "c").GetCommittee());
    }
}
