using Microsoft.Extensions.Time.Testing;

namespace PartyActors.Grains.Tests.Rollups;

/// <summary>
/// The one protocol of roll-up sources with deadlines (<see cref="ContributionCommitter{TState}"/>,
/// <see cref="DeadlineReminder"/>), met through a commitment owned by a branch: what an outage of the
/// source's own store does to the figures, what reconciliation hears meanwhile, and the reminder's row.
/// </summary>
public sealed class SourceProtocolTests
{
    private static readonly GrainId K1 = GrainId.Create("commitment", "k1");

    /// <summary>A district d with a branch b, on a clock the test moves (reminders refresh often and load an hour ahead).</summary>
    private static async Task<DomainHarness> DistrictAsync(FakeTimeProvider clock)
    {
        var harness = await DomainHarness.StartAsync(time: clock, silo: s => s.Configure<ReminderOptions>(o =>
        {
            o.RefreshReminderListPeriod = TimeSpan.FromMilliseconds(200);
            o.ReminderLoadingWindow = TimeSpan.FromHours(1);
        }));
        await harness.PlaceAsync("d", null, OrganizationKind.District);
        await harness.PlaceAsync("b", "d", OrganizationKind.Branch);
        return harness;
    }

    private static ICommitmentGrain Commitment(DomainHarness harness) => harness.Factory.GetGrain<ICommitmentGrain>("k1");

    private static Task<CommitmentDetails> MakeAsync(DomainHarness harness, FakeTimeProvider clock, int daysAhead) =>
        Commitment(harness).Make(new CommitmentOwner(CommitmentOwnerKind.Org, "b"),
            new CommitmentTerms("为社区老人义务理发", 10, "次", CommitmentRules.Today(clock.GetUtcNow()).AddDays(daysAhead)), "tester");

    private static Task<ReminderEntry?> ReminderRowAsync(DomainHarness harness) => harness.Reminders.For(new CrashFence()).ReadRow(K1, "commitment-due");

    private static Task CountersAsync(FakeTimeProvider clock, DomainHarness harness, long open, long done) =>
        FakeClockPump.PumpUntilAsync(clock, async () =>
        {
            var metrics = (await harness.Org("b").GetRollup()).Metrics;
            return metrics[Metric.CommitmentsOpen] == open && metrics[Metric.CommitmentsDone] == done;
        }, $"b counts {open} open and {done} done commitments");

    [Fact]
    public async Task A_failed_write_restores_the_contribution_and_reconciliation_hears_busy_meanwhile()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await DistrictAsync(clock);
        await MakeAsync(harness, clock, daysAhead: 5);
        await CountersAsync(clock, harness, open: 1, done: 0);

        // The organization holds the new contribution durably before the source writes its own state.
        var hold = harness.Faults.HoldNextWrite(K1);
        var completing = Commitment(harness).Complete("tester");
        await hold.Reached;
        await CountersAsync(clock, harness, open: 0, done: 1);
        Assert.Equal(new ContributionReport(Busy: true, null), await Commitment(harness).GetContribution("b"));

        // The write fails: the committed state and its contribution come back.
        hold.Fail();
        await Assert.ThrowsAsync<StorageUnavailableException>(() => completing);
        await CountersAsync(clock, harness, open: 1, done: 0);
        var report = await Commitment(harness).GetContribution("b");
        Assert.False(report.Busy);
        Assert.Equal((1L, 0L), (report.Contribution!.Counters[Metric.CommitmentsOpen], report.Contribution.Counters[Metric.CommitmentsDone]));
        Assert.Null((await Commitment(harness).GetContribution("d")).Contribution);
        Assert.Equal(CommitmentStatus.Open, (await Commitment(harness).GetDetails())!.Status);

        // And the next commit starts from it.
        Assert.Equal(CommitmentStatus.Done, (await Commitment(harness).Complete("tester")).Status);
        await CountersAsync(clock, harness, open: 0, done: 1);
    }

    [Fact]
    public async Task The_first_wait_of_a_deadline_reminder_is_capped_and_it_retries_hourly()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await DistrictAsync(clock);
        var made = clock.GetUtcNow();
        await MakeAsync(harness, clock, daysAhead: 90);

        var row = await ReminderRowAsync(harness);
        Assert.NotNull(row);
        Assert.Equal(made.UtcDateTime + DeadlineReminder.MaxFirstWait, row.StartAt);
        Assert.Equal(TimeSpan.FromHours(1), row.Period);

        Assert.Equal(TimeSpan.FromDays(20), DeadlineReminder.FirstWait(made.AddDays(90), made));
        Assert.Equal(TimeSpan.FromHours(5), DeadlineReminder.FirstWait(made.AddHours(5), made));
        Assert.Equal(TimeSpan.Zero, DeadlineReminder.FirstWait(made.AddHours(-5), made));
    }

    [Fact]
    public async Task A_tick_for_a_source_whose_first_write_failed_removes_its_reminder()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await DistrictAsync(clock);
        harness.Faults.Refuse(K1);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => MakeAsync(harness, clock, daysAhead: 0));
        harness.Faults.Restore(K1);

        // Registered before the write, so that a deadline is never lost: the tick finds no commitment.
        Assert.NotNull(await ReminderRowAsync(harness));
        Assert.Null(await Commitment(harness).GetDetails());
        await FakeClockPump.PumpUntilAsync(clock, async () => await ReminderRowAsync(harness) is null, "the reminder of the commitment never made is removed", TimeSpan.FromMinutes(1));
        Assert.Null(await Commitment(harness).GetDetails());
        await CountersAsync(clock, harness, open: 0, done: 0);
    }
}
