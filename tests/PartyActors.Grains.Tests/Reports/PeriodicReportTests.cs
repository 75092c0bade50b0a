using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace PartyActors.Grains.Tests.Reports;

/// <summary>
/// Periodic reports: at each month, quarter and year end every organization stores one immutable
/// snapshot of its roll-up per period, whether or not anyone is online, across restarts and crashes.
/// The clock is a fake one set just before a boundary; the schedule's reminder ticks on it.
/// </summary>
public sealed class PeriodicReportTests
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    /// <summary>Midnight starting April 2027 in Beijing: it ends 2027-03 and 2027-Q1.</summary>
    private static readonly DateTimeOffset April = new(2027, 4, 1, 0, 0, 0, Cst);

    /// <summary>Midnight starting 2028 in Beijing: it ends 2027-12, 2027-Q4 and 2027.</summary>
    private static readonly DateTimeOffset NewYear = new(2028, 1, 1, 0, 0, 0, Cst);

    private static readonly string[] Orgs = ["d", "s", "b1", "b2"];

    /// <summary>
    /// A cluster with the schedule, on <paramref name="clock"/>. The reminder service keeps only the
    /// reminders due within its loading window, re-reading the table to load the others as they come
    /// near, and skips a tick whose time passed before it loaded it: refresh often and load an hour
    /// ahead, and let the clock approach a boundary (<see cref="CrossAsync"/>) rather than jump over it.
    /// </summary>
    private static Task<DomainHarness> StartAsync(FakeTimeProvider clock, Action<ISiloBuilder>? silo = null) =>
        DomainHarness.StartAsync(time: clock, silo: builder =>
        {
            builder.AddPeriodicReports(o => o.RetryDelay = TimeSpan.FromSeconds(1));
            builder.Configure<ReminderOptions>(o =>
            {
                o.RefreshReminderListPeriod = TimeSpan.FromMilliseconds(200);
                o.ReminderLoadingWindow = TimeSpan.FromHours(1);
            });
            silo?.Invoke(builder);
        });

    /// <summary>A district d, a street s, branches b1 and b2 under it with two and one members; waits until d counts them and the schedule has started.</summary>
    private static async Task TreeAsync(FakeTimeProvider clock, DomainHarness harness)
    {
        await harness.PlaceAsync("d", null, OrganizationKind.District, "二七区委");
        await harness.PlaceAsync("s", "d", OrganizationKind.Street, "淮河路街道党工委");
        await harness.PlaceAsync("b1", "s");
        await harness.PlaceAsync("b2", "s");
        await harness.EnrollAsync("m1", "b1");
        await harness.EnrollAsync("m2", "b1", MemberStatus.Probationary);
        await harness.EnrollAsync("m3", "b2");
        await MembersAsync(clock, harness, "d", 3);
        await StartedAsync(clock, harness);
    }

    private static IReportScheduleGrain Schedule(DomainHarness harness) => harness.Factory.GetGrain<IReportScheduleGrain>(IReportScheduleGrain.Key);

    private static IOrganizationReportsGrain Reports(DomainHarness harness, string orgId) => harness.Factory.GetGrain<IOrganizationReportsGrain>(orgId);

    private static Task MembersAsync(FakeTimeProvider clock, DomainHarness harness, string orgId, long members) =>
        FakeClockPump.PumpUntilAsync(clock, async () => (await harness.Org(orgId).GetRollup()).Metrics[Metric.Members] == members, $"{orgId} counts {members} members");

    /// <summary>Waits until a silo has started the schedule (in the background, as it starts).</summary>
    private static Task StartedAsync(FakeTimeProvider clock, DomainHarness harness) =>
        FakeClockPump.PumpUntilAsync(clock, async () => (await Schedule(harness).GetStatus()).Started, "the schedule has started");

    /// <summary>
    /// Moves the clock to a minute before <paramref name="boundary"/>, lets the reminder service load
    /// the schedule's reminder, checks with <paramref name="before"/> that nothing happened yet, then
    /// moves past the boundary and waits until the schedule has swept it.
    /// </summary>
    private static async Task CrossAsync(FakeTimeProvider clock, DomainHarness harness, DateTimeOffset boundary, Func<Task>? before = null)
    {
        await ApproachAsync(clock, boundary);
        if (before is not null)
        {
            await before();
        }

        clock.Advance(TimeSpan.FromMinutes(2));
        await SweptThroughAsync(clock, harness, boundary);
    }

    /// <summary>Moves the clock to a minute before <paramref name="boundary"/> and on in small steps for a second, so the reminder service loads what is due.</summary>
    private static async Task ApproachAsync(FakeTimeProvider clock, DateTimeOffset boundary)
    {
        clock.Advance(boundary - clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        for (var i = 0; i < 100; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(3);
        }
    }

    private static Task SweptThroughAsync(FakeTimeProvider clock, DomainHarness harness, DateTimeOffset boundary) =>
        FakeClockPump.PumpUntilAsync(clock, async () => (await Schedule(harness).GetStatus()).SweptThrough == boundary, $"the schedule has swept {boundary:O}");

    private static async Task<string[]> PeriodsAsync(DomainHarness harness, string orgId) =>
        [.. (await Reports(harness, orgId).GetPeriods()).Select(p => p.Period.ToString())];

    /// <summary>What the store holds for the organization's snapshots: the period of every entry of the log, in order.</summary>
    private static async Task<string[]> StoredPeriodsAsync(DomainHarness harness, string orgId)
    {
        var entries = await ((IGrainLogStorage)harness.Store!).ReadAsync(
            "period-snapshots", GrainId.Create("organization-reports", orgId), 1, long.MaxValue, CancellationToken.None);
        return [.. entries.Select(e => JsonDocument.Parse(e.Json).RootElement.GetProperty("period").GetString()!)];
    }

    /// <summary>The same snapshot: every field, the children and every metric (records compare arrays by reference).</summary>
    private static void AssertSame(PeriodSnapshot expected, PeriodSnapshot actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));

    private static async Task<PeriodSnapshot> SnapshotAsync(DomainHarness harness, string orgId, string period)
    {
        Assert.True(ReportPeriod.TryParse(period, out var parsed));
        return await Reports(harness, orgId).GetSnapshot(parsed) ?? throw new Xunit.Sdk.XunitException($"{orgId} has no snapshot of {period}.");
    }

    [Fact]
    public async Task A_month_and_quarter_end_takes_one_snapshot_per_organization_and_period_and_none_before()
    {
        var clock = new FakeTimeProvider(April - TimeSpan.FromMinutes(10));
        await using var harness = await StartAsync(clock);
        await TreeAsync(clock, harness);

        // A minute before midnight in Beijing: nothing yet.
        await CrossAsync(clock, harness, April, async () =>
        {
            foreach (var org in Orgs)
            {
                Assert.Empty(await PeriodsAsync(harness, org));
            }

            Assert.Equal(April.AddMonths(-1), (await Schedule(harness).GetStatus()).SweptThrough);
        });
        foreach (var org in Orgs)
        {
            Assert.Equal(["2027-03", "2027-Q1"], await PeriodsAsync(harness, org));
            Assert.Equal(["2027-03", "2027-Q1"], await StoredPeriodsAsync(harness, org));
        }

        var district = await SnapshotAsync(harness, "d", "2027-03");
        Assert.Equal(("d", "二七区委", OrganizationKind.District, (string?)null), (district.OrgId, district.Name, district.Kind, district.ParentId));
        Assert.Equal(["s"], district.ChildIds.ToArray());
        Assert.Equal((4L, 3L, 1L), (district.Rollup.Metrics[Metric.Orgs], district.Rollup.Metrics[Metric.Members], district.Rollup.Metrics[Metric.Probationary]));
        Assert.InRange(district.TakenAt, April, April + TimeSpan.FromMinutes(3));
        Assert.True(district.Rollup.AsOf <= district.TakenAt);
        Assert.Equal(2L, (await SnapshotAsync(harness, "b1", "2027-Q1")).Rollup.Metrics[Metric.Members]);

        var last = (await Schedule(harness).GetStatus()).LastSweep!;
        Assert.Equal((April, 4, 8), (last.Boundary, last.Organizations, last.Taken));
        Assert.Equal(2, last.Walks);

        // Later changes leave the snapshots as they were, across a restart too.
        await harness.EnrollAsync("m4", "b2");
        await harness.EnrollAsync("m5", "b2");
        await MembersAsync(clock, harness, "d", 5);
        AssertSame(district, await SnapshotAsync(harness, "d", "2027-03"));
        await harness.RestartAsync();
        AssertSame(district, await SnapshotAsync(harness, "d", "2027-03"));
        Assert.Equal(["2027-03", "2027-Q1"], await StoredPeriodsAsync(harness, "d"));

        // A month later only the month ends: no quarter, no year.
        var may = April.AddMonths(1);
        await StartedAsync(clock, harness);
        await CrossAsync(clock, harness, may, async () => Assert.Equal(["2027-03", "2027-Q1"], await PeriodsAsync(harness, "d")));
        foreach (var org in Orgs)
        {
            Assert.Equal(["2027-04", "2027-03", "2027-Q1"], await PeriodsAsync(harness, org));
        }

        Assert.Equal(5L, (await SnapshotAsync(harness, "d", "2027-04")).Rollup.Metrics[Metric.Members]);
    }

    [Fact]
    public async Task A_year_end_passed_while_no_silo_ran_is_swept_once_when_one_starts()
    {
        var clock = new FakeTimeProvider(NewYear - TimeSpan.FromMinutes(10));
        await using var harness = await StartAsync(clock);
        await TreeAsync(clock, harness);

        // The power goes some seconds after the last change (organizations checkpoint what they
        // published every 2 s), and comes back two hours into the new year.
        for (var i = 0; i < 60; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(3);
        }

        await harness.CrashAsync();
        clock.Advance(NewYear - clock.GetUtcNow() + TimeSpan.FromHours(2));
        await harness.StartAsync();

        // No tick comes: the starting silo finds the boundary passed and sweeps it.
        await SweptThroughAsync(clock, harness, NewYear);
        foreach (var org in Orgs)
        {
            Assert.Equal(["2027-12", "2027-Q4", "2027"], await StoredPeriodsAsync(harness, org));
        }

        // Taken late: the figures when it was taken, and it says when.
        var year = await SnapshotAsync(harness, "d", "2027");
        Assert.True(year.TakenAt >= NewYear + TimeSpan.FromHours(2), $"taken at {year.TakenAt:O}");
        Assert.Equal(3L, year.Rollup.Metrics[Metric.Members]);

        // A crash right after, and another start: nothing is taken twice.
        await harness.CrashAndRestartAsync();
        await StartedAsync(clock, harness);
        clock.Advance(TimeSpan.FromHours(3));
        await Task.Delay(500);
        foreach (var org in Orgs)
        {
            Assert.Equal(["2027-12", "2027-Q4", "2027"], await StoredPeriodsAsync(harness, org));
        }

        AssertSame(year, await SnapshotAsync(harness, "d", "2027"));
        Assert.Equal(NewYear, (await Schedule(harness).GetStatus()).SweptThrough);
    }

    [Fact]
    public async Task A_crash_in_the_middle_of_a_sweep_leaves_one_snapshot_per_organization_and_period()
    {
        var clock = new FakeTimeProvider(April - TimeSpan.FromMinutes(10));

        // Organizations under b2 hold their takes until the test lets them go: the crash comes mid-sweep.
        var gate = new TakeGate("b2");
        await using var harness = await StartAsync(clock, silo => silo.AddIncomingGrainCallFilter(gate.InvokeAsync));
        await TreeAsync(clock, harness);

        await ApproachAsync(clock, April);
        clock.Advance(TimeSpan.FromMinutes(2));
        await FakeClockPump.PumpUntilAsync(clock, async () => gate.Waiting && (await StoredPeriodsAsync(harness, "b1")).Length == 2, "the sweep reaches b2 and has taken b1");
        Assert.Empty(await StoredPeriodsAsync(harness, "b2"));

        await harness.CrashAsync();
        gate.Open();
        await harness.StartAsync();
        await SweptThroughAsync(clock, harness, April);
        foreach (var org in Orgs)
        {
            Assert.Equal(["2027-03", "2027-Q1"], await StoredPeriodsAsync(harness, org));
        }

        // Asking again (a retry, a second walk) takes nothing.
        var again = await Reports(harness, "s").Take(April);
        Assert.Equal((true, 0), (again.Exists, again.Taken));
        Assert.Equal(["b1", "b2"], again.ChildIds.ToArray());
        Assert.Equal(["2027-03", "2027-Q1"], await StoredPeriodsAsync(harness, "s"));
    }

    [Fact]
    public async Task An_organization_that_cannot_take_its_snapshots_is_asked_again_until_it_does()
    {
        var clock = new FakeTimeProvider(April - TimeSpan.FromMinutes(10));
        var gate = new TakeGate("b1", refuse: true);
        await using var harness = await StartAsync(clock, silo => silo.AddIncomingGrainCallFilter(gate.InvokeAsync));
        await TreeAsync(clock, harness);

        await ApproachAsync(clock, April);
        clock.Advance(TimeSpan.FromMinutes(2));
        await FakeClockPump.PumpUntilAsync(clock, async () => (await Schedule(harness).GetStatus()).Sweeping is { Failed: > 0 }, "b1 is refused");
        Assert.Equal(["2027-03", "2027-Q1"], await StoredPeriodsAsync(harness, "b2"));
        Assert.Empty(await StoredPeriodsAsync(harness, "b1"));
        Assert.Equal(April.AddMonths(-1), (await Schedule(harness).GetStatus()).SweptThrough);

        gate.Open();
        await SweptThroughAsync(clock, harness, April);
        foreach (var org in Orgs)
        {
            Assert.Equal(["2027-03", "2027-Q1"], await StoredPeriodsAsync(harness, org));
        }
    }

    [Fact]
    public async Task Every_root_is_walked_and_roots_are_those_that_exist_without_a_parent()
    {
        var clock = new FakeTimeProvider(April - TimeSpan.FromMinutes(10));
        await using var harness = await StartAsync(clock);
        await harness.PlaceAsync("r1", null, OrganizationKind.District);
        await harness.PlaceAsync("r2", null, OrganizationKind.District);
        await harness.PlaceAsync("r3", null, OrganizationKind.Community);
        await harness.PlaceAsync("g", "r2", OrganizationKind.Grid);
        await harness.PlaceAsync("r3", "r1", OrganizationKind.Community);
        await Assert.ThrowsAsync<DomainException>(() => harness.PlaceAsync("r4", null, (OrganizationKind)999));
        Assert.Equal(["r1", "r2"], (await harness.Tree.GetRoots()).Order(StringComparer.Ordinal));
        await harness.RestartAsync();
        Assert.Equal(["r1", "r2"], (await harness.Tree.GetRoots()).Order(StringComparer.Ordinal));

        await StartedAsync(clock, harness);
        await CrossAsync(clock, harness, April);
        foreach (var org in new[] { "r1", "r2", "r3", "g" })
        {
            Assert.Equal(["2027-03", "2027-Q1"], await PeriodsAsync(harness, org));
        }

        Assert.Equal("r1", (await SnapshotAsync(harness, "r3", "2027-Q1")).ParentId);
    }

    [Fact]
    public async Task Takes_and_trends_refuse_what_is_not_a_boundary_or_a_range()
    {
        var clock = new FakeTimeProvider(April + TimeSpan.FromDays(3));
        await using var harness = await DomainHarness.StartAsync(time: clock);
        await harness.PlaceAsync("d", null, OrganizationKind.District);

        var notBoundary = await Assert.ThrowsAsync<DomainException>(() => Reports(harness, "d").Take(April.AddHours(1)));
        Assert.Equal("boundary", notBoundary.Field);
        var future = await Assert.ThrowsAsync<DomainException>(() => Reports(harness, "d").Take(April.AddMonths(1)));
        Assert.Equal("boundary", future.Field);
        var nowhere = await Reports(harness, "nowhere").Take(April);
        Assert.Equal((false, 0), (nowhere.Exists, nowhere.Taken));
        Assert.Empty(await PeriodsAsync(harness, "nowhere"));

        // An explicit take of a past boundary (what a late sweep does) is taken with the figures of now.
        Assert.Equal(2, (await Reports(harness, "d").Take(April)).Taken);
        Assert.Equal(1, (await Reports(harness, "d").Take(April.AddMonths(-1))).Taken);
        var trend = await Reports(harness, "d").GetTrend(Metric.Orgs, ReportPeriod.Month(2027, 1), ReportPeriod.Month(2027, 4));
        Assert.Equal(["2027-01", "2027-02", "2027-03", "2027-04"], trend.Select(p => p.Period.ToString()));
        Assert.Equal([null, 1L, 1L, null], trend.Select(p => p.Value));
        Assert.Equal(["2027-03", "2027-Q1", "2027-02"], await PeriodsAsync(harness, "d"));

        var backwards = await Assert.ThrowsAsync<DomainException>(() => Reports(harness, "d").GetTrend(Metric.Orgs, ReportPeriod.Month(2027, 4), ReportPeriod.Month(2027, 1)));
        Assert.Equal("to", backwards.Field);
        var mixed = await Assert.ThrowsAsync<DomainException>(() => Reports(harness, "d").GetTrend(Metric.Orgs, ReportPeriod.Month(2027, 1), ReportPeriod.Quarter(2027, 1)));
        Assert.Equal("to", mixed.Field);
    }

    /// <summary>
    /// Holds (or refuses) <see cref="IOrganizationReportsGrain.Take"/> for one organization until
    /// <see cref="Open"/>: a sweep that stops midway, or an organization whose store refuses.
    /// </summary>
    private sealed class TakeGate(string orgId, bool refuse = false)
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _waiting;

        public bool Waiting => _waiting;

        public void Open() => _open.TrySetResult();

        public async Task InvokeAsync(IIncomingGrainCallContext context)
        {
            if (context.InterfaceMethod.Name == nameof(IOrganizationReportsGrain.Take)
                && context.TargetId.Key.ToString() == orgId
                && !_open.Task.IsCompleted)
            {
                if (refuse)
                {
                    throw new StorageUnavailableException($"The store refuses {orgId}'s snapshots for the test.");
                }

                _waiting = true;
                await _open.Task;
            }

            await context.Invoke();
        }
    }
}
