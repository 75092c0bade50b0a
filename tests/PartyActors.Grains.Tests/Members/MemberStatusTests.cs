namespace PartyActors.Grains.Tests.Members;

/// <summary>The member grain keeps the pipeline, the points gate and corrections, and records every move in its history.</summary>
public sealed class MemberStatusTests
{
    private static async Task<DomainHarness> TreeAsync()
    {
        var harness = await DomainHarness.StartAsync();
        await harness.PlaceAsync("d", null, OrganizationKind.District);
        await harness.PlaceAsync("c", "d", OrganizationKind.Community);
        await harness.PlaceAsync("b", "c");
        await harness.PlaceAsync("b2", "c");
        return harness;
    }

    private static MemberProfile Profile(MemberStatus status, string orgId = "b") => new("党员", status, MemberCategory.Retired, orgId);

    private static async Task<MemberHistoryEntry[]> HistoryAsync(IMemberGrain member) => [.. (await member.GetHistory(0, 1000)).Items];

    [Fact]
    public async Task A_new_member_starts_at_any_status_and_its_history_begins_with_its_creation()
    {
        await using var harness = await TreeAsync();
        foreach (var status in Enum.GetValues<MemberStatus>())
        {
            var member = harness.Member("new-" + status);
            Assert.Equal(ProfileOutcome.Created, await member.SetProfile(Profile(status), new StatusChange("importer")));
            var created = Assert.Single(await HistoryAsync(member));
            Assert.Equal((MemberHistoryKind.Created, (MemberStatus?)null, (MemberStatus?)status, "b", "importer"), (created.Kind, created.From, created.To, created.ToOrgId, created.By));
        }
    }

    [Fact]
    public async Task A_member_walks_the_pipeline_one_step_at_a_time_and_each_move_is_recorded()
    {
        await using var harness = await TreeAsync();
        var member = harness.Member("m1");
        await member.SetProfile(Profile(MemberStatus.Applicant));
        await member.AwardPoints(new PointsAward(30, "学习", PointsSources.Manual, "s1"));

        await member.SetProfile(Profile(MemberStatus.Activist), new StatusChange("org-admin-1", "支部确定"));
        var candidate = await member.MoveStatus(MemberStatus.Candidate, new StatusChange("org-admin-1", "支委会研究", new DateOnly(2026, 3, 1)));
        await member.MoveStatus(MemberStatus.Probationary, new StatusChange("org-admin-1"));
        await member.MoveStatus(MemberStatus.Full, new StatusChange("org-admin-1", "按期转正"));
        var again = await member.MoveStatus(MemberStatus.Full, new StatusChange("org-admin-1"));

        Assert.Equal((MemberStatus.Activist, MemberStatus.Candidate), (candidate.From, candidate.To));
        Assert.Null(again.Entry);
        var history = await HistoryAsync(member);
        Assert.Equal(["1", "2", "3", "4", "5"], history.Select(e => e.Id));
        Assert.Equal(
            [(null, MemberStatus.Applicant), (MemberStatus.Applicant, MemberStatus.Activist), (MemberStatus.Activist, MemberStatus.Candidate),
                (MemberStatus.Candidate, MemberStatus.Probationary), (MemberStatus.Probationary, MemberStatus.Full)],
            history.Select(e => (e.From, e.To)));
        Assert.Equal(candidate.Entry, history[2]);
        Assert.Equal(("org-admin-1", "支委会研究", new DateOnly(2026, 3, 1), false), (history[2].By, history[2].Reason, history[2].EffectiveOn, history[2].Correction));
        Assert.Equal(StatusChange.System, history[0].By);
        await DomainHarness.EventuallyAsync(async () => (await harness.Org("d").GetRollup()).Metrics[Metric.Members] == 1, "the full member counts");
    }

    [Theory]
    [InlineData(MemberStatus.Applicant, MemberStatus.Candidate)]
    [InlineData(MemberStatus.Activist, MemberStatus.Full)]
    [InlineData(MemberStatus.Probationary, MemberStatus.Activist)]
    [InlineData(MemberStatus.Full, MemberStatus.Probationary)]
    [InlineData(MemberStatus.Left, MemberStatus.Full)]
    [InlineData(MemberStatus.Left, MemberStatus.Transferred)]
    public async Task A_change_that_is_not_a_step_is_refused_and_changes_nothing(MemberStatus from, MemberStatus to)
    {
        await using var harness = await TreeAsync();
        var member = harness.Member("m1");
        await member.SetProfile(Profile(from));

        var viaProfile = await Assert.ThrowsAsync<DomainException>(() => member.SetProfile(Profile(to) with { Name = "改名" }));
        var viaMove = await Assert.ThrowsAsync<DomainException>(() => member.MoveStatus(to, new StatusChange("org-admin-1")));

        Assert.All([viaProfile, viaMove], refused => Assert.Equal((DomainErrorKind.Conflict, DomainErrors.StatusSkipsStep), (refused.Kind, refused.Code)));
        var details = (await member.GetDetails())!;
        Assert.Equal((from, "党员"), (details.Status, details.Name));
        Assert.Single(await HistoryAsync(member));
    }

    [Fact]
    public async Task Applicant_to_activist_needs_the_points_threshold_unless_an_admin_corrects()
    {
        await using var harness = await TreeAsync();
        var member = harness.Member("m1");
        await member.SetProfile(Profile(MemberStatus.Applicant));

        var gated = await Assert.ThrowsAsync<DomainException>(() => member.MoveStatus(MemberStatus.Activist, new StatusChange("org-admin-1")));
        Assert.Equal(DomainErrors.PointsBelowThreshold, gated.Code);

        var corrected = await member.MoveStatus(MemberStatus.Activist, new StatusChange("admin-1", "线下已确定，积分未录入", Correction: true));
        Assert.True(corrected.Entry!.Correction);
        Assert.Equal(MemberStatus.Activist, (await member.GetDetails())!.Status);
    }

    [Fact]
    public async Task A_correction_sets_any_status_with_a_reason_and_is_recorded_as_one()
    {
        await using var harness = await TreeAsync();
        var member = harness.Member("m1");
        await member.SetProfile(Profile(MemberStatus.Full));

        var noReason = await Assert.ThrowsAsync<DomainException>(() => member.MoveStatus(MemberStatus.Candidate, new StatusChange("admin-1", Correction: true)));
        Assert.Equal((DomainErrorKind.Invalid, "reason"), (noReason.Kind, noReason.Field));

        await member.SetProfile(Profile(MemberStatus.Candidate), new StatusChange("admin-1", "导入时状态填错", Correction: true));
        await member.MoveStatus(MemberStatus.Left, new StatusChange("admin-1"));
        await member.MoveStatus(MemberStatus.Full, new StatusChange("admin-1", "误操作恢复", Correction: true));

        var history = await HistoryAsync(member);
        Assert.Equal([false, true, false, true], history.Select(e => e.Correction));
        Assert.Equal("导入时状态填错", history[1].Reason);
        Assert.Equal(MemberStatus.Full, (await member.GetDetails())!.Status);
    }

    [Fact]
    public async Task A_transferred_member_comes_back_only_to_the_status_it_held_and_may_leave()
    {
        await using var harness = await TreeAsync();
        var member = harness.Member("m1");
        await member.SetProfile(Profile(MemberStatus.Probationary));
        await member.MoveStatus(MemberStatus.Transferred, new StatusChange("org-admin-1", "转出至外省"));

        var other = await Assert.ThrowsAsync<DomainException>(() => member.MoveStatus(MemberStatus.Full, new StatusChange("org-admin-1")));
        Assert.Contains("Allowed next: probationary, left.", other.Message, StringComparison.Ordinal);
        await member.SetProfile(Profile(MemberStatus.Probationary, "b2"), new StatusChange("org-admin-2", "转入"));

        var history = await HistoryAsync(member);
        Assert.Equal(
            [MemberHistoryKind.Created, MemberHistoryKind.Status, MemberHistoryKind.Status, MemberHistoryKind.Transfer],
            history.Select(e => e.Kind));
        Assert.Equal(("b", "b2"), (history[3].FromOrgId, history[3].ToOrgId));

        await member.MoveStatus(MemberStatus.Transferred, new StatusChange("org-admin-2"));
        await member.Leave(new StatusChange("org-admin-2"));
        var refused = await Assert.ThrowsAsync<DomainException>(() => member.MoveStatus(MemberStatus.Probationary, new StatusChange("org-admin-2")));
        Assert.Equal(DomainErrors.StatusSkipsStep, refused.Code);
        Assert.Equal((MemberStatus.Transferred, MemberStatus.Left), ((await HistoryAsync(member))[^1].From!.Value, (await HistoryAsync(member))[^1].To!.Value));
    }

    [Fact]
    public async Task A_member_created_transferred_comes_back_only_by_a_correction()
    {
        await using var harness = await TreeAsync();
        var member = harness.Member("m1");
        await member.SetProfile(Profile(MemberStatus.Transferred));

        await Assert.ThrowsAsync<DomainException>(() => member.MoveStatus(MemberStatus.Full, new StatusChange("org-admin-1")));
        await member.MoveStatus(MemberStatus.Full, new StatusChange("admin-1", "转入，原状态为正式党员", Correction: true));
        Assert.Equal(MemberStatus.Full, (await member.GetDetails())!.Status);
    }

    [Fact]
    public async Task The_history_is_paged_oldest_first_and_survives_a_restart_of_the_silo()
    {
        await using var harness = await TreeAsync();
        var member = harness.Member("m1");
        await member.SetProfile(Profile(MemberStatus.Candidate));
        await member.MoveStatus(MemberStatus.Probationary, new StatusChange("u1"));
        await member.SetProfile(Profile(MemberStatus.Probationary, "b2"), new StatusChange("u2"));
        await member.MoveStatus(MemberStatus.Full, new StatusChange("u3", "转正"));
        await member.Leave(new StatusChange("u4"));
        var before = await HistoryAsync(member);

        await harness.RestartAsync();
        member = harness.Member("m1");

        var first = await member.GetHistory(0, 2);
        var second = await member.GetHistory(long.Parse(first.Next!, System.Globalization.CultureInfo.InvariantCulture), 2);
        var third = await member.GetHistory(long.Parse(second.Next!, System.Globalization.CultureInfo.InvariantCulture), 2);
        Assert.Equal(before, (MemberHistoryEntry[])[.. first.Items, .. second.Items, .. third.Items]);
        Assert.Equal(["1", "2", "3", "4", "5"], before.Select(e => e.Id));
        Assert.Equal(["system", "u1", "u2", "u3", "u4"], before.Select(e => e.By));
        Assert.Null(third.Next);
        Assert.Single(third.Items);
        Assert.Equal(MemberStatus.Left, (await member.GetDetails())!.Status);

        // After the restart the next move takes the next id.
        await member.MoveStatus(MemberStatus.Full, new StatusChange("admin-1", "恢复", Correction: true));
        Assert.Equal("6", (await HistoryAsync(member))[^1].Id);
    }

    [Fact]
    public async Task A_move_whose_history_entry_missed_the_log_is_durable_and_the_entry_is_caught_up_after_a_crash()
    {
        await using var harness = await TreeAsync();
        var member = harness.Member("m1");
        await member.SetProfile(Profile(MemberStatus.Candidate));
        var grainId = GrainId.Create("member", "m1");

        // The state is written, the append to the history log fails: the move stands, as answered.
        harness.Faults.RefuseLog(grainId, "history");
        var moved = await member.MoveStatus(MemberStatus.Probationary, new StatusChange("org-admin-1", "支部大会通过"));
        Assert.Equal("2", moved.Entry!.Id);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => member.GetHistory(0, 100));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => member.MoveStatus(MemberStatus.Full, new StatusChange("org-admin-1")));

        await harness.CrashAndRestartAsync();
        harness.Faults.RestoreLog(grainId, "history");
        member = harness.Member("m1");

        Assert.Equal(MemberStatus.Probationary, (await member.GetDetails())!.Status);
        var history = await HistoryAsync(member);
        Assert.Equal(moved.Entry, Assert.Single(history.Skip(1)));
        await member.MoveStatus(MemberStatus.Full, new StatusChange("org-admin-1"));
        Assert.Equal(["1", "2", "3"], (await HistoryAsync(member)).Select(e => e.Id));
    }

    [Fact]
    public async Task A_roster_line_applied_again_after_a_later_line_of_its_batch_changes_nothing()
    {
        await using var harness = await TreeAsync();
        var member = harness.Member("m1");
        await member.SetProfile(Profile(MemberStatus.Candidate));
        await member.SetProfile(Profile(MemberStatus.Probationary), new StatusChange("job", BatchId: "batch-1", Line: 5));
        await member.SetProfile(Profile(MemberStatus.Full), new StatusChange("job", BatchId: "batch-1", Line: 9));

        // A resumed batch applies lines 5 and 9 again: probationary would be a move back.
        await member.SetProfile(Profile(MemberStatus.Probationary), new StatusChange("job", BatchId: "batch-1", Line: 5));
        await member.SetProfile(Profile(MemberStatus.Full), new StatusChange("job", BatchId: "batch-1", Line: 9));

        Assert.Equal(MemberStatus.Full, (await member.GetDetails())!.Status);
        var history = await HistoryAsync(member);
        Assert.Equal(3, history.Length);
        Assert.Equal(["batch-1", "batch-1"], history.Skip(1).Select(e => e.BatchId));

        // Another batch is judged afresh.
        var refused = await Assert.ThrowsAsync<DomainException>(() => member.SetProfile(Profile(MemberStatus.Probationary), new StatusChange("job", BatchId: "batch-2", Line: 5)));
        Assert.Equal(DomainErrors.StatusSkipsStep, refused.Code);
    }
}
