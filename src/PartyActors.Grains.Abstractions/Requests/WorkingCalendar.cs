using System.Collections.Frozen;

namespace PartyActors.Grains;

/// <summary>
/// Working days in China Standard Time: Monday to Friday, minus public holidays, plus the make-up
/// working days (调休: a Saturday or Sunday declared a working day around a holiday). Pure and
/// immutable; the dates come from the calendar an admin sets per year (docs/requests.md). A day the
/// calendar does not name is a working day when it is a weekday.
/// </summary>
public sealed class WorkingCalendar
{
    /// <summary>More calendar days than this without reaching the working days asked for is a broken calendar, not a long wait.</summary>
    private const int MaxScannedDays = 3 * 366;

    private readonly FrozenSet<DateOnly> _holidays;
    private readonly FrozenSet<DateOnly> _workdays;

    public WorkingCalendar(IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> workdays)
    {
        ArgumentNullException.ThrowIfNull(holidays);
        ArgumentNullException.ThrowIfNull(workdays);
        _holidays = holidays.ToFrozenSet();
        _workdays = workdays.ToFrozenSet();
    }

    /// <summary>Monday to Friday, no holidays.</summary>
    public static WorkingCalendar Weekdays { get; } = new([], []);

    /// <summary>A calendar of the years given (years not given are plain weekdays).</summary>
    public static WorkingCalendar Of(IEnumerable<WorkCalendarYear> years)
    {
        ArgumentNullException.ThrowIfNull(years);
        var list = years.ToList();
        return new WorkingCalendar(list.SelectMany(y => y.Holidays), list.SelectMany(y => y.Workdays));
    }

    public bool IsWorkingDay(DateOnly day) =>
        _workdays.Contains(day) || (!_holidays.Contains(day) && day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

    /// <summary>
    /// The <paramref name="count"/>th working day after <paramref name="start"/>, which itself does
    /// not count (the day a term starts is not counted: 期间开始的当日不计入, Civil Code art. 201).
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var day = start;
        for (var scanned = 0; scanned < MaxScannedDays; scanned++)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day) && --count == 0)
            {
                return day;
            }
        }

        throw new InvalidOperationException($"No {count} working days within {MaxScannedDays} days after {start:yyyy-MM-dd}: the calendar is broken.");
    }

    /// <summary>
    /// When a term that starts at <paramref name="from"/> ends: for working days, midnight (UTC+8) at
    /// the end of the Nth working day after the day of <paramref name="from"/> in China; for hours,
    /// <paramref name="from"/> plus that many hours, on the clock.
    /// </summary>
    public DateTimeOffset Deadline(DateTimeOffset from, SlaTerm term)
    {
        ArgumentNullException.ThrowIfNull(term);
        return term.Unit switch
        {
            SlaUnit.Hours => from.ToOffset(CommitmentRules.ChinaOffset).AddHours(term.Amount),
            _ => CommitmentRules.Deadline(AddWorkingDays(CommitmentRules.Today(from), term.Amount)),
        };
    }

    /// <summary>
    /// When a term that follows a missed one ends: the new term starts where the missed one ended,
    /// without a gap, so the last day of the missed term is the day that does not count (a deadline
    /// at midnight ends the day before it). For hours, <paramref name="missedDueAt"/> plus that many hours.
    /// </summary>
    public DateTimeOffset DeadlineAfter(DateTimeOffset missedDueAt, SlaTerm term)
    {
        ArgumentNullException.ThrowIfNull(term);
        return term.Unit == SlaUnit.Hours ? Deadline(missedDueAt, term) : Deadline(missedDueAt.AddTicks(-1), term);
    }
}
