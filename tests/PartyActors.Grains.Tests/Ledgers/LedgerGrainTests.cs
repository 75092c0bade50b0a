namespace PartyActors.Grains.Tests.Ledgers;

/// <summary>
/// One ledger for requests and errands (<see cref="LedgerGrain{TEntry, TFilter}"/>): entries kept by
/// version, paged in id order under a status filter, entries that moved on kept but not listed, and
/// ledgers stored before they shared one grain class still load.
/// </summary>
public sealed class LedgerGrainTests
{
    private static readonly DateTimeOffset Filed = new(2027, 9, 29, 10, 0, 0, CommitmentRules.ChinaOffset);

    private static RequestLedgerEntry Request(string id, RequestStatus status, long version, string orgId = "g") =>
        new(id, orgId, "路灯不亮", "环境卫生", status, false, Filed, Filed.AddDays(3), null, version);

    private static ErrandLedgerEntry Errand(string id, string orgId, string cadre, DateTimeOffset dueAt, long version) =>
        new(id, orgId, cadre, ErrandCategory.Medical, "王大妈", ErrandStatus.Open, false, false, Filed, dueAt, null, version);

    private static async Task<string[]> IdsAsync<TEntry, TFilter>(ILedgerGrain<TEntry, TFilter> ledger, TFilter? filter = null, string? after = null, int limit = 10)
        where TEntry : ILedgerEntry<TFilter>
        where TFilter : struct, Enum =>
        [.. (await ledger.Page(filter, after, limit)).Select(e => e.Id)];

    [Fact]
    public async Task Entries_are_kept_by_version_and_paged_in_id_order_under_a_filter()
    {
        await using var harness = await DomainHarness.StartAsync();
        var ledger = harness.Factory.GetGrain<IRequestLedgerGrain>("g");
        await ledger.Record(Request("q2", RequestStatus.Open, 1));
        await ledger.Record(Request("q1", RequestStatus.Replied, 2));
        await ledger.Record(Request("q3", RequestStatus.Closed, 4));

        // A late report of an older or the same version undoes nothing.
        await ledger.Record(Request("q1", RequestStatus.Open, 1));
        await ledger.Record(Request("q3", RequestStatus.Open, 4));
        Assert.Equal(["q1", "q2", "q3"], await IdsAsync(ledger));
        Assert.Equal(["q1", "q2"], await IdsAsync(ledger, RequestLedgerFilter.Open));
        Assert.Equal(["q1"], await IdsAsync(ledger, RequestLedgerFilter.Replied));
        Assert.Equal(["q2"], await IdsAsync(ledger, after: "q1", limit: 1));
        Assert.Equal(["q3"], await IdsAsync(ledger, RequestLedgerFilter.Closed, after: "q1"));

        // A newer version replaces; a forgotten entry is gone.
        await ledger.Record(Request("q2", RequestStatus.Closed, 2));
        await ledger.Forget("q1");
        Assert.Equal(["q2", "q3"], await IdsAsync(ledger, RequestLedgerFilter.Closed));
        Assert.Equal(["q2", "q3"], await IdsAsync(ledger));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ledger.Page(null, null, 0));
    }

    [Fact]
    public async Task An_index_lists_only_the_entries_that_name_it_and_an_open_entry_past_its_deadline_is_overdue()
    {
        await using var harness = await DomainHarness.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var org = harness.Factory.GetGrain<IErrandLedgerGrain>(ErrandRules.OrgLedgerKey("c"));
        var cadre = harness.Factory.GetGrain<IErrandLedgerGrain>(ErrandRules.CadreLedgerKey("m1"));
        foreach (var index in new[] { org, cadre })
        {
            await index.Record(Errand("e1", "c", "m1", now.AddDays(3), 1));
            await index.Record(Errand("e2", "c", "m1", now.AddHours(-1), 1));
        }

        Assert.Equal(["e2"], await IdsAsync(org, ErrandFilter.Overdue));

        // e1 moved to c2 and to cadre m2: both indexes keep its entry for its version and list it no more.
        await org.Record(Errand("e1", "c2", "m1", now.AddDays(3), 2));
        await cadre.Record(Errand("e1", "c", "m2", now.AddDays(3), 2));
        Assert.Equal(["e2"], await IdsAsync(org));
        Assert.Equal(["e2"], await IdsAsync(cadre));
        await org.Record(Errand("e1", "c", "m1", now.AddDays(3), 1));
        Assert.Equal(["e2"], await IdsAsync(org));
    }

    [Fact]
    public async Task Ledgers_stored_by_the_former_ledger_grains_load()
    {
        await using var harness = await DomainHarness.StartAsync();
        var now = DateTimeOffset.UtcNow;
        await harness.Store!.WriteStateAsync("request-ledger", GrainId.Create("request-ledger", "g"),
            new GrainState<FormerLedgerState<RequestLedgerEntry>>(new() { Entries = { ["q1"] = Request("q1", RequestStatus.Replied, 3) } }));
        await harness.Store.WriteStateAsync("errand-ledger", GrainId.Create("errand-ledger", ErrandRules.OrgLedgerKey("c")),
            new GrainState<FormerLedgerState<ErrandLedgerEntry>>(new() { Entries = { ["e1"] = Errand("e1", "c", "m1", now.AddHours(-1), 5) } }));

        var requests = harness.Factory.GetGrain<IRequestLedgerGrain>("g");
        Assert.Equal(Request("q1", RequestStatus.Replied, 3), Assert.Single(await requests.Page(RequestLedgerFilter.Replied, null, 10)));
        await requests.Record(Request("q1", RequestStatus.Open, 2));
        Assert.Equal(RequestStatus.Replied, Assert.Single(await requests.Page(null, null, 10)).Status);

        var errands = harness.Factory.GetGrain<IErrandLedgerGrain>(ErrandRules.OrgLedgerKey("c"));
        Assert.Equal(["e1"], await IdsAsync(errands, ErrandFilter.Overdue));
        await errands.Record(Errand("e1", "c2", "m1", now, 4));
        Assert.Equal(["e1"], await IdsAsync(errands));
    }

    /// <summary>The state class both ledger grains had before the shared base (RequestLedgerState, ErrandLedgerState), as it was written.</summary>
    private sealed class FormerLedgerState<TEntry>
    {
        public Dictionary<string, TEntry> Entries { get; set; } = new(StringComparer.Ordinal);
    }
}
