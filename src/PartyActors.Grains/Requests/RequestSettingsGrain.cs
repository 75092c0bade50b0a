using Microsoft.Extensions.Options;

namespace PartyActors.Grains;

/// <summary>
/// The SLA table and the working-day calendar of requests. Small (a table of rules and a few dozen
/// dates a year) and read once per term of each request, so one grain serves the service; its reads
/// interleave.
/// </summary>
[GrainType("request-settings")]
internal sealed class RequestSettingsGrain(
    [PersistentState("request-settings")] IPersistentState<RequestSettingsState> store,
    IOptions<RequestOptions> options) : Grain, IRequestSettingsGrain
{
    private WorkingCalendar? _calendar;

    private SlaTable Defaults => new(options.Value.DefaultSla(), []);

    public Task<SlaTable> GetSla() => Task.FromResult(store.State.Sla ?? Defaults);

    public async Task<SlaTable> SetSla(SlaTable? table)
    {
        if (table is not null)
        {
            RequestRules.Validate(table);
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

    public Task<WorkCalendarYear> GetCalendar(int year) =>
        Task.FromResult(store.State.Calendars.GetValueOrDefault(year) ?? new WorkCalendarYear(year, [], []));

    public async Task<WorkCalendarYear> SetCalendar(WorkCalendarYear calendar)
    {
        RequestRules.Validate(calendar);
        calendar = calendar with
        {
            Holidays = [.. (calendar.Holidays.IsDefault ? [] : calendar.Holidays).Distinct().Order()],
            Workdays = [.. (calendar.Workdays.IsDefault ? [] : calendar.Workdays).Distinct().Order()],
        };
        var committed = store.State.Calendars.GetValueOrDefault(calendar.Year);
        store.State.Calendars[calendar.Year] = calendar;
        _calendar = null;
        try
        {
            await store.WriteStateAsync();
        }
        catch
        {
            if (committed is null)
            {
                store.State.Calendars.Remove(calendar.Year);
            }
            else
            {
                store.State.Calendars[calendar.Year] = committed;
            }

            DeactivateOnIdle();
            throw;
        }

        return calendar;
    }

    public Task<RequestDeadline> Deadline(string category, OrganizationKind level, DateTimeOffset from, bool followsMissed = false)
    {
        ArgumentNullException.ThrowIfNull(category);
        var term = (store.State.Sla ?? Defaults).TermFor(category, level);
        _calendar ??= WorkingCalendar.Of(store.State.Calendars.Values);
        var dueAt = followsMissed ? _calendar.DeadlineAfter(from, term) : _calendar.Deadline(from, term);
        return Task.FromResult(new RequestDeadline(dueAt, term));
    }
}

/// <summary>What the settings keep durable: the SLA table (null: the options' defaults) and each year's calendar.</summary>
internal sealed class RequestSettingsState
{
    public SlaTable? Sla { get; set; }

    public Dictionary<int, WorkCalendarYear> Calendars { get; set; } = [];
}
