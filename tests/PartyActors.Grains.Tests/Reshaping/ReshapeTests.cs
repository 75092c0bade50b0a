using Microsoft.Extensions.DependencyInjection;

namespace PartyActors.Grains.Tests.Reshaping;

/// <summary>Splits and merges of communities (docs/reshaping.md): what moves, what stays, lineage, refusals, and a crash mid-way.</summary>
public sealed class ReshapeTests
{
    private static Task<DomainHarness> StartAsync(int parallelism = 32) =>
        DomainHarness.StartAsync(silo: s =>
        {
            s.Configure<ReminderOptions>(o => o.RefreshReminderListPeriod = TimeSpan.FromMilliseconds(200));
            s.Services.Configure<ReshapeOptions>(o =>
            {
                o.ResumePeriod = TimeSpan.FromMilliseconds(300);
                o.Parallelism = parallelism;
            });
        });

    /// <summary>
    /// District d, street s, communities c and c2 under it, grids g1, g2 under c and g3 under c2; a
    /// branch u stationed in c (reported in), a branch w of the street where some members are of record.
    /// </summary>
    private static async Task<RollupModel> TreeAsync(DomainHarness harness)
    {
        var model = new RollupModel();
        async Task Place(string id, string? parent, OrganizationKind kind)
        {
            await harness.PlaceAsync(id, parent, kind);
            model.Orgs[id] = (parent, kind);
        }

        await Place("d", null, OrganizationKind.District);
        await Place("s", "d", OrganizationKind.Street);
        await Place("c", "s", OrganizationKind.Community);
        await Place("c2", "s", OrganizationKind.Community);
        await Place("g1", "c", OrganizationKind.Grid);
        await Place("g2", "c", OrganizationKind.Grid);
        await Place("g3", "c2", OrganizationKind.Grid);
        await Place("u", "s", OrganizationKind.Branch);
        await Place("w", "s", OrganizationKind.Branch);
        await harness.Factory.GetGrain<IOrganizationReportInGrain>("u").ReportIn("c");
        return model;
    }

    private static async Task EnrollAsync(DomainHarness harness, RollupModel model, string id, string orgId, string? residence = null, string? reportIn = null)
    {
        await harness.EnrollAsync(id, orgId, MemberStatus.Full, MemberCategory.InService, residence);
        if (reportIn is not null)
        {
            await harness.Member(id).ReportIn(reportIn);
        }

        model.Members[id] = new ModelMember(MemberStatus.Full, MemberCategory.InService, orgId, residence, reportIn);
    }

    private static async Task<ReshapeProgress> CompletedAsync(DomainHarness harness, string reshapeId)
    {
        ReshapeProgress? progress = null;
        await DomainHarness.EventuallyAsync(async () =>
        {
            progress = await harness.Factory.GetGrain<IReshapeGrain>(reshapeId).GetProgress();
            return progress?.Status is ReshapeStatus.Completed or ReshapeStatus.Failed;
        }, $"reshape {reshapeId} finishes", TimeSpan.FromSeconds(60));
        return progress!;
    }

    private static CommitmentTerms Terms() => new("为老人理发", 10, "次", CommitmentRules.Today(DateTimeOffset.UtcNow).AddDays(5));

    [Fact]
    public async Task A_split_moves_the_chosen_grids_members_and_items_and_leaves_the_rest_exact()
    {
        await using var harness = await StartAsync();
        var model = await TreeAsync(harness);
        await EnrollAsync(harness, model, "m1", "c", residence: "g1", reportIn: "g1");
        await EnrollAsync(harness, model, "m2", "c", residence: "g2");
        await EnrollAsync(harness, model, "m3", "c");
        await EnrollAsync(harness, model, "m4", "w", residence: "g1", reportIn: "g1");

        // Open items at c (some chosen to follow), and a request at g1 (follows its grid).
        await harness.Factory.GetGrain<ICommitmentGrain>("k1").Make(new CommitmentOwner(CommitmentOwnerKind.Org, "c"), Terms(), "t");
        await harness.Factory.GetGrain<ICommitmentGrain>("k2").Make(new CommitmentOwner(CommitmentOwnerKind.Member, "m1"), Terms(), "t");
        await harness.Factory.GetGrain<IResidentRequestGrain>("q1").File(new RequestFiling("c", "路灯坏了", "设施", RequestChannel.GridPatrol), "r");
        await harness.Factory.GetGrain<IResidentRequestGrain>("q2").File(new RequestFiling("g1", "楼道堆物", "环境", RequestChannel.App), "r");
        await harness.Factory.GetGrain<IProjectGrain>("p1").Publish(new ProjectDefinition("c", "义诊", ProjectKind.Project, 3));
        model.Commitments["k1"] = new ModelCommitment("c", null, CommitmentStatus.Open, DateTimeOffset.MaxValue);
        model.Commitments["k2"] = new ModelCommitment("c", "m1", CommitmentStatus.Open, DateTimeOffset.MaxValue);
        model.Requests["q1"] = new ModelRequest("c", RequestStatus.Open, false, DateTimeOffset.MaxValue);
        model.Requests["q2"] = new ModelRequest("g1", RequestStatus.Open, false, DateTimeOffset.MaxValue);
        model.Projects["p1"] = new ModelProject("c", 3, true, []);
        await harness.AssertExactAsync(model);

        var accepted = await harness.Factory.GetGrain<IReshapeGrain>("rs1").Split(new SplitOrder(
            "c", "n", "新社区", null, ["g1"], ["m1", "m2"],
            [new SourceKey(SourceKind.Commitment, "k1"), new SourceKey(SourceKind.ResidentRequest, "q1"), new SourceKey(SourceKind.Project, "p1"), new SourceKey(SourceKind.OrganizationReportIn, "u")]), "admin");
        Assert.Equal((ReshapeKind.Split, ReshapeStatus.Running, 9), (accepted.Kind, accepted.Status, accepted.StepsTotal));

        var done = await CompletedAsync(harness, "rs1");
        Assert.Equal((ReshapeStatus.Completed, 9, 9), (done.Status, done.StepsDone, done.StepsTotal));
        Assert.Empty(done.Errors);

        model.Orgs["n"] = ("s", OrganizationKind.Community);
        model.Orgs["g1"] = ("n", OrganizationKind.Grid);
        model.Members["m1"] = model.Members["m1"] with { OrgId = "n" };
        model.Members["m2"] = model.Members["m2"] with { OrgId = "n" };
        model.Commitments["k1"] = model.Commitments["k1"] with { OrgId = "n" };
        model.Requests["q1"] = model.Requests["q1"] with { OrgId = "n" };
        model.Projects["p1"] = model.Projects["p1"] with { OrgId = "n" };
        await harness.AssertExactAsync(model);

        // Each follows where it was told, and the rest stays: the member's commitment counts where it was made.
        Assert.Equal("n", (await harness.Member("m1").GetDetails())!.OrgId);
        Assert.Equal("c", (await harness.Member("m3").GetDetails())!.OrgId);
        Assert.Equal("n", (await harness.Factory.GetGrain<ICommitmentGrain>("k1").GetDetails())!.OrgId);
        Assert.Equal("c", (await harness.Factory.GetGrain<ICommitmentGrain>("k2").GetDetails())!.OrgId);
        Assert.Equal("n", (await harness.Factory.GetGrain<IResidentRequestGrain>("q1").GetDetails())!.OrgId);
        Assert.Equal("g1", (await harness.Factory.GetGrain<IResidentRequestGrain>("q2").GetDetails())!.OrgId);
        Assert.Equal("n", (await harness.Factory.GetGrain<IOrganizationReportInGrain>("u").GetCurrent())!.CommunityId);
        Assert.Equal("p1", Assert.Single(await harness.Factory.GetGrain<IProjectIndexGrain>("n").List()));
        Assert.Empty(await harness.Factory.GetGrain<IProjectIndexGrain>("c").List());
        Assert.Equal("u", Assert.Single(await harness.Org("n").GetSourceIds(SourceKind.OrganizationReportIn)));
        Assert.Empty(await harness.Org("c").GetSourceIds(SourceKind.OrganizationReportIn));
        Assert.Contains("q1", (await harness.Factory.GetGrain<IRequestLedgerGrain>("n").Page(null, null, 10)).Select(e => e.Id));
        Assert.DoesNotContain("q1", (await harness.Factory.GetGrain<IRequestLedgerGrain>("c").Page(null, null, 10)).Select(e => e.Id));

        var newLineage = (await harness.Factory.GetGrain<IOrganizationLineageGrain>("n").GetLineage())!;
        Assert.Equal(("c", "admin", "rs1"), (newLineage.SplitFrom!.OrgId, newLineage.SplitFrom.By, newLineage.SplitFrom.ReshapeId));
        Assert.Equal(["n"], (await harness.Factory.GetGrain<IOrganizationLineageGrain>("c").GetLineage())!.SplitInto.Select(l => l.OrgId));

        // The same order again answers the same operation; another under the same id is refused.
        Assert.Equal(ReshapeStatus.Completed, (await harness.Factory.GetGrain<IReshapeGrain>("rs1").Split(new SplitOrder(
            "c", "n", "新社区", null, ["g1"], ["m1", "m2"],
            [new SourceKey(SourceKind.Commitment, "k1"), new SourceKey(SourceKind.ResidentRequest, "q1"), new SourceKey(SourceKind.Project, "p1"), new SourceKey(SourceKind.OrganizationReportIn, "u")]), "admin")).Status);
        var taken = await Assert.ThrowsAsync<DomainException>(() => harness.Factory.GetGrain<IReshapeGrain>("rs1").Merge(new MergeOrder("c", "c2"), "admin"));
        Assert.Equal(ReshapeRules.ReshapeExists, taken.Code);
    }

    [Fact]
    public async Task A_merge_moves_every_child_member_and_open_item_then_dissolves_and_leaves_a_tombstone()
    {
        await using var harness = await StartAsync();
        var model = await TreeAsync(harness);
        await EnrollAsync(harness, model, "m1", "c2", residence: "g3", reportIn: "g3");
        await EnrollAsync(harness, model, "m2", "c2");
        await EnrollAsync(harness, model, "m3", "c");
        await harness.Factory.GetGrain<IOrganizationReportInGrain>("u").ReportIn("c2");
        await harness.Factory.GetGrain<ICommitmentGrain>("k1").Make(new CommitmentOwner(CommitmentOwnerKind.Org, "c2"), Terms(), "t");
        await harness.Factory.GetGrain<ICommitmentGrain>("k2").Make(new CommitmentOwner(CommitmentOwnerKind.Member, "m2"), Terms(), "t");
        await harness.Factory.GetGrain<ICommitmentGrain>("k2").Complete("t");
        await harness.Factory.GetGrain<IResidentRequestGrain>("q1").File(new RequestFiling("c2", "路灯坏了", "设施", RequestChannel.GridPatrol), "r");
        await harness.Factory.GetGrain<IProjectGrain>("p1").Publish(new ProjectDefinition("c2", "义诊", ProjectKind.Project, 3));
        model.Commitments["k1"] = new ModelCommitment("c2", null, CommitmentStatus.Open, DateTimeOffset.MaxValue);
        model.Commitments["k2"] = new ModelCommitment("c2", "m2", CommitmentStatus.Done, DateTimeOffset.MaxValue);
        model.Requests["q1"] = new ModelRequest("c2", RequestStatus.Open, false, DateTimeOffset.MaxValue);
        model.Projects["p1"] = new ModelProject("c2", 3, true, []);
        await harness.AssertExactAsync(model);

        await harness.Factory.GetGrain<IReshapeGrain>("rs2").Merge(new MergeOrder("c", "c2"), "admin");
        var done = await CompletedAsync(harness, "rs2");
        Assert.Equal(ReshapeStatus.Completed, done.Status);
        Assert.Empty(done.Errors);

        model.Orgs.Remove("c2");
        model.Orgs["g3"] = ("c", OrganizationKind.Grid);
        foreach (var id in new[] { "m1", "m2" })
        {
            model.Members[id] = model.Members[id] with { OrgId = "c" };
        }

        model.Commitments["k1"] = model.Commitments["k1"] with { OrgId = "c" };
        model.Commitments["k2"] = model.Commitments["k2"] with { OrgId = "c" };
        model.Requests["q1"] = model.Requests["q1"] with { OrgId = "c" };
        model.Projects["p1"] = model.Projects["p1"] with { OrgId = "c" };
        await harness.AssertExactAsync(model);

        Assert.Null(await harness.Org("c2").GetDetails());
        Assert.Equal("c", (await harness.Factory.GetGrain<IOrganizationReportInGrain>("u").GetCurrent())!.CommunityId);
        Assert.Equal("c", (await harness.Factory.GetGrain<IOrganizationLineageGrain>("c2").GetLineage())!.MergedInto!.OrgId);
        Assert.Equal(["c2"], (await harness.Factory.GetGrain<IOrganizationLineageGrain>("c").GetLineage())!.MergedFrom.Select(l => l.OrgId));

        // The reservations are released: c can be reshaped again.
        await harness.Factory.GetGrain<IReshapeGrain>("rs3").Split(new SplitOrder("c", "n", "新社区", null, ["g3"], [], []), "admin");
        Assert.Equal(ReshapeStatus.Completed, (await CompletedAsync(harness, "rs3")).Status);
    }

    [Fact]
    public async Task Invalid_orders_are_refused_before_anything_changes()
    {
        await using var harness = await StartAsync();
        var model = await TreeAsync(harness);
        await EnrollAsync(harness, model, "m1", "c");
        await EnrollAsync(harness, model, "m2", "w");
        var reshape = harness.Factory.GetGrain<IReshapeGrain>("bad");

        async Task Refused(string code, DomainErrorKind kind, Func<Task> order)
        {
            var refused = await Assert.ThrowsAsync<DomainException>(order);
            Assert.Equal((kind, code), (refused.Kind, refused.Code));
        }

        SplitOrder Split(string orgId = "c", string newId = "n", string? parent = null, string[]? grids = null, string[]? members = null, SourceKey[]? items = null) =>
            new(orgId, newId, "新社区", parent, [.. grids ?? ["g1"]], [.. members ?? []], [.. items ?? []]);

        await Refused(DomainErrors.OrgNotFound, DomainErrorKind.NotFound, () => reshape.Split(Split(orgId: "nowhere"), "a"));
        await Refused(ReshapeRules.NotReshapable, DomainErrorKind.UnknownReference, () => reshape.Split(Split(orgId: "s"), "a"));
        await Refused(ReshapeRules.OrgExists, DomainErrorKind.Conflict, () => reshape.Split(Split(newId: "c2"), "a"));
        await Refused(DomainErrors.GridNotFound, DomainErrorKind.UnknownReference, () => reshape.Split(Split(grids: ["g9"]), "a"));
        await Refused(ReshapeRules.NotAChild, DomainErrorKind.UnknownReference, () => reshape.Split(Split(grids: ["g3"]), "a"));
        await Refused(DomainErrors.NotAGrid, DomainErrorKind.UnknownReference, () => reshape.Split(Split(grids: ["w"]), "a"));
        await Refused(ReshapeRules.NotOfRecord, DomainErrorKind.UnknownReference, () => reshape.Split(Split(members: ["m2"]), "a"));
        await Refused(ReshapeRules.ItemNotHere, DomainErrorKind.UnknownReference, () => reshape.Split(Split(items: [new SourceKey(SourceKind.Commitment, "k9")]), "a"));
        await Refused("invalid-field", DomainErrorKind.Invalid, () => reshape.Split(Split(items: [new SourceKey(SourceKind.OrganizationLife, "c")]), "a"));
        await Refused("invalid-field", DomainErrorKind.Invalid, () => reshape.Split(Split(grids: ["g1", "g1"]), "a"));
        await Refused("invalid-field", DomainErrorKind.Invalid, () => reshape.Split(Split(grids: []), "a"));
        await Refused(ReshapeRules.Nested, DomainErrorKind.UnknownReference, () => reshape.Split(Split(parent: "g2"), "a"));
        await Refused(DomainErrors.ParentNotFound, DomainErrorKind.UnknownReference, () => reshape.Split(Split(parent: "x9"), "a"));

        await Refused(ReshapeRules.SameOrg, DomainErrorKind.Invalid, () => reshape.Merge(new MergeOrder("c", "c"), "a"));
        await Refused(DomainErrors.OrgNotFound, DomainErrorKind.NotFound, () => reshape.Merge(new MergeOrder("x9", "c"), "a"));
        await Refused(DomainErrors.OrgNotFound, DomainErrorKind.UnknownReference, () => reshape.Merge(new MergeOrder("c", "x9"), "a"));
        await Refused(ReshapeRules.NotReshapable, DomainErrorKind.UnknownReference, () => reshape.Merge(new MergeOrder("c", "g1"), "a"));
        await harness.PlaceAsync("v", "s", OrganizationKind.Village);
        await Refused(ReshapeRules.KindMismatch, DomainErrorKind.UnknownReference, () => reshape.Merge(new MergeOrder("c", "v"), "a"));
        await harness.PlaceAsync("c3", "c", OrganizationKind.Community);
        await Refused(ReshapeRules.Nested, DomainErrorKind.UnknownReference, () => reshape.Merge(new MergeOrder("c3", "c"), "a"));
        Assert.Null(await reshape.GetProgress());

        // One reshape at a time on a community: while a merge runs (held at a member's write), another one touching either waits.
        await EnrollAsync(harness, model, "mx", "c2");
        var hold = harness.Faults.HoldNextWrite(GrainId.Create("member", "mx"));
        await harness.Factory.GetGrain<IReshapeGrain>("running").Merge(new MergeOrder("c", "c2"), "a");
        await hold.Reached;
        await Refused(ReshapeRules.ReshapeRunning, DomainErrorKind.Conflict, () => reshape.Split(Split(), "a"));
        await Refused(ReshapeRules.ReshapeRunning, DomainErrorKind.Conflict, () => reshape.Merge(new MergeOrder("c2", "c"), "a"));
        Assert.Null(await reshape.GetProgress());
        hold.Release();
        Assert.Equal(ReshapeStatus.Completed, (await CompletedAsync(harness, "running")).Status);

        // A reservation whose reshape never recorded its plan (its process died while accepting) is taken over.
        await harness.Factory.GetGrain<IOrganizationLineageGrain>("c").Reserve("ghost");
        await reshape.Split(Split(), "a");
        Assert.Equal(ReshapeStatus.Completed, (await CompletedAsync(harness, "bad")).Status);
    }

    [Fact]
    public async Task A_merge_cut_short_by_a_crash_resumes_from_its_reminder_and_ends_exact()
    {
        // Small batches, so the crash meets the merge half done.
        await using var harness = await StartAsync(parallelism: 2);
        var model = await TreeAsync(harness);
        for (var i = 0; i < 60; i++)
        {
            await EnrollAsync(harness, model, $"m{i}", i % 3 == 0 ? "c" : "c2", residence: i % 2 == 0 ? "g3" : "g1");
        }

        await harness.AssertExactAsync(model);
        // The crash comes while a member's relocation is being written, half way through.
        var hold = harness.Faults.HoldNextWrite(GrainId.Create("member", "m29"));
        await harness.Factory.GetGrain<IReshapeGrain>("rs4").Merge(new MergeOrder("c", "c2"), "admin");
        await hold.Reached;
        var before = (await harness.Factory.GetGrain<IReshapeGrain>("rs4").GetProgress())!;
        Assert.Equal(ReshapeStatus.Running, before.Status);
        Assert.InRange(before.StepsDone, 2, before.StepsTotal - 10);
        await harness.CrashAndRestartAsync();

        // Nobody asks the reshape: its reminder resumes it. Read only organizations until it is done.
        model.Orgs.Remove("c2");
        model.Orgs["g3"] = ("c", OrganizationKind.Grid);
        foreach (var (id, member) in model.Members.Where(m => m.Value.OrgId == "c2").ToList())
        {
            model.Members[id] = member with { OrgId = "c" };
        }

        await DomainHarness.EventuallyAsync(async () => await harness.Org("c2").GetDetails() is null, "c2 is dissolved", TimeSpan.FromSeconds(60));
        await harness.AssertExactAsync(model, TimeSpan.FromSeconds(30));
        var after = await CompletedAsync(harness, "rs4");
        Assert.Equal((ReshapeStatus.Completed, after.StepsTotal), (after.Status, after.StepsDone));
        Assert.Empty(after.Errors);
        Assert.Equal(60, (await harness.Org("c").GetMembersOfRecord()).Length);
    }

    [Fact]
    public async Task A_member_whose_write_hangs_holds_the_split_back_only_so_far_and_is_never_counted_done()
    {
        // Four at once: the relocations after a slow one go on, up to twice that many past the progress written.
        await using var harness = await StartAsync(parallelism: 4);
        var model = await TreeAsync(harness);
        var members = Enumerable.Range(0, 20).Select(i => $"m{i:D2}").ToArray();
        foreach (var id in members)
        {
            await EnrollAsync(harness, model, id, "c");
        }

        await harness.AssertExactAsync(model);
        var hold = harness.Faults.HoldNextWrite(GrainId.Create("member", "m02"));
        await harness.Factory.GetGrain<IReshapeGrain>("rs5").Split(new SplitOrder("c", "n", "新社区", null, [], [.. members], []), "admin");
        await hold.Reached;

        // The steps: create n (written alone), m00…m19, the lineage. With m02's write hanging, m00…m07 move
        // (eight steps past the one progress written); the progress never passes m02's step.
        await DomainHarness.EventuallyAsync(async () => (await harness.Org("n").GetMembersOfRecord()).Length == 8, "m00…m07 are moved while m02 hangs", TimeSpan.FromSeconds(30));
        var running = (await harness.Factory.GetGrain<IReshapeGrain>("rs5").GetProgress())!;
        Assert.Equal((ReshapeStatus.Running, 1), (running.Status, running.StepsDone));
        Assert.Equal("c", (await harness.Member("m08").GetDetails())!.OrgId);

        hold.Release();
        var done = await CompletedAsync(harness, "rs5");
        Assert.Equal((ReshapeStatus.Completed, 22), (done.Status, done.StepsDone));
        Assert.Empty(done.Errors);
        model.Orgs["n"] = ("s", OrganizationKind.Community);
        foreach (var id in members)
        {
            model.Members[id] = model.Members[id] with { OrgId = "n" };
        }

        await harness.AssertExactAsync(model);
    }

    [Fact]
    public async Task A_split_stored_with_its_plan_in_the_progress_record_resumes_and_completes()
    {
        // The record as the code before the plan had a row of its own wrote it, half done.
        await using var harness = await StartAsync();
        var model = await TreeAsync(harness);
        await EnrollAsync(harness, model, "m1", "c");
        await EnrollAsync(harness, model, "m2", "c");
        await harness.AssertExactAsync(model);
        var order = new SplitOrder("c", "n", "新社区", null, [], ["m1", "m2"], []);
        var stored = new ReshapeState
        {
            Kind = ReshapeKind.Split,
            OrgId = "c",
            OtherOrgId = "n",
            OrgKind = OrganizationKind.Community,
            Split = order,
            Steps =
            [
                new(ReshapeAction.CreateOrg, "n"),
                new(ReshapeAction.Relocate, new SourceKey(SourceKind.Member, "m1").ToString()),
                new(ReshapeAction.Relocate, new SourceKey(SourceKind.Member, "m2").ToString()),
                new(ReshapeAction.Lineage, "n"),
            ],
            Status = ReshapeStatus.Running,
            By = "admin",
            AcceptedAt = DateTimeOffset.UtcNow,
        };
        await harness.Store!.WriteStateAsync("reshape", GrainId.Create("reshape", "rs6"), new GrainState<ReshapeState>(stored));

        // Its first activation moves the plan to its row and runs it to the end.
        var done = await CompletedAsync(harness, "rs6");
        Assert.Equal((ReshapeStatus.Completed, 4, 4), (done.Status, done.StepsDone, done.StepsTotal));
        Assert.Empty(done.Errors);
        model.Orgs["n"] = ("s", OrganizationKind.Community);
        model.Members["m1"] = model.Members["m1"] with { OrgId = "n" };
        model.Members["m2"] = model.Members["m2"] with { OrgId = "n" };
        await harness.AssertExactAsync(model);

        // The same order again is recognised from the plan's row.
        Assert.Equal(ReshapeStatus.Completed, (await harness.Factory.GetGrain<IReshapeGrain>("rs6").Split(order, "admin")).Status);
    }
}
