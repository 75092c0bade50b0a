using Microsoft.Extensions.Time.Testing;

namespace PartyActors.Grains.Tests;

public sealed class PointsTests
{
    private static async Task<DomainHarness> TreeAsync(TimeProvider? time = null)
    {
        var harness = await DomainHarness.StartAsync(time: time);
        await harness.PlaceAsync("d", null, OrganizationKind.District);
        await harness.PlaceAsync("c", "d", OrganizationKind.Community);
        await harness.PlaceAsync("b", "c");
        await harness.EnrollAsync("m1", "b");
        return harness;
    }

    private static PointsAward Manual(int points, string sourceId) => new(points, "志愿服务", PointsSources.Manual, sourceId);

    private static async Task AssertRolledUpAsync(DomainHarness harness, string orgId, long points) =>
        await DomainHarness.EventuallyAsync(async () => (await harness.Org(orgId).GetRollup()).Metrics[Metric.Points] == points,
            $"{orgId} rolls up {points} points");

    [Fact]
    public async Task Awards_are_idempotent_by_source_id_and_the_balance_and_roll_up_follow_the_ledger()
    {
        await using var harness = await TreeAsync();
        var member = harness.Member("m1");

        var first = await member.AwardPoints(Manual(5, "a-1"));
        var repeat = await member.AwardPoints(Manual(7, "a-1"));
        await member.AwardPoints(Manual(-2, "a-2"));

        Assert.False(first.Repeat);
        Assert.True(repeat.Repeat);
        Assert.Equal(first.Entry, repeat.Entry);
        var ledger = await member.GetPoints(null, null);
        Assert.Equal(3, ledger.Total);
        Assert.Equal(["a-2", "a-1"], ledger.Entries.Select(e => e.SourceId));
        Assert.Equal(3, (await member.GetDetails())!.Points.Total);
        await AssertRolledUpAsync(harness, "d", 3);
    }

    [Fact]
    public async Task The_same_source_id_from_another_source_is_another_entry()
    {
        await using var harness = await TreeAsync();
        var member = harness.Member("m1");

        await member.AwardPoints(Manual(5, "x"));
        var claim = await member.AwardPoints(new PointsAward(2, "服务", PointsSources.Claim, "x"));

        Assert.False(claim.Repeat);
        Assert.Equal(7, (await member.GetPoints(null, null)).Total);
    }

    [Fact]
    public async Task Invalid_awards_and_departed_or_unknown_members_are_refused_and_change_nothing()
    {
        await using var harness = await TreeAsync();
        var member = harness.Member("m1");

        Assert.Equal("points", (await Assert.ThrowsAsync<DomainException>(() => member.AwardPoints(Manual(0, "z")))).Field);
        Assert.Equal("points", (await Assert.ThrowsAsync<DomainException>(() => member.AwardPoints(Manual(PointsRules.MaxPoints + 1, "z")))).Field);
        Assert.Equal("reason", (await Assert.ThrowsAsync<DomainException>(() => member.AwardPoints(Manual(1, "z") with { Reason = " " }))).Field);
        var unknown = await Assert.ThrowsAsync<DomainException>(() => harness.Member("nobody").AwardPoints(Manual(1, "z")));
        Assert.Equal(DomainErrors.MemberNotFound, unknown.Code);
        await member.Leave();
        var left = await Assert.ThrowsAsync<DomainException>(() => member.AwardPoints(Manual(1, "z")));
        Assert.Equal(DomainErrors.MemberLeft, left.Code);

        Assert.Empty((await member.GetPoints(null, null)).Entries);
    }

    [Fact]
    public async Task The_ledger_and_balance_agree_after_a_crash_and_restart()
    {
        await using var harness = await TreeAsync();
        await harness.Member("m1").AwardPoints(Manual(4, "before"));

        await harness.CrashAndRestartAsync();

        var ledger = await harness.Member("m1").GetPoints(null, null);
        Assert.Equal(4, ledger.Total);
        Assert.Single(ledger.Entries);
        Assert.True((await harness.Member("m1").AwardPoints(Manual(9, "before"))).Repeat);
        await AssertRolledUpAsync(harness, "d", 4);
    }

    [Fact]
    public async Task An_entry_appended_before_a_crash_but_not_yet_in_the_state_is_counted_after_the_restart()
    {
        await using var harness = await TreeAsync();
        await harness.Member("m1").AwardPoints(Manual(4, "first"));
        await harness.CrashAsync();

        // What a crash between the ledger append and the state write leaves: the entry, with the state one behind.
        var lost = new PointsEntry("2", 6, "志愿服务", PointsSources.Manual, "second", DateTimeOffset.UtcNow);
        await harness.Store!.AppendAsync("points", GrainId.Create("member", "m1"), [new JsonGrainStateSerializer().SerializeToUtf8Bytes(lost)], 2, default);
        await harness.StartAsync();

        // The organization reconciles after its crash, which activates the member, which catches up on its own.
        await AssertRolledUpAsync(harness, "d", 10);
        var ledger = await harness.Member("m1").GetPoints(null, null);
        Assert.Equal(10, ledger.Total);
        Assert.Equal(10, ledger.Entries.Sum(e => e.Points));
        Assert.True((await harness.Member("m1").AwardPoints(Manual(1, "second"))).Repeat);
        Assert.Equal(10, (await harness.Member("m1").GetDetails())!.Points.Total);
    }

    [Fact]
    public async Task This_month_and_this_year_are_periods_of_China_Standard_Time()
    {
        // 2026-10-31 17:00 UTC is 2026-11-01 01:00 in Beijing: already November there.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 10, 31, 15, 0, 0, TimeSpan.Zero));
        await using var harness = await TreeAsync(time);
        var member = harness.Member("m1");
        await member.AwardPoints(Manual(3, "october"));
        time.Advance(TimeSpan.FromHours(2));
        await member.AwardPoints(Manual(5, "november"));

        var points = (await member.GetDetails())!.Points;

        Assert.Equal(new MemberPoints(8, 5, 8), points);
        var november = await member.GetPoints(new DateTimeOffset(2026, 11, 1, 0, 0, 0, PointsRules.ChinaStandardTime), null);
        Assert.Equal(["november"], november.Entries.Select(e => e.SourceId));
        Assert.Equal(8, november.Total);
    }

    [Fact]
    public async Task An_applicant_becomes_an_activist_only_with_the_threshold_of_points()
    {
        await using var harness = await TreeAsync();
        await harness.EnrollAsync("a1", "b", MemberStatus.Applicant);

        var refused = await Assert.ThrowsAsync<DomainException>(() => harness.EnrollAsync("a1", "b", MemberStatus.Activist));
        Assert.Equal((DomainErrorKind.Conflict, DomainErrors.PointsBelowThreshold), (refused.Kind, refused.Code));
        Assert.Equal(MemberStatus.Applicant, (await harness.Member("a1").GetDetails())!.Status);

        await harness.Member("a1").AwardPoints(Manual(30, "study"));
        await harness.EnrollAsync("a1", "b", MemberStatus.Activist);
        Assert.Equal(MemberStatus.Activist, (await harness.Member("a1").GetDetails())!.Status);
    }
}
