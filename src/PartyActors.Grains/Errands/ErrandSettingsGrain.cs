using Microsoft.Extensions.Options;

namespace PartyActors.Grains;

/// <summary>
/// The errands' SLA table: a default term and rules per category and level, as the requests' table
/// (<see cref="SlaTable"/>), set apart because an errand's 3 working days are not a request's answer
/// term. Working days are counted by the one calendar of the service, the requests' settings grain.
/// </summary>
[GrainType("errand-settings")]
internal sealed class ErrandSettingsGrain(
    [PersistentState("errand-settings")] IPersistentState<ErrandSettingsState> store,
    IOptions<ErrandOptions> options) : Grain, IErrandSettingsGrain
{
    private SlaTable Defaults => new(options.Value.DefaultSla(), []);

    public Task<SlaTable> GetSla() => Task.FromResult(store.State.Sla ?? Defaults);

    public async Task<SlaTable> SetSla(SlaTable? table)
    {
        if (table is not null)
        {
            ErrandRules.Validate(table);
            table = table with
            {
                Rules = [.. (table.Rules.IsDefault ? [] : table.Rules).Select(r => r with { Category = r.Category?.Trim() })],
            };
        }

        var committed = store.State.Sla;
        store.State.Sla = table;
        try
        {
            await store.WriteStateAsync();
        }
        catch
        {
            store.State.Sla = committed;
            DeactivateOnIdle();
            throw;
        }

        return table ?? Defaults;
    }

    public async Task<RequestDeadline> Deadline(ErrandCategory category, OrganizationKind level, DateTimeOffset from)
    {
        var term = (store.State.Sla ?? Defaults).TermFor(WireNames<ErrandCategory>.Name(category), level);

        // A term is at most 60 working days or 720 hours: it ends this year or the next.
        var year = CommitmentRules.Today(from).Year;
        var calendars = GrainFactory.GetGrain<IRequestSettingsGrain>(IRequestSettingsGrain.Key);
        var years = await Task.WhenAll(calendars.GetCalendar(year), calendars.GetCalendar(year + 1));
        return new RequestDeadline(WorkingCalendar.Of(years).Deadline(from, term), term);
    }
}

/// <summary>What the errands' settings keep durable: the SLA table (null: the options' default).</summary>
internal sealed class ErrandSettingsState
{
    public SlaTable? Sla { get; set; }
}
