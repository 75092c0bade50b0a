using System.Collections.Concurrent;
using Orleans.Runtime.Hosting;

namespace PartyActors.Grains.Tests;

public sealed class OrganizationTests
{
    private static async Task<(DomainHarness Harness, RollupModel Model)> DistrictAsync()
    {
        var harness = await DomainHarness.StartAsync();
        var model = new RollupModel();
        async Task Place(string id, string? parent, OrganizationKind kind)
        {
            await harness.PlaceAsync(id, parent, kind);
            model.Orgs[id] = (parent, kind);
        }

        await Place("d", null, OrganizationKind.District);
        await Place("s1", "d", OrganizationKind.Street);
        await Place("s2", "d", OrganizationKind.Street);
        await Place("c1", "s1", OrganizationKind.Community);
        await Place("c2", "s2", OrganizationKind.Community);
        await Place("g1", "c1", OrganizationKind.Grid);
        await Place("g2", "c2", OrganizationKind.Grid);
        return (harness, model);
    }

    [Fact]
    public async Task Contributions_that_arrive_together_share_a_write_and_every_one_counts()
    {
        var store = new SlowCountingStorage(new MemoryGrainStore(new JsonGrainStateSerializer(), TimeProvider.System), TimeSpan.FromMilliseconds(40));

        // Members keep a points ledger: a log store beside the counted state store.
        var logs = new MemoryGrainStore(new JsonGrainStateSerializer(), TimeProvider.System);
        await using var harness = await DomainHarness.StartAsync(storage: silo =>
        {
            silo.Services.AddGrainLogs();
            silo.Services.AddGrainStorage(StorageSiloBuilderExtensions.DefaultStorageName, (_, _) => store);
            silo.Services.AddGrainLogStorage(StorageSiloBuilderExtensions.DefaultStorageName, (_, _) => logs);
        });
        var model = new RollupModel();
        await harness.PlaceAsync("d", null, OrganizationKind.District);
        await harness.PlaceAsync("g", "d", OrganizationKind.Grid);
        model.Orgs["d"] = (null, OrganizationKind.District);
        model.Orgs["g"] = ("d", OrganizationKind.Grid);
        var before = store.WritesOf("organization", "g");

        // 60 members join the grid at the same moment; each answer means its contribution is durable.
        const int Members = 60;
        await Task.WhenAll(Enumerable.Range(0, Members).Select(i => harness.EnrollAsync($"m{i}", "g", residenceGridId: "g")));
        foreach (var i in Enumerable.Range(0, Members))
        {
            model.Members[$"m{i}"] = new ModelMember(MemberStatus.Full, MemberCategory.Retired, "g", "g", null);
        }

        var writes = store.WritesOf("organization", "g") - before;
        Assert.True(writes <= Members / 4, $"The grid wrote {writes} times for {Members} contributions that arrived together.");
        await harness.AssertExactAsync(model);

        // What was acknowledged is in the store: a crash loses none of it.
        await harness.CrashAndRestartAsync();
        await harness.AssertExactAsync(model);
        Assert.Equal(Members, (await harness.Org("g").Rebuild()).Metrics[Metric.Members]);
    }

    [Fact]
    public async Task A_new_tree_counts_its_organizations_at_every_level()
    {
        var (harness, model) = await DistrictAsync();
        await using var _ = harness;

        await harness.AssertExactAsync(model);
        var details = await harness.Org("d").GetDetails();
        Assert.NotNull(details);
        Assert.Equal(new[] { "s1", "s2" }, details.ChildIds.ToArray());
        Assert.Equal(7, (await harness.Org("d").GetRollup()).Metrics[Metric.Orgs]);
    }

    [Fact]
    public async Task Member_changes_reach_the_district_and_a_transfer_moves_the_counts()
    {
        var (harness, model) = await DistrictAsync();
        await using var _ = harness;

        await harness.EnrollAsync("m1", "g1", MemberStatus.Full, MemberCategory.InService, residenceGridId: "g2");
        await harness.EnrollAsync("m2", "g1", MemberStatus.Probationary);
        model.Members["m1"] = new(MemberStatus.Full, MemberCategory.InService, "g1", "g2", null);
        model.Members["m2"] = new(MemberStatus.Probationary, MemberCategory.Retired, "g1", null, null);
        await harness.AssertExactAsync(model);

        await harness.EnrollAsync("m1", "g2", MemberStatus.Full, MemberCategory.InService, residenceGridId: "g2");
        model.Members["m1"] = model.Members["m1"] with { OrgId = "g2" };
        await harness.AssertExactAsync(model);
        Assert.Equal(1, (await harness.Org("s1").GetRollup()).Metrics[Metric.Members]);
        Assert.Equal(1, (await harness.Org("s2").GetRollup()).Metrics[Metric.InService]);
    }

    [Fact]
    public async Task A_move_carries_the_subtree_and_its_figures_to_the_new_parent()
    {
        var (harness, model) = await DistrictAsync();
        await using var _ = harness;
        await harness.EnrollAsync("m1", "g1");
        model.Members["m1"] = new(MemberStatus.Full, MemberCategory.Retired, "g1", null, null);

        Assert.Equal(PlacementOutcome.Moved, await harness.PlaceAsync("c1", "s2", OrganizationKind.Community));
        model.Orgs["c1"] = ("s2", OrganizationKind.Community);

        await harness.AssertExactAsync(model);
        Assert.Equal(0, (await harness.Org("s1").GetRollup()).Metrics[Metric.Members]);
        Assert.Equal(1, (await harness.Org("s2").GetRollup()).Metrics[Metric.Members]);
        Assert.Empty((await harness.Org("s1").GetDetails())!.ChildIds);
    }

    [Fact]
    public async Task A_move_under_its_own_subtree_is_refused_as_a_cycle()
    {
        var (harness, model) = await DistrictAsync();
        await using var _ = harness;

        var refused = await Assert.ThrowsAsync<DomainException>(() => harness.PlaceAsync("s1", "g1", OrganizationKind.Street));
        Assert.Equal(DomainErrors.Cycle, refused.Code);
        Assert.Equal(DomainErrorKind.Conflict, refused.Kind);
        await harness.AssertExactAsync(model);
    }

    [Fact]
    public async Task Two_racing_moves_that_together_would_make_a_cycle_never_both_succeed()
    {
        for (var round = 0; round < 20; round++)
        {
            await using var harness = await DomainHarness.StartAsync();
            await harness.PlaceAsync("root", null, OrganizationKind.District);
            await harness.PlaceAsync("a", "root");
            await harness.PlaceAsync("b", "root");

            var aUnderB = harness.PlaceAsync("a", "b");
            var bUnderA = harness.PlaceAsync("b", "a");
            var outcomes = await Task.WhenAll(Outcome(aUnderB), Outcome(bUnderA));

            Assert.Single(outcomes, o => o == "moved");
            Assert.Single(outcomes, o => o == DomainErrors.Cycle);
            var aParent = (await harness.Org("a").GetDetails())!.ParentId;
            var bParent = (await harness.Org("b").GetDetails())!.ParentId;
            Assert.True((aParent, bParent) is ("b", "root") or ("root", "a"), $"a under {aParent}, b under {bParent}");
            await DomainHarness.EventuallyAsync(async () => (await harness.Org("root").GetRollup()).Metrics[Metric.Orgs] == 3, "the root counts three organizations");
        }

        static async Task<string> Outcome(Task<PlacementOutcome> move)
        {
            try
            {
                await move;
                return "moved";
            }
            catch (DomainException refused)
            {
                return refused.Code;
            }
        }
    }

    [Fact]
    public async Task Creating_under_an_unknown_parent_is_refused_and_creates_nothing()
    {
        await using var harness = await DomainHarness.StartAsync();

        var refused = await Assert.ThrowsAsync<DomainException>(() => harness.PlaceAsync("x", "nowhere"));
        Assert.Equal(DomainErrorKind.UnknownReference, refused.Kind);
        Assert.Null(await harness.Org("x").GetDetails());
    }

    [Fact]
    public async Task Dissolving_is_refused_while_children_or_members_remain_and_allowed_after()
    {
        var (harness, model) = await DistrictAsync();
        await using var _ = harness;
        await harness.EnrollAsync("m1", "g2", residenceGridId: "g1");

        var withChildren = await Assert.ThrowsAsync<DomainException>(() => harness.Tree.Dissolve("c1"));
        Assert.Equal(DomainErrors.HasChildren, withChildren.Code);
        var withResident = await Assert.ThrowsAsync<DomainException>(() => harness.Tree.Dissolve("g1"));
        Assert.Equal(DomainErrors.HasMembers, withResident.Code);
        Assert.Contains("1 member", withResident.Message, StringComparison.Ordinal);

        await harness.Member("m1").Leave();
        await harness.Tree.Dissolve("g1");
        model.Orgs.Remove("g1");
        model.Members["m1"] = new(MemberStatus.Left, MemberCategory.Retired, "g2", "g1", null);

        Assert.Null(await harness.Org("g1").GetDetails());
        Assert.Empty((await harness.Org("c1").GetDetails())!.ChildIds);
        await harness.AssertExactAsync(model);
    }

    [Fact]
    public async Task Children_are_listed_with_their_names_kinds_and_roll_ups()
    {
        var (harness, model) = await DistrictAsync();
        await using var _ = harness;
        await harness.Tree.Place("s1", new OrganizationDefinition("淮河路街道党工委", OrganizationKind.Street, "d"));

        await DomainHarness.EventuallyAsync(async () =>
        {
            var children = await harness.Org("d").GetChildren();
            return children.Length == 2 && children[0].Name == "淮河路街道党工委" && children[0].Rollup.Metrics[Metric.Orgs] == 3;
        }, "the district lists the renamed street with its figures");
        await harness.AssertExactAsync(model);
    }

    [Fact]
    public async Task Observers_receive_the_published_roll_ups_and_the_newest_one_is_current()
    {
        var (harness, model) = await DistrictAsync();
        await using var _ = harness;
        var received = new ConcurrentQueue<Rollup>();

        // Orleans holds a client's observer weakly: the test keeps it alive until it has read it.
        var recorder = new Recorder(received);
        var observer = harness.Factory.CreateObjectReference<IRollupObserver>(recorder);
        await harness.Org("d").Subscribe(observer);

        for (var i = 0; i < 10; i++)
        {
            await harness.EnrollAsync($"m{i}", i % 2 == 0 ? "g1" : "g2");
        }

        // One-way notifications may overtake one another: a consumer keeps the highest version (the
        // HTTP stream does), and that one is what the organization answers now.
        static Rollup? Newest(IEnumerable<Rollup> rollups) => rollups.MaxBy(r => r.Version);
        await DomainHarness.EventuallyAsync(() => Task.FromResult(Newest(received)?.Metrics[Metric.Members] == 10), "the newest roll-up received counts ten members");
        var current = await harness.Org("d").GetRollup();
        Assert.Equal(current.Version, Newest(received)!.Version);
        Assert.Equal(current.Metrics, Newest(received)!.Metrics);
        Assert.True(received.Count >= 2, $"Only {received.Count} roll-up(s) arrived.");
        GC.KeepAlive(recorder);
    }

    private sealed class Recorder(ConcurrentQueue<Rollup> received) : IRollupObserver
    {
        public Task OnRollup(Rollup rollup)
        {
            received.Enqueue(rollup);
            return Task.CompletedTask;
        }
    }
}
