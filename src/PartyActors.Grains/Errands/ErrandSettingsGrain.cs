using Microsoft.Extensions.Options;

namespace PartyActors.Grains;

/// <summary>
/// The errands' SLA table (<see cref="SlaTableGrain{TState}"/>), apart from the requests' table because
/// an errand's 3 working days are not a request's answer term, and its categories are errand
/// categories. Working days are counted by the one calendar of the service, the requests' settings grain.
/// </summary>
[GrainType("errand-settings")]
internal sealed class ErrandSettingsGrain(
    [PersistentState("errand-settings")] IPersistentState<SlaTableState> store,
    IOptions<ErrandOptions> options) : SlaTableGrain<SlaTableState>(store, options.Value, ErrandRules.Validate), IErrandSettingsGrain
{
    public async Task<RequestDeadline> Deadline(ErrandCategory category, OrganizationKind level, DateTimeOffset from)
    {
        var term = Table.TermFor(WireNames<ErrandCategory>.Name(category), level);

        // A term is at most 60 working days or 720 hours: it ends this year or the next.
        var year = CommitmentRules.Today(from).Year;
        var calendars = GrainFactory.GetGrain<IRequestSettingsGrain>(IRequestSettingsGrain.Key);
        var years = await Task.WhenAll(calendars.GetCalendar(year), calendars.GetCalendar(year + 1));
        return new RequestDeadline(WorkingCalendar.Of(years).Deadline(from, term), term);
    }
}
