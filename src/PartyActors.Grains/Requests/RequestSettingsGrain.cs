using Microsoft.Extensions.Options;

namespace PartyActors.Grains;

/// <summary>
/// The SLA table (<see cref="SlaTableGrain{TState}"/>) and the working-day calendar of requests, the
/// one calendar of the service. Small (a table of rules and a few dozen dates a year) and read once
/// per term of each request, so one grain serves the service; its reads interleave.
/// </summary>
[GrainType("request-settings")]
internal sealed class RequestSettingsGrain(
    [PersistentState("request-settings")] IPersistentState<RequestSettingsState> store,
    IOptions<RequestOptions> options) : SlaTableGrain<RequestSettingsState>(store, options.Value, RequestRules.Validate), IRequestSettingsGrain
{
    private WorkingCalendar? _calendar;

    public Task<WorkCalendarYear> GetCalendar(int year) =>
        Task.FromResult(Store.State.Calendars.GetValueOrDefault(year) ?? new WorkCalendarYear(year, [], []));

    public async Task<WorkCalendarYear> SetCalendar(WorkCalendarYear calendar)
    {
        RequestRules.Validate(calendar);
        calendar = calendar with
        {
            Holidays = [.. (calendar.Holidays.IsDefault ? [] : calendar.Holidays).Distinct().Order()],
            Workdays = [.. (calendar.Workdays.IsDefault ? [] : calendar.Workdays).Distinct().Order()],
        };
        var committed = Store.State.Calendars.GetValueOrDefault(calendar.Year);
        Store.State.Calendars[calendar.Year] = calendar;
        _calendar = null;
        await Store.WriteOrDeactivateAsync(this, () =>
        {
            if (committed is null)
            {
                Store.State.Calendars.Remove(calendar.Year);
            }
            else
            {
                Store.State.Calendars[calendar.Year] = committed;
            }
        });

        return calendar;
    }

    public Task<RequestDeadline> Deadline(string category, OrganizationKind level, DateTimeOffset from, bool followsMissed = false)
    {
        ArgumentNullException.ThrowIfNull(category);
        var term = Table.TermFor(category, level);
        _calendar ??= WorkingCalendar.Of(Store.State.Calendars.Values);
        var dueAt = followsMissed ? _calendar.DeadlineAfter(from, term) : _calendar.Deadline(from, term);
        return Task.FromResult(new RequestDeadline(dueAt, term));
    }
}

/// <summary>What the settings keep durable: the SLA table (null: the options' default) and each year's calendar.</summary>
internal sealed class RequestSettingsState : SlaTableState
{
    public Dictionary<int, WorkCalendarYear> Calendars { get; set; } = [];
}
