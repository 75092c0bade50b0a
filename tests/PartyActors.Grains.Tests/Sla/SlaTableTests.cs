namespace PartyActors.Grains.Tests.Sla;

/// <summary>
/// One SLA table for requests and errands (<see cref="SlaTableGrain{TState}"/>, <see cref="SlaRules"/>):
/// both grains check a table the same way and differ only in the categories they take, and the
/// tables and calendars stored before they shared one grain class still load.
/// </summary>
public sealed class SlaTableTests
{
    private static readonly SlaTerm ThreeDays = new(3, SlaUnit.WorkingDays);

    private static ISlaTableGrain RequestTable(DomainHarness harness) => harness.Factory.GetGrain<IRequestSettingsGrain>(IRequestSettingsGrain.Key);

    private static ISlaTableGrain ErrandTable(DomainHarness harness) => harness.Factory.GetGrain<IErrandSettingsGrain>(IErrandSettingsGrain.Key);

    /// <summary>Tables either mechanism refuses, and the field each refusal names.</summary>
    private static readonly (SlaTable Table, string Field)[] Breaches =
    [
        (new SlaTable(new SlaTerm(61, SlaUnit.WorkingDays), []), "default"),
        (new SlaTable(ThreeDays, [new SlaRule(null, OrganizationKind.Grid, 721, SlaUnit.Hours)]), "rules[0]"),
        (new SlaTable(ThreeDays, [new SlaRule(null, null, 1, SlaUnit.WorkingDays)]), "rules[0]"),
        (new SlaTable(ThreeDays, [new SlaRule("medical", null, 1, SlaUnit.WorkingDays), new SlaRule(" medical ", null, 2, SlaUnit.WorkingDays)]), "rules[1]"),
        (new SlaTable(ThreeDays, [new SlaRule(new string('x', RequestRules.MaxCategoryLength + 1), null, 1, SlaUnit.WorkingDays)]), "rules[0].category"),
        (new SlaTable(ThreeDays, [.. Enumerable.Range(0, SlaRules.MaxRules + 1).Select(i => new SlaRule(null, OrganizationKind.Grid, 1 + (i % 60), SlaUnit.WorkingDays))]), "rules"),
    ];

    [Fact]
    public async Task Both_tables_are_checked_the_same_way_and_differ_only_in_the_categories_they_take()
    {
        await using var harness = await DomainHarness.StartAsync();
        foreach (var table in new[] { RequestTable(harness), ErrandTable(harness) })
        {
            Assert.Equal(ThreeDays, (await table.GetSla()).Default);
            foreach (var (breach, field) in Breaches)
            {
                Assert.Equal(field, (await Assert.ThrowsAsync<DomainException>(() => table.SetSla(breach))).Field);
            }

            // Refused tables change nothing; a table set is kept trimmed, and null goes back to the default.
            Assert.Equal(ThreeDays, (await table.GetSla()).Default);
            await table.SetSla(new SlaTable(new SlaTerm(24, SlaUnit.Hours), [new SlaRule(" medical ", OrganizationKind.Grid, 2, SlaUnit.WorkingDays)]));
            var kept = await table.GetSla();
            Assert.Equal(new SlaTerm(24, SlaUnit.Hours), kept.Default);
            Assert.Equal(new SlaRule("medical", OrganizationKind.Grid, 2, SlaUnit.WorkingDays), Assert.Single(kept.Rules));
            Assert.Empty((await table.SetSla(null)).Rules);
            Assert.Equal(ThreeDays, (await table.GetSla()).Default);
        }

        // Requests take any category; errands only errand categories, and the refusal names the rule.
        var local = new SlaTable(ThreeDays, [new SlaRule("环境卫生", null, 1, SlaUnit.WorkingDays)]);
        Assert.Equal("环境卫生", Assert.Single((await RequestTable(harness).SetSla(local)).Rules).Category);
        Assert.Equal("rules[0].category", (await Assert.ThrowsAsync<DomainException>(() => ErrandTable(harness).SetSla(local))).Field);
        Assert.Empty((await ErrandTable(harness).GetSla()).Rules);
    }

    [Fact]
    public async Task Tables_and_calendars_stored_by_the_former_settings_grains_load()
    {
        await using var harness = await DomainHarness.StartAsync();
        var requestTable = new SlaTable(new SlaTerm(5, SlaUnit.WorkingDays), [new SlaRule("环境卫生", OrganizationKind.Community, 48, SlaUnit.Hours)]);
        var errandTable = new SlaTable(new SlaTerm(2, SlaUnit.WorkingDays), [new SlaRule("medical", null, 12, SlaUnit.Hours)]);
        var calendar = new WorkCalendarYear(2027, [new DateOnly(2027, 10, 1)], [new DateOnly(2027, 10, 9)]);
        await harness.Store!.WriteStateAsync("request-settings", GrainId.Create("request-settings", IRequestSettingsGrain.Key),
            new GrainState<FormerRequestSettingsState>(new FormerRequestSettingsState { Sla = requestTable, Calendars = { [2027] = calendar } }));
        await harness.Store.WriteStateAsync("errand-settings", GrainId.Create("errand-settings", IErrandSettingsGrain.Key),
            new GrainState<FormerErrandSettingsState>(new FormerErrandSettingsState { Sla = errandTable }));

        var requests = harness.Factory.GetGrain<IRequestSettingsGrain>(IRequestSettingsGrain.Key);
        Assert.Equal(requestTable.Default, (await requests.GetSla()).Default);
        Assert.Equal(requestTable.Rules[0], Assert.Single((await requests.GetSla()).Rules));
        Assert.Equal(new DateOnly(2027, 10, 1), Assert.Single((await requests.GetCalendar(2027)).Holidays));
        Assert.Equal(new SlaTerm(48, SlaUnit.Hours), (await requests.Deadline("环境卫生", OrganizationKind.Community, DateTimeOffset.UtcNow)).Term);

        var errands = harness.Factory.GetGrain<IErrandSettingsGrain>(IErrandSettingsGrain.Key);
        Assert.Equal(errandTable.Default, (await errands.GetSla()).Default);
        Assert.Equal(new SlaTerm(12, SlaUnit.Hours), (await errands.Deadline(ErrandCategory.Medical, OrganizationKind.Grid, DateTimeOffset.UtcNow)).Term);
        Assert.Equal(errandTable.Default, (await errands.Deadline(ErrandCategory.Other, OrganizationKind.Grid, DateTimeOffset.UtcNow)).Term);
    }

    [Fact]
    public async Task A_table_the_store_refuses_fails_the_call_and_the_next_call_reads_the_store_again()
    {
        await using var harness = await DomainHarness.StartAsync();
        var table = RequestTable(harness);
        var kept = new SlaTerm(24, SlaUnit.Hours);
        await table.SetSla(new SlaTable(kept, []));
        var grain = GrainId.Create("request-settings", IRequestSettingsGrain.Key);

        harness.Faults.Refuse(grain);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => table.SetSla(new SlaTable(new SlaTerm(5, SlaUnit.WorkingDays), [])));

        // Whether the write landed is unknown, so the activation went: the next call reads the store,
        // and fails while reads are refused too, where a kept activation would answer from memory.
        var outage = harness.Faults.Refuse(grain, reads: true);
        await Assert.ThrowsAnyAsync<Exception>(() => table.GetSla());
        Assert.True(outage.FirstRefused.IsCompleted);

        harness.Faults.Restore(grain);
        Assert.Equal(kept, (await table.GetSla()).Default);
    }

    /// <summary>The state class of the requests' settings grain before the shared base, as it was written.</summary>
    private sealed class FormerRequestSettingsState
    {
        public SlaTable? Sla { get; set; }

        public Dictionary<int, WorkCalendarYear> Calendars { get; set; } = [];
    }

    /// <summary>The state class of the errands' settings grain before the shared base, as it was written.</summary>
    private sealed class FormerErrandSettingsState
    {
        public SlaTable? Sla { get; set; }
    }

}
