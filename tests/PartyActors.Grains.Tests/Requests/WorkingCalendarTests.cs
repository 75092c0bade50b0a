namespace PartyActors.Grains.Tests.Requests;

/// <summary>
/// Working-day arithmetic in China Standard Time: weekends, holidays, make-up working days (调休),
/// the year boundary, filing on a holiday or after hours. The calendars are test data shaped like the
/// State Council's yearly notices.
/// </summary>
public sealed class WorkingCalendarTests
{
    private static readonly SlaTerm ThreeDays = new(3, SlaUnit.WorkingDays);

    /// <summary>National Day 2026 as a notice would set it: 1 to 7 October off, Sunday 20 September and Saturday 10 October worked.</summary>
    private static readonly WorkCalendarYear Year2026 = new(2026,
        [.. Enumerable.Range(1, 7).Select(d => new DateOnly(2026, 10, d))],
        [new DateOnly(2026, 9, 20), new DateOnly(2026, 10, 10)]);

    /// <summary>New Year's Day 2027 (a Friday) off.</summary>
    private static readonly WorkCalendarYear Year2027 = new(2027, [new DateOnly(2027, 1, 1)], []);

    private static readonly WorkingCalendar China = WorkingCalendar.Of([Year2026, Year2027]);

    private static DateTimeOffset Cst(int year, int month, int day, int hour = 10, int minute = 0) => new(year, month, day, hour, minute, 0, CommitmentRules.ChinaOffset);

    /// <summary>Midnight (UTC+8) at the end of the day.</summary>
    private static DateTimeOffset EndOf(int year, int month, int day) => Cst(year, month, day, 0).AddDays(1);

    [Fact]
    public void Weekdays_are_working_days_and_weekends_are_not()
    {
        Assert.True(WorkingCalendar.Weekdays.IsWorkingDay(new DateOnly(2026, 12, 4)));   // Friday
        Assert.False(WorkingCalendar.Weekdays.IsWorkingDay(new DateOnly(2026, 12, 5)));  // Saturday
        Assert.False(WorkingCalendar.Weekdays.IsWorkingDay(new DateOnly(2026, 12, 6)));  // Sunday
        Assert.True(WorkingCalendar.Weekdays.IsWorkingDay(new DateOnly(2026, 12, 7)));   // Monday
    }

    [Fact]
    public void The_day_of_filing_does_not_count_and_the_term_ends_at_midnight_after_the_last_day()
    {
        // Monday → Tuesday, Wednesday, Thursday.
        Assert.Equal(EndOf(2026, 12, 10), WorkingCalendar.Weekdays.Deadline(Cst(2026, 12, 7), ThreeDays));
        Assert.Equal(new DateOnly(2026, 12, 10), WorkingCalendar.Weekdays.AddWorkingDays(new DateOnly(2026, 12, 7), 3));
    }

    [Fact]
    public void Weekends_are_skipped()
    {
        // Thursday → Friday, Monday, Tuesday; Friday → Monday, Tuesday, Wednesday.
        Assert.Equal(EndOf(2026, 12, 8), WorkingCalendar.Weekdays.Deadline(Cst(2026, 12, 3), ThreeDays));
        Assert.Equal(EndOf(2026, 12, 9), WorkingCalendar.Weekdays.Deadline(Cst(2026, 12, 4), ThreeDays));
    }

    [Fact]
    public void Filed_on_a_weekend_counts_from_the_next_working_day()
    {
        // Saturday and Sunday both → Monday, Tuesday, Wednesday.
        Assert.Equal(EndOf(2026, 12, 9), WorkingCalendar.Weekdays.Deadline(Cst(2026, 12, 5), ThreeDays));
        Assert.Equal(EndOf(2026, 12, 9), WorkingCalendar.Weekdays.Deadline(Cst(2026, 12, 6, 23, 59), ThreeDays));
    }

    [Fact]
    public void After_hours_is_the_same_day_in_china_whatever_the_utc_date()
    {
        // 23:30 on Monday in China is 15:30 UTC Monday; 00:30 Tuesday in China is still Monday in UTC.
        Assert.Equal(EndOf(2026, 12, 10), WorkingCalendar.Weekdays.Deadline(Cst(2026, 12, 7, 23, 30), ThreeDays));
        var tuesdayInChina = Cst(2026, 12, 8, 0, 30);
        Assert.Equal(DayOfWeek.Monday, tuesdayInChina.UtcDateTime.DayOfWeek);
        Assert.Equal(EndOf(2026, 12, 11), WorkingCalendar.Weekdays.Deadline(tuesdayInChina.ToUniversalTime(), ThreeDays));
    }

    [Fact]
    public void Holidays_are_skipped_and_make_up_working_days_count()
    {
        // Wednesday 30 September: 1–7 October off, Thursday 8 and Friday 9 work, Saturday 10 works (调休).
        Assert.Equal(EndOf(2026, 10, 10), China.Deadline(Cst(2026, 9, 30), ThreeDays));
        Assert.Equal(EndOf(2026, 10, 5), WorkingCalendar.Weekdays.Deadline(Cst(2026, 9, 30), ThreeDays));

        // Friday 18 September: Sunday 20 is a working day → Sunday 20, Monday 21, Tuesday 22.
        Assert.Equal(EndOf(2026, 9, 22), China.Deadline(Cst(2026, 9, 18), ThreeDays));
        Assert.True(China.IsWorkingDay(new DateOnly(2026, 9, 20)));
        Assert.False(China.IsWorkingDay(new DateOnly(2026, 10, 5)));
    }

    [Fact]
    public void Filed_on_a_holiday_counts_from_the_first_working_day_after_it()
    {
        // Friday 2 October (a holiday): Thursday 8, Friday 9, Saturday 10 (调休).
        Assert.Equal(EndOf(2026, 10, 10), China.Deadline(Cst(2026, 10, 2, 20), ThreeDays));

        // Filed on the last holiday, one day: Thursday 8.
        Assert.Equal(EndOf(2026, 10, 8), China.Deadline(Cst(2026, 10, 7), new SlaTerm(1, SlaUnit.WorkingDays)));
    }

    [Fact]
    public void Terms_cross_the_year_boundary_with_the_next_years_calendar()
    {
        // Wednesday 30 December: Thursday 31, (Friday 1 January off), Monday 4, Tuesday 5.
        Assert.Equal(EndOf(2027, 1, 5), China.Deadline(Cst(2026, 12, 30), ThreeDays));

        // Without the 2027 calendar, New Year's Day is a plain Friday.
        Assert.Equal(EndOf(2027, 1, 4), WorkingCalendar.Of([Year2026]).Deadline(Cst(2026, 12, 30), ThreeDays));
    }

    [Fact]
    public void A_term_after_a_missed_one_follows_it_without_a_gap()
    {
        // The missed term ended at midnight after Thursday 3 December: one more working day is Friday 4.
        var one = new SlaTerm(1, SlaUnit.WorkingDays);
        Assert.Equal(EndOf(2026, 12, 4), WorkingCalendar.Weekdays.DeadlineAfter(EndOf(2026, 12, 3), one));

        // One that ended on Friday: Monday; one of hours that ended at 14:00 on Thursday: Friday.
        Assert.Equal(EndOf(2026, 12, 7), WorkingCalendar.Weekdays.DeadlineAfter(EndOf(2026, 12, 4), one));
        Assert.Equal(EndOf(2026, 12, 4), WorkingCalendar.Weekdays.DeadlineAfter(Cst(2026, 12, 3, 14), one));
        Assert.Equal(Cst(2026, 12, 4, 14), WorkingCalendar.Weekdays.DeadlineAfter(Cst(2026, 12, 3, 14), new SlaTerm(24, SlaUnit.Hours)));
    }

    [Fact]
    public void Hours_are_clock_hours_whatever_the_day()
    {
        var saturdayNight = Cst(2026, 10, 3, 22);
        Assert.Equal(saturdayNight.AddHours(48), China.Deadline(saturdayNight, new SlaTerm(48, SlaUnit.Hours)));
    }

    [Fact]
    public void A_calendar_without_enough_working_days_is_refused_not_looped_on()
    {
        var start = new DateOnly(2026, 1, 1);
        var never = new WorkingCalendar(Enumerable.Range(0, 5 * 366).Select(start.AddDays), []);
        Assert.Throws<InvalidOperationException>(() => never.AddWorkingDays(start, 1));
    }

    [Fact]
    public void Calendars_are_checked_before_they_are_kept()
    {
        RequestRules.Validate(Year2026);
        foreach (var (calendar, field) in new (WorkCalendarYear, string)[]
        {
            (new WorkCalendarYear(1999, [], []), "year"),
            (new WorkCalendarYear(2026, [new DateOnly(2027, 1, 1)], []), "holidays"),
            (new WorkCalendarYear(2026, [], [new DateOnly(2026, 10, 9)]), "workdays"),
            (new WorkCalendarYear(2026, [new DateOnly(2026, 10, 10)], [new DateOnly(2026, 10, 10)]), "workdays"),
        })
        {
            Assert.Equal(field, Assert.Throws<DomainException>(() => RequestRules.Validate(calendar)).Field);
        }
    }

    [Fact]
    public void The_sla_table_picks_category_and_level_then_category_then_level_then_the_default()
    {
        var table = new SlaTable(new SlaTerm(3, SlaUnit.WorkingDays),
        [
            new SlaRule(null, OrganizationKind.Street, 5, SlaUnit.WorkingDays),
            new SlaRule("供暖", null, 24, SlaUnit.Hours),
            new SlaRule("供暖", OrganizationKind.District, 2, SlaUnit.WorkingDays),
        ]);
        Assert.Equal(new SlaTerm(2, SlaUnit.WorkingDays), table.TermFor("供暖", OrganizationKind.District));
        Assert.Equal(new SlaTerm(24, SlaUnit.Hours), table.TermFor("供暖", OrganizationKind.Street));
        Assert.Equal(new SlaTerm(5, SlaUnit.WorkingDays), table.TermFor("环境卫生", OrganizationKind.Street));
        Assert.Equal(new SlaTerm(3, SlaUnit.WorkingDays), table.TermFor("环境卫生", OrganizationKind.Grid));
    }
}
