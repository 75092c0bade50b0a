using System.Text.Json;

namespace PartyActors.Grains.Tests.Reports;

/// <summary>Periods of China Standard Time: their names, bounds and the boundaries that end them.</summary>
public sealed class ReportPeriodTests
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    [Theory]
    [InlineData("2026-11", "2026-11-01T00:00:00+08:00", "2026-12-01T00:00:00+08:00", PeriodGranularity.Month)]
    [InlineData("2026-01", "2026-01-01T00:00:00+08:00", "2026-02-01T00:00:00+08:00", PeriodGranularity.Month)]
    [InlineData("2026-Q4", "2026-10-01T00:00:00+08:00", "2027-01-01T00:00:00+08:00", PeriodGranularity.Quarter)]
    [InlineData("2026-Q1", "2026-01-01T00:00:00+08:00", "2026-04-01T00:00:00+08:00", PeriodGranularity.Quarter)]
    [InlineData("2026", "2026-01-01T00:00:00+08:00", "2027-01-01T00:00:00+08:00", PeriodGranularity.Year)]
    [InlineData("9998", "9998-01-01T00:00:00+08:00", "9999-01-01T00:00:00+08:00", PeriodGranularity.Year)]
    public void Names_read_as_their_months_in_china_standard_time(string name, string start, string end, PeriodGranularity granularity)
    {
        Assert.True(ReportPeriod.TryParse(name, out var period));

        Assert.Equal((DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture)), (period.Start, period.End));
        Assert.Equal(granularity, period.Granularity);
        Assert.Equal(name, period.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("26-11")]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("2026-Q0")]
    [InlineData("2026-Q5")]
    [InlineData("2026-q4")]
    [InlineData("2026-1")]
    [InlineData("2026/11")]
    [InlineData(" 2026")]
    [InlineData("2026-11 ")]
    [InlineData("+2026")]
    [InlineData("1999")]
    [InlineData("9999")]
    [InlineData("2026-+1")]
    [InlineData("２０２６")]
    public void Anything_else_is_not_a_period(string? name) => Assert.False(ReportPeriod.TryParse(name, out _));

    [Fact]
    public void A_boundary_ends_its_month_and_the_quarter_and_year_it_starts_a_new_one_of()
    {
        var january = new DateTimeOffset(2027, 1, 1, 0, 0, 0, Cst);
        var april = new DateTimeOffset(2026, 4, 1, 0, 0, 0, Cst);
        var december = new DateTimeOffset(2026, 12, 1, 0, 0, 0, Cst);

        Assert.Equal(["2026-12", "2026-Q4", "2026"], ReportPeriod.EndingAt(january).Select(p => p.ToString()));
        Assert.Equal(["2026-03", "2026-Q1"], ReportPeriod.EndingAt(april).Select(p => p.ToString()));
        Assert.Equal(["2026-11"], ReportPeriod.EndingAt(december).Select(p => p.ToString()));
        Assert.Throws<ArgumentException>(() => ReportPeriod.EndingAt(december.AddSeconds(1)));

        // Midnight in Beijing is 16:00 UTC the day before.
        var lastUtcSecondOfNovember = new DateTimeOffset(2026, 11, 30, 15, 59, 59, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, Cst), ReportPeriod.LastBoundary(lastUtcSecondOfNovember));
        Assert.Equal(december, ReportPeriod.NextBoundary(lastUtcSecondOfNovember));
        Assert.Equal(december, ReportPeriod.LastBoundary(lastUtcSecondOfNovember.AddSeconds(1)));
        Assert.True(ReportPeriod.IsBoundary(new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Ranges_count_and_list_the_periods_of_one_granularity_and_order_by_end_then_length()
    {
        ReportPeriod.TryParse("2025-11", out var from);
        ReportPeriod.TryParse("2026-02", out var to);
        ReportPeriod.TryParse("2026-Q1", out var quarter);

        Assert.Equal(["2025-11", "2025-12", "2026-01", "2026-02"], from.Through(to).Select(p => p.ToString()));
        Assert.Equal(4, from.CountThrough(to));
        Assert.Empty(to.Through(from));
        Assert.Null(ReportRules.CheckRange(from, to));
        Assert.NotNull(ReportRules.CheckRange(to, from));
        Assert.NotNull(ReportRules.CheckRange(from, quarter));
        Assert.NotNull(ReportRules.CheckRange(ReportPeriod.Month(2000, 1), ReportPeriod.Month(2010, 1)));
        Assert.True(ReportPeriod.Month(2026, 3) < quarter && quarter < ReportPeriod.OfYear(2026) && quarter < ReportPeriod.Month(2026, 4));
    }

    [Fact]
    public void A_period_is_its_name_in_json()
    {
        var json = JsonSerializer.Serialize(new[] { ReportPeriod.Quarter(2026, 4) });

        Assert.Equal("[\"2026-Q4\"]", json);
        Assert.Equal(ReportPeriod.Quarter(2026, 4), JsonSerializer.Deserialize<ReportPeriod[]>(json)![0]);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ReportPeriod>("\"2026-Q5\""));
    }
}
