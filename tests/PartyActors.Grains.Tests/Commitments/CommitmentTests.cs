using Microsoft.Extensions.Time.Testing;

namespace PartyActors.Grains.Tests.Commitments;

/// <summary>Commitments (承诺践诺): their roll-up counters, the durable deadline and supervised handling (督办).</summary>
public sealed class CommitmentTests
{
    /// <summary>A test clock that starts now (reminders compare with what the store recorded).</summary>
    private static FakeTimeProvider Clock() => new(DateTimeOffset.UtcNow);

    /// <summary>A district d with a street s, a branch b under it, and a member m1 of b.</summary>
    private static async Task<DomainHarness> DistrictAsync(FakeTimeProvider clock)
    {
        // The reminder service loads what falls due within its loading window, re-reading its table on the
        // real clock, and skips a tick whose time passed before it loaded it: refresh often, load an hour
        // ahead, and let the clock wait before a deadline rather than jump over it.
        var harness = await DomainHarness.StartAsync(time: clock, silo: s => s.Configure<ReminderOptions>(o =>
        {
            o.RefreshReminderListPeriod = TimeSpan.FromMilliseconds(200);
            o.ReminderLoadingWindow = TimeSpan.FromHours(1);
        }));
        await harness.PlaceAsync("d", null, OrganizationKind.District);
        await harness.PlaceAsync("s", "d", OrganizationKind.Street);
        await harness.PlaceAsync("b", "s", OrganizationKind.Branch);
        await harness.EnrollAsync("m1", "b");
        return harness;
    }

    private static ICommitmentGrain Commitment(DomainHarness harness, string id) => harness.Factory.GetGrain<ICommitmentGrain>(id);

    private static CommitmentTerms Terms(FakeTimeProvider clock, int daysAhead = 0) =>
        new("为社区老人义务理发", 10, "次", CommitmentRules.Today(clock.GetUtcNow()).AddDays(daysAhead));

    private static Task<CommitmentDetails> MakeAsync(DomainHarness harness, string id, CommitmentOwnerKind kind, string ownerId, CommitmentTerms terms) =>
        Commitment(harness, id).Make(new CommitmentOwner(kind, ownerId), terms, "tester");

    /// <summary>Waits until <paramref name="orgId"/> publishes exactly these commitment counters.</summary>
    private static Task CountersAsync(FakeTimeProvider clock, DomainHarness harness, string orgId, long open, long done, long overdue) =>
        FakeClockPump.PumpUntilAsync(clock, async () =>
        {
            var metrics = (await harness.Org(orgId).GetRollup()).Metrics;
            return metrics[Metric.CommitmentsOpen] == open && metrics[Metric.CommitmentsDone] == done && metrics[Metric.CommitmentsOverdue] == overdue;
        }, $"{orgId} counts {open} open, {done} done, {overdue} overdue");

    [Fact]
    public async Task Counters_are_exact_from_open_to_done_where_the_owner_belongs()
    {
        var clock = Clock();
        await using var harness = await DistrictAsync(clock);

        var made = await MakeAsync(harness, "c1", CommitmentOwnerKind.Member, "m1", Terms(clock, 3));
        await MakeAsync(harness, "c2", CommitmentOwnerKind.Org, "s", Terms(clock, 3));
        Assert.Equal(CommitmentStatus.Open, made.Status);
        Assert.Equal("b", made.OrgId);
        await CountersAsync(clock, harness, "b", open: 1, done: 0, overdue: 0);
        await CountersAsync(clock, harness, "s", open: 2, done: 0, overdue: 0);
        await CountersAsync(clock, harness, "d", open: 2, done: 0, overdue: 0);
        Assert.Equal("c1", Assert.Single(await harness.Org("b").GetSourceIds(SourceKind.Commitment)));
        Assert.Equal("c2", Assert.Single(await harness.Org("s").GetSourceIds(SourceKind.Commitment)));

        await Commitment(harness, "c1").ReportProgress(4, "理发 4 次", "m1");
        var done = await Commitment(harness, "c1").Complete("m1");
        Assert.Equal(CommitmentStatus.Done, done.Status);
        Assert.Equal(4, done.Progress);
        Assert.NotNull(done.CompletedAt);
        await CountersAsync(clock, harness, "b", open: 0, done: 1, overdue: 0);
        await CountersAsync(clock, harness, "d", open: 1, done: 1, overdue: 0);

        // Completing again changes nothing; a done commitment takes no more progress.
        Assert.Equal(done.CompletedAt, (await Commitment(harness, "c1").Complete("m1")).CompletedAt);
        var refused = await Assert.ThrowsAsync<DomainException>(() => Commitment(harness, "c1").ReportProgress(1, null, "m1"));
        Assert.Equal(DomainErrors.CommitmentDone, refused.Code);
    }

    [Fact]
    public async Task At_the_end_of_the_due_date_an_open_commitment_turns_overdue_warns_and_opens_one_supervision_item()
    {
        var clock = Clock();
        await using var harness = await DistrictAsync(clock);
        var terms = Terms(clock);
        await MakeAsync(harness, "c1", CommitmentOwnerKind.Member, "m1", terms);
        await MakeAsync(harness, "c2", CommitmentOwnerKind.Org, "d", terms);
        var deadline = CommitmentRules.Deadline(terms.DueOn);

        clock.Advance(deadline - clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        await CountersAsync(clock, harness, "b", open: 1, done: 0, overdue: 0);
        Assert.Equal(CommitmentStatus.Open, (await Commitment(harness, "c1").GetDetails())!.Status);

        await Task.Delay(600); // a few refreshes of the reminder list, so the tick at the deadline is loaded
        clock.Advance(TimeSpan.FromMinutes(2));
        await CountersAsync(clock, harness, "b", open: 1, done: 0, overdue: 1);
        await CountersAsync(clock, harness, "d", open: 2, done: 0, overdue: 2);
        await FakeClockPump.PumpUntilAsync(clock, async () => (await Commitment(harness, "c1").GetDetails())!.SupervisionItemId is not null, "c1 is handed to supervision");
        var overdue = (await Commitment(harness, "c1").GetDetails())!;
        Assert.Equal(CommitmentStatus.Overdue, overdue.Status);
        Assert.Equal(deadline, overdue.OverdueSince);
        Assert.Equal("overdue", Assert.Single(overdue.Notices).Kind);

        // The parent of the owner's organization supervises; a root supervises its own.
        var item = Assert.Single(await harness.Factory.GetGrain<ISupervisionBoardGrain>("s").GetOpenItems());
        Assert.Equal(("c1", "b", overdue.SupervisionItemId), (item.CommitmentId, item.OwnerOrgId, item.Id));
        await FakeClockPump.PumpUntilAsync(clock, async () => (await harness.Factory.GetGrain<ISupervisionBoardGrain>("d").GetOpenItems()).Length == 1, "d supervises c2");
        Assert.Equal("c2", (await harness.Factory.GetGrain<ISupervisionBoardGrain>("d").GetOpenItems())[0].CommitmentId);

        // Later ticks and a restart open nothing more and warn no more.
        clock.Advance(TimeSpan.FromHours(3));
        await harness.RestartAsync();
        clock.Advance(TimeSpan.FromHours(3));
        var again = (await Commitment(harness, "c1").GetDetails())!;
        Assert.Single(again.Notices);
        Assert.Equal(item, Assert.Single(await harness.Factory.GetGrain<ISupervisionBoardGrain>("s").GetOpenItems()));

        // A late completion is allowed: done, no longer open nor overdue; the item stays until closed.
        var done = await Commitment(harness, "c1").Complete("m1");
        Assert.Equal((CommitmentStatus.Done, deadline), (done.Status, done.OverdueSince));
        await CountersAsync(clock, harness, "b", open: 0, done: 1, overdue: 0);
        await CountersAsync(clock, harness, "d", open: 1, done: 1, overdue: 1);
        Assert.Single(await harness.Factory.GetGrain<ISupervisionBoardGrain>("s").GetOpenItems());

        var blank = await Assert.ThrowsAsync<DomainException>(() => harness.Factory.GetGrain<ISupervisionItemGrain>(item.Id).Close(" ", "s-admin"));
        Assert.Equal("note", blank.Field);
        var closed = await harness.Factory.GetGrain<ISupervisionItemGrain>(item.Id).Close("已约谈，补做完成", "s-admin");
        Assert.False(closed.IsOpen);
        Assert.Empty(await harness.Factory.GetGrain<ISupervisionBoardGrain>("s").GetOpenItems());
    }

    [Fact]
    public async Task A_deadline_that_passed_while_no_silo_ran_is_caught_up_after_the_restart()
    {
        var clock = Clock();
        await using var harness = await DistrictAsync(clock);
        var terms = Terms(clock);
        await MakeAsync(harness, "c1", CommitmentOwnerKind.Member, "m1", terms);
        await CountersAsync(clock, harness, "s", open: 1, done: 0, overdue: 0);

        await harness.CrashAsync();
        clock.Advance(CommitmentRules.Deadline(terms.DueOn) - clock.GetUtcNow() + TimeSpan.FromHours(6));
        await harness.StartAsync();

        // Reading it activates it, and the activation does what the missed tick would have done.
        var details = (await Commitment(harness, "c1").GetDetails())!;
        Assert.Equal(CommitmentStatus.Overdue, details.Status);
        await CountersAsync(clock, harness, "b", open: 1, done: 0, overdue: 1);
        await CountersAsync(clock, harness, "d", open: 1, done: 0, overdue: 1);
        await FakeClockPump.PumpUntilAsync(clock, async () => (await harness.Factory.GetGrain<ISupervisionBoardGrain>("s").GetOpenItems()).Length == 1, "s supervises c1");

        clock.Advance(TimeSpan.FromHours(2));
        await harness.CrashAndRestartAsync();
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Single((await Commitment(harness, "c1").GetDetails())!.Notices);
        Assert.Single(await harness.Factory.GetGrain<ISupervisionBoardGrain>("s").GetOpenItems());
    }

    [Fact]
    public async Task A_due_date_months_away_is_reached_through_shorter_reminder_waits()
    {
        var clock = Clock();

        // The silo's reminder service re-reads its reminders on the real clock (RefreshReminderListPeriod)
        // and only then follows a re-registered one: refresh often, since this clock jumps months in seconds.
        await using var harness = await DomainHarness.StartAsync(time: clock, silo: s => s.Configure<ReminderOptions>(o => o.RefreshReminderListPeriod = TimeSpan.FromMilliseconds(200)));
        await harness.PlaceAsync("d", null, OrganizationKind.District);
        await harness.PlaceAsync("b", "d", OrganizationKind.Branch);
        await harness.EnrollAsync("m1", "b");
        var terms = Terms(clock, 75);
        await MakeAsync(harness, "c1", CommitmentOwnerKind.Member, "m1", terms);
        var deadline = CommitmentRules.Deadline(terms.DueOn);

        // The first tick comes after 20 days, finds the date ahead and waits again.
        clock.Advance(TimeSpan.FromDays(21));
        await Task.Delay(1000);
        clock.Advance(deadline - clock.GetUtcNow() - TimeSpan.FromHours(1));
        await Task.Delay(1000);
        Assert.Equal(CommitmentStatus.Open, (await Commitment(harness, "c1").GetDetails())!.Status);

        clock.Advance(TimeSpan.FromHours(2));
        await FakeClockPump.PumpUntilAsync(clock, async () => (await harness.Factory.GetGrain<ISupervisionBoardGrain>("d").GetOpenItems()).Length == 1, "d supervises c1");
        await CountersAsync(clock, harness, "b", open: 1, done: 0, overdue: 1);
    }

    [Fact]
    public async Task Commitments_keep_their_rules()
    {
        var clock = Clock();
        await using var harness = await DistrictAsync(clock);

        var past = await Assert.ThrowsAsync<DomainException>(() => MakeAsync(harness, "c0", CommitmentOwnerKind.Member, "m1", Terms(clock, -1)));
        Assert.Equal("dueOn", past.Field);
        var zero = await Assert.ThrowsAsync<DomainException>(() => MakeAsync(harness, "c0", CommitmentOwnerKind.Member, "m1", Terms(clock) with { Target = 0 }));
        Assert.Equal("target", zero.Field);
        var unknownMember = await Assert.ThrowsAsync<DomainException>(() => MakeAsync(harness, "c0", CommitmentOwnerKind.Member, "nobody", Terms(clock)));
        Assert.Equal((DomainErrorKind.NotFound, DomainErrors.MemberNotFound), (unknownMember.Kind, unknownMember.Code));
        var unknownOrg = await Assert.ThrowsAsync<DomainException>(() => MakeAsync(harness, "c0", CommitmentOwnerKind.Org, "nowhere", Terms(clock)));
        Assert.Equal((DomainErrorKind.NotFound, DomainErrors.OrgNotFound), (unknownOrg.Kind, unknownOrg.Code));
        Assert.Null(await Commitment(harness, "c0").GetDetails());

        await MakeAsync(harness, "c1", CommitmentOwnerKind.Member, "m1", Terms(clock, 1));
        var twice = await Assert.ThrowsAsync<DomainException>(() => MakeAsync(harness, "c1", CommitmentOwnerKind.Member, "m1", Terms(clock, 1)));
        Assert.Equal(DomainErrors.CommitmentExists, twice.Code);
        var noAmount = await Assert.ThrowsAsync<DomainException>(() => Commitment(harness, "c1").ReportProgress(0, null, "m1"));
        Assert.Equal("amount", noAmount.Field);
        var badScore = await Assert.ThrowsAsync<DomainException>(() => Commitment(harness, "c1").Review(ReviewerKind.Leader, 6, null, "leader"));
        Assert.Equal("score", badScore.Field);

        await Commitment(harness, "c1").ReportProgress(2.5m, "第一次", "m1");
        await Commitment(harness, "c1").ReportProgress(3, null, "m1");
        var reviewed = await Commitment(harness, "c1").Review(ReviewerKind.Public, 5, "群众满意", "grid-worker-1");
        Assert.Equal(5.5m, reviewed.Progress);
        Assert.Equal(2, reviewed.Entries.Length);
        Assert.Equal((ReviewerKind.Public, 5), (reviewed.Reviews[0].By, reviewed.Reviews[0].Score));
        Assert.Equal("m1", Assert.Single(await harness.Org("b").GetSourceIds(SourceKind.Member)));
    }
}
