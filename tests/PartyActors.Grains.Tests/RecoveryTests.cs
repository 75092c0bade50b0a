namespace PartyActors.Grains.Tests;

public sealed class RecoveryTests
{
    /// <summary>A cadence so long that nothing publishes by itself during a test: only what the test triggers.</summary>
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);

    private static async Task<(DomainHarness Harness, RollupModel Model)> ChainAsync(TimeSpan cadence, Action<RollupOptions>? configure = null)
    {
        var harness = await DomainHarness.StartAsync(cadence, configure: configure);
        var model = new RollupModel();
        foreach (var (id, parent, kind) in new[] { ("d", (string?)null, OrganizationKind.District), ("s", "d", OrganizationKind.Street), ("c", "s", OrganizationKind.Community), ("g", "c", OrganizationKind.Grid) })
        {
            await harness.PlaceAsync(id, parent, kind);
            model.Orgs[id] = (parent, kind);
        }

        return (harness, model);
    }

    [Fact]
    public async Task A_crash_between_a_childs_update_and_its_parents_persist_is_repaired_by_reconciliation()
    {
        // Read at each start: an hour before the crash, the test's usual few milliseconds after it.
        var cadence = Never;
        var (harness, model) = await ChainAsync(Never, options => options.Cadence = cadence);
        await using var _ = harness;
        await harness.EnrollAsync("m1", "g", MemberStatus.Full, MemberCategory.InService);
        model.Members["m1"] = new(MemberStatus.Full, MemberCategory.InService, "g", null, null);

        // The grid publishes now (durably, then to the community); the community takes the snapshot in
        // memory and would persist it only at its next publication, an hour away.
        await harness.Org("g").Rebuild();
        var community = await harness.Factory.GetGrain<IRollupNode>("c").GetChildRollup();
        Assert.Equal(0, community.Total[Metric.Members]);
        Assert.Equal(0, (await harness.Org("d").GetRollup()).Metrics[Metric.Members]);

        cadence = TimeSpan.FromMilliseconds(5);
        await harness.CrashAndRestartAsync();

        await harness.AssertExactAsync(model);
        Assert.Equal(1, (await harness.Org("d").GetRollup()).Metrics[Metric.Members]);
    }

    [Fact]
    public async Task A_parent_whose_write_fails_after_a_crash_comes_back_by_itself_with_its_childs_snapshot()
    {
        // The end-to-end test's failure, on one chain: a member joins a grid, the silo is killed with
        // the new figures only in the parents' memory, and after the restart the store refuses the
        // community's writes for a moment (PostgreSQL refused connections there). The community takes
        // the grid's snapshot, cannot write the epoch of its first publication, and so never sends it.
        // Nobody reads the community or changes anything below it afterwards: it must recover by
        // itself, or the street and the district keep the old figures.
        var (harness, model) = await ChainAsync(TimeSpan.FromMilliseconds(5), options => options.CheckpointInterval = Never);
        await using var _ = harness;
        await harness.EnrollAsync("m1", "g", MemberStatus.Full, MemberCategory.InService);
        model.Members["m1"] = new(MemberStatus.Full, MemberCategory.InService, "g", null, null);
        await harness.AssertExactAsync(model);

        var outage = harness.Faults.Refuse("c");
        await harness.CrashAndRestartAsync();
        Assert.Equal(0, (await harness.Org("d").GetRollup()).Metrics[Metric.Members]);
        await outage.FirstRefused.WaitAsync(TimeSpan.FromSeconds(20));
        harness.Faults.Restore("c");

        await harness.AssertExactAsync(model, TimeSpan.FromSeconds(10), reading: ["d", "s", "g"]);
    }

    [Fact]
    public async Task A_snapshot_that_cannot_reach_its_parent_is_sent_again_until_it_does()
    {
        var (harness, model) = await ChainAsync(TimeSpan.FromMilliseconds(5));
        await using var _ = harness;
        await EnrollAtGridAsync(harness, model, "m1");
        await harness.AssertExactAsync(model);

        // After a restart the community cannot even be read, so it cannot activate: the street's
        // reconciliation fails there, and so does the grid's publication of the next member.
        await harness.RestartAsync();
        var outage = harness.Faults.Refuse("c", reads: true);
        await harness.AssertExactAsync(model, reading: ["d", "s"]);
        await outage.FirstRefused.WaitAsync(TimeSpan.FromSeconds(20));
        await EnrollAtGridAsync(harness, model, "m2");

        // The grid has published (a read waits for its publication, send included, to end).
        await harness.AssertExactAsync(model, reading: ["g"]);
        harness.Faults.Restore("c");

        await harness.AssertExactAsync(model, TimeSpan.FromSeconds(10), reading: ["d", "s", "g"]);
    }

    [Fact]
    public async Task A_parent_never_keeps_a_sequence_of_an_epoch_whose_write_failed()
    {
        var (harness, model) = await ChainAsync(TimeSpan.FromMilliseconds(5));
        await using var _ = harness;
        await EnrollAtGridAsync(harness, model, "m1");
        await harness.AssertExactAsync(model);

        // After a graceful restart nothing publishes until something changes: the community's first
        // publication opens this activation's epoch, and its write is held, then fails.
        await harness.RestartAsync();
        await harness.AssertExactAsync(model);
        var hold = harness.Faults.HoldNextWrite("c");
        await EnrollAtGridAsync(harness, model, "m2");
        await hold.Reached.WaitAsync(TimeSpan.FromSeconds(20));

        // Meanwhile the street asks the community for its snapshot, as its reconciliation does.
        var asked = harness.Org("s").Reconcile(includeSources: false);
        await Task.WhenAny(asked, Task.Delay(TimeSpan.FromSeconds(2)));
        var outage = harness.Faults.Refuse("c");
        hold.Fail();
        await asked;

        // One more member while the community cannot write; then the store is back, and the
        // community's next activation of an epoch must not be one the street already holds.
        await EnrollAtGridAsync(harness, model, "m3");
        await harness.AssertExactAsync(model, reading: ["g"]);
        harness.Faults.Restore("c");

        await harness.AssertExactAsync(model, TimeSpan.FromSeconds(10), reading: ["d", "s", "g"]);
    }

    [Fact]
    public async Task A_total_a_child_sent_before_a_contribution_was_written_is_replaced_after_a_crash()
    {
        var (harness, model) = await ChainAsync(TimeSpan.FromMilliseconds(5), options => options.CheckpointInterval = Never);
        await using var _ = harness;
        await EnrollAtGridAsync(harness, model, "m1");
        await harness.AssertExactAsync(model);
        var grid = harness.Factory.GetGrain<IRollupNode>("g");
        await grid.Drain();

        // A member joins; the grid's write of it is held. Contributions interleave, so the grid
        // publishes without waiting for that write, and the community writes what it received.
        var hold = harness.Faults.HoldNextWrite("g");
        var joining = harness.EnrollAsync("m2", "g");
        await hold.Reached.WaitAsync(TimeSpan.FromSeconds(20));
        await DomainHarness.EventuallyAsync(
            async () => (await harness.Org("c").GetRollup()).Metrics[Metric.Members] == 2,
            "the community counts the member whose contribution is being written");
        await harness.Factory.GetGrain<IRollupNode>("c").Drain();

        // The silo dies before the grid's write lands: the member never joined.
        await harness.CrashAsync();
        hold.Release();
        await Assert.ThrowsAnyAsync<Exception>(() => joining);
        await harness.StartAsync();

        await harness.AssertExactAsync(model, TimeSpan.FromSeconds(10));
        Assert.Null(await harness.Member("m2").GetDetails());
    }

    [Fact]
    public async Task A_child_that_cannot_be_asked_when_its_parent_activates_is_asked_again_until_it_answers()
    {
        var (harness, model) = await ChainAsync(TimeSpan.FromMilliseconds(5), options => options.CheckpointInterval = Never);
        await using var _ = harness;
        await EnrollAtGridAsync(harness, model, "m1");
        await harness.AssertExactAsync(model);

        // After the crash the street's record lacks the member, and when the street activates it
        // cannot ask the community: its state cannot be read for a moment.
        await harness.CrashAsync();
        var outage = harness.Faults.Refuse("c", reads: true);
        await harness.StartAsync();
        Assert.Equal(0, (await harness.Org("s").GetRollup()).Metrics[Metric.Members]);
        await outage.FirstRefused.WaitAsync(TimeSpan.FromSeconds(20));
        harness.Faults.Restore("c");

        // Nothing below changes and nobody reads the community.
        await harness.AssertExactAsync(model, TimeSpan.FromSeconds(10), reading: ["d", "s"]);
    }

    [Fact]
    public async Task A_crash_recovered_through_a_single_reconciliation_slot_for_the_whole_silo_is_exact()
    {
        // Every question of every organization's reconciliation waits for the one slot
        // (ReconcileGate): recovery is slower, never stuck, and exact.
        var cadence = Never;
        var (harness, model) = await ChainAsync(Never, options =>
        {
            options.Cadence = cadence;
            options.MaxReconcileAsks = 1;
        });
        await using var _ = harness;
        for (var i = 0; i < 20; i++)
        {
            var id = "m" + i;
            await harness.EnrollAsync(id, "g", MemberStatus.Full, MemberCategory.InService);
            model.Members[id] = new(MemberStatus.Full, MemberCategory.InService, "g", null, null);
        }

        await harness.Org("g").Rebuild();
        cadence = TimeSpan.FromMilliseconds(5);
        await harness.CrashAndRestartAsync();

        await harness.AssertExactAsync(model);
        Assert.Equal(20, (await harness.Org("d").GetRollup()).Metrics[Metric.Members]);
    }

    [Fact]
    public async Task A_source_that_cannot_be_asked_after_a_crash_is_asked_again_until_it_answers()
    {
        var (harness, model) = await ChainAsync(TimeSpan.FromMilliseconds(5));
        await using var _ = harness;
        await EnrollAtGridAsync(harness, model, "m1");
        await harness.AssertExactAsync(model);

        // The grid writes the new member's contribution; the member's own write is held and the
        // silo dies first: the member never joined, and only the grid's source reconciliation
        // after the crash can learn it.
        var member = GrainId.Create("member", "m2");
        var hold = harness.Faults.HoldNextWrite(member);
        var joining = harness.EnrollAsync("m2", "g");
        await hold.Reached.WaitAsync(TimeSpan.FromSeconds(20));
        await harness.CrashAsync();
        hold.Release();
        await Assert.ThrowsAnyAsync<Exception>(() => joining);

        // After the restart the member cannot be read for a moment when the grid asks it.
        var outage = harness.Faults.Refuse(member, reads: true);
        await harness.StartAsync();
        await harness.Org("g").GetRollup();
        await outage.FirstRefused.WaitAsync(TimeSpan.FromSeconds(20));
        harness.Faults.Restore(member);

        await harness.AssertExactAsync(model, TimeSpan.FromSeconds(10));
        Assert.Null(await harness.Member("m2").GetDetails());
    }

    [Fact]
    public async Task A_graceful_restart_keeps_every_figure_and_sequences_keep_growing()
    {
        var (harness, model) = await ChainAsync(TimeSpan.FromMilliseconds(5));
        await using var _ = harness;
        await harness.EnrollAsync("m1", "g", MemberStatus.Probationary);
        model.Members["m1"] = new(MemberStatus.Probationary, MemberCategory.Retired, "g", null, null);
        await harness.AssertExactAsync(model);
        var before = await harness.Org("d").GetRollup();

        await harness.RestartAsync();
        await harness.AssertExactAsync(model);
        await harness.EnrollAsync("m2", "c");
        model.Members["m2"] = new(MemberStatus.Full, MemberCategory.Retired, "c", null, null);

        await harness.AssertExactAsync(model);
        Assert.True((await harness.Org("d").GetRollup()).Version > before.Version);
    }

    [Fact]
    public async Task Rebuild_restores_exact_figures_from_the_members_after_the_stored_counts_were_damaged()
    {
        var (harness, model) = await ChainAsync(TimeSpan.FromMilliseconds(5));
        await using var _ = harness;
        for (var i = 0; i < 5; i++)
        {
            await harness.EnrollAsync($"m{i}", "g", MemberStatus.Full, MemberCategory.InService);
            model.Members[$"m{i}"] = new(MemberStatus.Full, MemberCategory.InService, "g", null, null);
        }

        await harness.AssertExactAsync(model);
        var storage = harness.Store!;
        await harness.StopAsync();

        // Damage the stored records, with clean flags that hide it: the grid's count of two members,
        // and the community's snapshot of the grid, with a sequence far ahead so no update replaces it.
        await DamageAsync(storage, "g", state =>
        {
            state.Sources["Member:m0"].Counters = RollupCounters.From((Metric.Members, 7));
            state.Sources["Member:m1"].Counters = RollupCounters.Zero;
        });
        await DamageAsync(storage, "c", state =>
        {
            state.Children["g"].Total = RollupCounters.From((Metric.Members, 100));
            state.Children["g"].Sequence = long.MaxValue / 2;
        });
        await harness.StartAsync();
        await EnrollAtGridAsync(harness, model, "m5");
        await Task.Delay(200);
        Assert.NotEqual(6, (await harness.Org("g").GetRollup()).Metrics[Metric.Members]);

        var rollup = await harness.Tree.Rebuild("d");

        Assert.Equal(6, rollup.Metrics[Metric.Members]);
        await harness.AssertExactAsync(model);

        // Later changes flow as usual: the community took the grid's real sequence back.
        await EnrollAtGridAsync(harness, model, "m6");
        await harness.AssertExactAsync(model);
    }

    /// <summary>A full, retired member of the chain's grid, in the grains and in the model.</summary>
    private static async Task EnrollAtGridAsync(DomainHarness harness, RollupModel model, string memberId)
    {
        await harness.EnrollAsync(memberId, "g");
        model.Members[memberId] = new(MemberStatus.Full, MemberCategory.Retired, "g", null, null);
    }

    private static async Task DamageAsync(MemoryGrainStore storage, string orgId, Action<OrganizationState> damage)
    {
        var id = GrainId.Create("organization", orgId);
        var state = new GrainState<OrganizationState>();
        await storage.ReadStateAsync("organization", id, state);
        var stored = state.State ?? throw new InvalidOperationException($"No stored state for {orgId}.");
        damage(stored);
        stored.Clean = true;
        await storage.WriteStateAsync("organization", id, state);
    }
}
