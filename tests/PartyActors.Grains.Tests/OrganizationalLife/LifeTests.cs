using Microsoft.Extensions.Time.Testing;
using static PartyActors.Grains.Tests.OrganizationalLife.LifeClock;

namespace PartyActors.Grains.Tests.OrganizationalLife;

/// <summary>
/// Organizational life (三会一课): quorum, compliance per cycle, templates inherited down the tree,
/// figures that follow kinds, moves, cycle boundaries in China Standard Time and restarts.
/// </summary>
public sealed class LifeTests
{
    /// <summary>The five activities the defaults require of a branch (and of a grid).</summary>
    private const int BranchDefaults = 5;

    /// <summary>The three the defaults require of a community (a Party committee).</summary>
    private const int CommunityDefaults = 3;

    private static DateOnly Day(int year, int month, int day) => new(year, month, day);

    [Fact]
    public async Task Quorum_needs_more_than_half_of_the_organizations_own_members_and_only_its_members_attend()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 5, 10, 9, 0, 0, Cst));
        await using var harness = await StartAsync(clock, TimeSpan.FromDays(3));
        await harness.PlaceAsync("q-c", null, OrganizationKind.Community);
        await harness.PlaceAsync("q-b", "q-c");
        await harness.PlaceAsync("q-b2", "q-b");
        await harness.EnrollAsync("q-m1", "q-b");
        await harness.EnrollAsync("q-m2", "q-b", MemberStatus.Probationary);
        await harness.EnrollAsync("q-m3", "q-b");
        await harness.EnrollAsync("q-m4", "q-b", MemberStatus.Applicant);
        await harness.EnrollAsync("q-m5", "q-c");
        await harness.EnrollAsync("q-m6", "q-b2");
        var life = Life(harness, "q-b");

        var alone = await life.RecordMeeting("mt-1", Draft(LifeActivity.CommitteeMeeting, Day(2027, 5, 9), "q-m1"), "test");
        Assert.Equal(new MeetingQuorum(1, 3, 2, false), alone.Quorum);
        Assert.False(alone.Counts);

        var two = await life.RecordMeeting("mt-2", Draft(LifeActivity.MemberMeeting, Day(2027, 5, 10), "q-m1", "q-m2"), "test");
        Assert.Equal(new MeetingQuorum(2, 3, 2, true), two.Quorum);
        Assert.True(two.Counts);

        foreach (var stranger in new[] { "q-m4", "q-m5", "q-m6", "q-nobody" })
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => life.RecordMeeting("mt-x-" + stranger, Draft(LifeActivity.PartyLesson, Day(2027, 5, 10), "q-m1", stranger), "test"));
            Assert.Equal(DomainErrorKind.UnknownReference, refused.Kind);
            Assert.Equal(LifeRules.NotAMember, refused.Code);
            Assert.Contains(stranger, refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("q-m1", refused.Message, StringComparison.Ordinal);
        }

        // Again under the same id: the first record, nothing counted twice.
        var again = await life.RecordMeeting("mt-2", Draft(LifeActivity.MemberMeeting, Day(2027, 5, 10), "q-m1", "q-m2", "q-m3"), "test");
        Assert.Equal(["q-m1", "q-m2"], again.Attendees.ToArray());
        Assert.Equal(two.Quorum, again.Quorum);
        Assert.Equal(["mt-1", "mt-2"], (await life.GetMeetings(null)).Select(m => m.Id));
        var stored = await harness.Factory.GetGrain<IMeetingGrain>("mt-1").GetDetails();
        Assert.Equal(("q-b", LifeActivity.CommitteeMeeting, alone.Quorum), (stored!.OrgId, stored.Type, stored.Quorum));

        var status = await life.GetStatus();
        Assert.Equal((BranchDefaults, 1), (status.MeetingsRequired, status.MeetingsHeld));
        await FiguresAsync(clock, harness, "q-b", 2 * BranchDefaults, 1);
        await FiguresAsync(clock, harness, "q-c", CommunityDefaults + (2 * BranchDefaults), 1);
    }

    [Fact]
    public async Task Meetings_are_validated_before_anything_is_recorded()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 5, 10, 9, 0, 0, Cst));
        await using var harness = await StartAsync(clock, TimeSpan.FromDays(3));
        await harness.PlaceAsync("v-b", null);
        await harness.EnrollAsync("v-m1", "v-b");
        var life = Life(harness, "v-b");
        foreach (var (draft, field) in new (MeetingDraft, string)[]
        {
            (Draft(LifeActivity.CommitteeMeeting, Day(2027, 5, 11), "v-m1"), "date"),
            (Draft(LifeActivity.CommitteeMeeting, Day(2027, 3, 31), "v-m1"), "date"),
            (Draft(LifeActivity.MemberMeeting, Day(2026, 12, 31), "v-m1"), "date"),
            (Draft(LifeActivity.CommitteeMeeting, Day(2027, 5, 1), "v-m1", "v-m1"), "attendees"),
            (Draft(LifeActivity.CommitteeMeeting, Day(2027, 5, 1), "bad id!"), "attendees"),
            (Draft(LifeActivity.CommitteeMeeting, Day(2027, 5, 1)) with { Minutes = "  " }, "minutes"),
            (Draft(LifeActivity.CommitteeMeeting, Day(2027, 5, 1)) with { Topic = new string('题', LifeRules.MaxTopicLength + 1) }, "topic"),
            (Draft((LifeActivity)99, Day(2027, 5, 1)), "type"),
        })
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => life.RecordMeeting("mt-v", draft, "test"));
            Assert.Equal(DomainErrorKind.Invalid, refused.Kind);
            Assert.Equal(field, refused.Field);
        }

        // A committee meeting (monthly) of the month before is still recorded; a member meeting (quarterly) of the quarter before too.
        await life.RecordMeeting("mt-april", Draft(LifeActivity.CommitteeMeeting, Day(2027, 4, 30), "v-m1"), "test");
        await life.RecordMeeting("mt-q1", Draft(LifeActivity.MemberMeeting, Day(2027, 1, 1), "v-m1"), "test");
        Assert.Equal(2, (await life.GetMeetings(null)).Length);

        var unknown = await Assert.ThrowsAsync<DomainException>(() => Life(harness, "v-nowhere").RecordMeeting("mt-n", Draft(LifeActivity.CommitteeMeeting, Day(2027, 5, 1)), "test"));
        Assert.Equal(DomainErrorKind.NotFound, unknown.Kind);
    }

    [Fact]
    public async Task Compliance_counts_held_against_required_for_every_cycle_overlapping_the_period()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 5, 20, 9, 0, 0, Cst));
        await using var harness = await StartAsync(clock, TimeSpan.FromDays(3));
        await harness.PlaceAsync("cp-b", null);
        await harness.EnrollAsync("cp-m1", "cp-b");
        await harness.EnrollAsync("cp-m2", "cp-b");
        var life = Life(harness, "cp-b");
        await life.RecordMeeting("mt-0415", Draft(LifeActivity.CommitteeMeeting, Day(2027, 4, 15), "cp-m1", "cp-m2"), "test");
        await life.RecordMeeting("mt-0503", Draft(LifeActivity.CommitteeMeeting, Day(2027, 5, 3), "cp-m1", "cp-m2"), "test");
        await life.RecordMeeting("mt-0504", Draft(LifeActivity.CommitteeMeeting, Day(2027, 5, 4), "cp-m1", "cp-m2"), "test");
        await life.RecordMeeting("mt-0410", Draft(LifeActivity.PartyLesson, Day(2027, 4, 10), "cp-m1", "cp-m2"), "test");
        await life.RecordMeeting("mt-0411", Draft(LifeActivity.MemberMeeting, Day(2027, 4, 11), "cp-m1"), "test");

        var q2 = await life.GetCompliance(ReportPeriod.Quarter(2027, 2));
        var committee = q2.Items.Single(i => i.Activity == LifeActivity.CommitteeMeeting);
        Assert.Equal(["2027-04", "2027-05", "2027-06"], committee.Cycles.Select(c => c.Cycle.ToString()));
        Assert.Equal([CycleStatus.Met, CycleStatus.Met, CycleStatus.Upcoming], committee.Cycles.Select(c => c.Status));
        Assert.Equal([1, 2, 0], committee.Cycles.Select(c => c.Held));
        Assert.Equal((2, 2), (committee.Required, committee.Held));
        var memberMeeting = q2.Items.Single(i => i.Activity == LifeActivity.MemberMeeting);
        Assert.Equal(CycleStatus.Due, Assert.Single(memberMeeting.Cycles).Status);
        Assert.Equal(CycleStatus.Met, Assert.Single(q2.Items.Single(i => i.Activity == LifeActivity.PartyLesson).Cycles).Status);
        var yearly = q2.Items.Single(i => i.Activity == LifeActivity.DemocraticAppraisal);
        Assert.Equal("2027", Assert.Single(yearly.Cycles).Cycle.ToString());
        Assert.Equal((2 + 1 + 1 + 1 + 1, 2 + 1), (q2.Required, q2.Held));
        Assert.Equal(0, q2.Missed);
        Assert.True(q2.Compliant);

        var q1 = await life.GetCompliance(ReportPeriod.Quarter(2027, 1));
        Assert.Equal(3 + 1 + 1, q1.Missed);
        Assert.False(q1.Compliant);
        var april = await life.GetCompliance(ReportPeriod.Month(2027, 4));
        Assert.Equal([CycleStatus.Met], april.Items.Single(i => i.Activity == LifeActivity.CommitteeMeeting).Cycles.Select(c => c.Status));
        Assert.Equal(["mt-0410", "mt-0411", "mt-0415"], (await life.GetMeetings(ReportPeriod.Month(2027, 4))).Select(m => m.Id));
        Assert.Null(q2.DefinedAt);
    }

    [Fact]
    public async Task Templates_are_inherited_by_kind_and_the_subtree_is_recounted_on_every_change_of_template_kind_or_place()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 5, 20, 9, 0, 0, Cst));
        await using var harness = await StartAsync(clock, TimeSpan.FromDays(3));
        await harness.PlaceAsync("t-d", null, OrganizationKind.District);
        await harness.PlaceAsync("t-s", "t-d", OrganizationKind.Street);
        await harness.PlaceAsync("t-s2", "t-d", OrganizationKind.Street);
        await harness.PlaceAsync("t-b1", "t-s");
        await harness.PlaceAsync("t-b2", "t-s");
        await harness.PlaceAsync("t-g", "t-s", OrganizationKind.Grid);
        await FiguresAsync(clock, harness, "t-d", 3 * BranchDefaults, 0);

        var branches = new LifeTemplate([new KindRequirements(OrganizationKind.Branch,
            [new LifeRequirement(LifeActivity.CommitteeMeeting, LifeCadence.Monthly), new LifeRequirement(LifeActivity.PartyDay, LifeCadence.Monthly)])]);
        Assert.Equal(6, await Life(harness, "t-d").SetTemplate(branches));
        var effective = await Life(harness, "t-b1").GetEffective();
        Assert.Equal(("t-d", 2), (effective.DefinedAt, effective.Requirements.Length));
        Assert.Null(effective.Own);
        await FiguresAsync(clock, harness, "t-d", 2 + 2 + BranchDefaults, 0);

        await Life(harness, "t-b2").SetTemplate(new LifeTemplate([new KindRequirements(OrganizationKind.Branch, [])]));
        await FiguresAsync(clock, harness, "t-d", 2 + 0 + BranchDefaults, 0);

        await Life(harness, "t-s2").SetTemplate(new LifeTemplate([new KindRequirements(OrganizationKind.Branch, [new LifeRequirement(LifeActivity.PartyLesson, LifeCadence.Quarterly)])]));
        await harness.PlaceAsync("t-b1", "t-s2");
        await FiguresAsync(clock, harness, "t-s2", 1, 0);
        await FiguresAsync(clock, harness, "t-s", 0 + BranchDefaults, 0);

        await harness.PlaceAsync("t-g", "t-s", OrganizationKind.PartyGroup);
        await FiguresAsync(clock, harness, "t-s", 0 + 1, 0);

        await Life(harness, "t-d").SetTemplate(null);
        await Life(harness, "t-b2").SetTemplate(null);
        await FiguresAsync(clock, harness, "t-d", 1 + BranchDefaults + 1, 0);

        var invalid = await Assert.ThrowsAsync<DomainException>(() => Life(harness, "t-d").SetTemplate(new LifeTemplate([
            new KindRequirements(OrganizationKind.Branch, [new LifeRequirement(LifeActivity.PartyDay, LifeCadence.Monthly), new LifeRequirement(LifeActivity.PartyDay, LifeCadence.Yearly)])])));
        Assert.Equal(DomainErrorKind.Invalid, invalid.Kind);
    }

    [Fact]
    public async Task Figures_turn_over_at_each_cycle_boundary_in_China_Standard_Time_and_reminders_come_before_whether_or_not_anyone_is_online()
    {
        // 3 days before July 2027 (a month, a quarter) in Beijing: a reminder checkpoint, then the boundary.
        var july = new DateTimeOffset(2027, 7, 1, 0, 0, 0, Cst);
        var clock = new FakeTimeProvider(july - TimeSpan.FromDays(3) - TimeSpan.FromHours(4));
        await using var harness = await StartAsync(clock, TimeSpan.FromDays(3));
        await harness.PlaceAsync("cb-c", null, OrganizationKind.Community);
        await harness.PlaceAsync("cb-b", "cb-c");
        await harness.PlaceAsync("cb-idle", "cb-c");
        await harness.EnrollAsync("cb-m1", "cb-b");
        var life = Life(harness, "cb-b");
        await life.RecordMeeting("mt-cm", Draft(LifeActivity.CommitteeMeeting, Day(2027, 6, 27), "cb-m1"), "test");
        await life.RecordMeeting("mt-mm", Draft(LifeActivity.MemberMeeting, Day(2027, 6, 2), "cb-m1"), "test");
        await FiguresAsync(clock, harness, "cb-c", CommunityDefaults + (2 * BranchDefaults), 2);
        Assert.Empty((await life.GetStatus()).Notices);

        await CrossAsync(clock, harness, july - TimeSpan.FromDays(3));
        var notice = Assert.Single((await life.GetStatus()).Notices);
        Assert.Equal((LifeActivity.PartyLesson, "2027-Q2", july), (notice.Activity, notice.Cycle.ToString(), notice.DueBy));
        Assert.Equal(
            [LifeActivity.MemberMeeting, LifeActivity.CommitteeMeeting, LifeActivity.PartyLesson],
            (await Life(harness, "cb-idle").GetStatus()).Notices.Select(n => n.Activity).Order());

        // Just before midnight in Beijing (16:00 UTC) nothing has turned over.
        clock.Advance(july - clock.GetUtcNow() - TimeSpan.FromMinutes(5));
        Assert.Equal(2, (await life.GetStatus()).MeetingsHeld);

        await CrossAsync(clock, harness, july);
        await FiguresAsync(clock, harness, "cb-c", CommunityDefaults + (2 * BranchDefaults), 0);
        await life.RecordMeeting("mt-july", Draft(LifeActivity.CommitteeMeeting, Day(2027, 7, 1), "cb-m1"), "test");
        await FiguresAsync(clock, harness, "cb-c", CommunityDefaults + (2 * BranchDefaults), 1);

        // No silo runs across the start of August: the first start sweeps.
        await harness.StopAsync();
        clock.Advance(new DateTimeOffset(2027, 8, 1, 6, 0, 0, Cst) - clock.GetUtcNow());
        await harness.StartAsync();
        await FiguresAsync(clock, harness, "cb-c", CommunityDefaults + (2 * BranchDefaults), 0);
        Assert.Equal(0, (await Life(harness, "cb-b").GetStatus()).MeetingsHeld);
    }

    [Fact]
    public async Task Created_organizations_have_their_figures_at_once_and_a_dissolved_one_keeps_none()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 5, 20, 9, 0, 0, Cst));
        await using var harness = await StartAsync(clock, TimeSpan.FromDays(3));
        await harness.PlaceAsync("cr-s", null, OrganizationKind.Street);
        await harness.PlaceAsync("cr-b", "cr-s");
        await harness.PlaceAsync("cr-pg", "cr-s", OrganizationKind.PartyGroup);
        await FiguresAsync(clock, harness, "cr-s", BranchDefaults + 1, 0);

        await harness.Tree.Dissolve("cr-b");
        await FiguresAsync(clock, harness, "cr-s", 1, 0);
        await Life(harness, "cr-b").Refresh(force: false);
        Assert.Equal(0, (await Life(harness, "cr-b").GetStatus()).MeetingsRequired);

        await harness.PlaceAsync("cr-b", "cr-s");
        await FiguresAsync(clock, harness, "cr-s", BranchDefaults + 1, 0);
    }

    [Fact]
    public async Task Recorded_meetings_templates_and_figures_survive_a_crash()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 5, 20, 9, 0, 0, Cst));
        await using var harness = await StartAsync(clock, TimeSpan.FromDays(3));
        await harness.PlaceAsync("cr2-s", null, OrganizationKind.Street);
        await harness.PlaceAsync("cr2-b", "cr2-s");
        await harness.EnrollAsync("cr2-m1", "cr2-b");
        await Life(harness, "cr2-s").SetTemplate(new LifeTemplate([new KindRequirements(OrganizationKind.Branch,
            [new LifeRequirement(LifeActivity.CommitteeMeeting, LifeCadence.Monthly), new LifeRequirement(LifeActivity.PartyDay, LifeCadence.Monthly)])]));
        await Life(harness, "cr2-b").RecordMeeting("mt-cr2", Draft(LifeActivity.PartyDay, Day(2027, 5, 19), "cr2-m1"), "test");

        await harness.CrashAndRestartAsync();

        await FiguresAsync(clock, harness, "cr2-s", 2, 1);
        Assert.Equal("mt-cr2", Assert.Single(await Life(harness, "cr2-b").GetMeetings(null)).Id);
        Assert.Equal("cr2-s", (await Life(harness, "cr2-b").GetEffective()).DefinedAt);
        Assert.True((await harness.Factory.GetGrain<IMeetingGrain>("mt-cr2").GetDetails())!.Counts);
    }
}
