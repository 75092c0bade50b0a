using System.Collections.Immutable;
using System.Text.Json;

namespace PartyActors.Grains.Tests;

public sealed class MonthlyPointsTests
{
    private static DateTimeOffset Cst(int year, int month, int day = 10) => new(year, month, day, 12, 0, 0, PointsRules.ChinaStandardTime);

    private static PointsEntry Entry(DateTimeOffset at, int points) => new("1", points, "服务", PointsSources.Manual, "x", at);

    [Fact]
    public void Months_are_those_of_China_Standard_Time_and_sum_over_a_range()
    {
        // 2026-10-31 17:00 UTC is 2026-11-01 01:00 in Beijing.
        var months = MonthlyPoints.Empty
            .Add(new DateTimeOffset(2026, 10, 31, 15, 0, 0, TimeSpan.Zero), 3)
            .Add(new DateTimeOffset(2026, 10, 31, 17, 0, 0, TimeSpan.Zero), 5)
            .Add(Cst(2026, 12), -2);

        Assert.Equal(3, months.Sum(PointsRules.MonthOf(Cst(2026, 10)), PointsRules.MonthOf(Cst(2026, 11))));
        Assert.Equal(5, months.Sum(PointsRules.MonthOf(Cst(2026, 11)), PointsRules.MonthOf(Cst(2026, 12))));
        Assert.Equal(6, months.Sum(PointsRules.MonthOf(Cst(2026, 1)), PointsRules.MonthOf(Cst(2027, 1))));
        Assert.Equal("2026-11", PointsRules.MonthName(PointsRules.MonthOf(Cst(2026, 11))));
    }

    [Fact]
    public void Three_calendar_years_are_kept_up_to_the_latest_entry_whatever_the_order_of_folding()
    {
        var entries = new[]
        {
            Entry(Cst(2023, 5), 4), Entry(Cst(2024, 2), 1), Entry(Cst(2025, 12), 7), Entry(Cst(2026, 3), -2), Entry(Cst(2024, 1), 9),
        };

        var forward = MonthlyPoints.Of(entries);
        var backward = MonthlyPoints.Of(entries.Reverse());

        Assert.Equal(forward, backward);
        Assert.Equal(forward.GetHashCode(), backward.GetHashCode());
        Assert.Equal(PointsRules.MonthOf(Cst(2024, 1)), forward.From);
        Assert.True(forward.Covers(PointsRules.MonthOf(Cst(2024, 1))));
        Assert.False(forward.Covers(PointsRules.MonthOf(Cst(2023, 12))));
        Assert.Equal(10, forward.Sum(PointsRules.MonthOf(Cst(2024, 1)), PointsRules.MonthOf(Cst(2025, 1))));
        Assert.Equal(15, forward.Sum(forward.From, PointsRules.MonthOf(Cst(2027, 1))));
    }

    [Fact]
    public void Equal_months_are_equal_contributions_and_survive_JSON_and_the_wire_form()
    {
        var months = MonthlyPoints.Empty.Add(Cst(2026, 2), 3).Add(Cst(2026, 4), 5);
        var copy = new MonthlyPoints(months.From, months.First, [.. months.Points]);
        var source = new SourceKey(SourceKind.Member, "m1");

        Assert.Equal(new Contribution(source, RollupCounters.Zero, SourceTies.OfRecord, 1, months), new Contribution(source, RollupCounters.Zero, SourceTies.OfRecord, 1, copy));
        Assert.NotEqual(new Contribution(source, RollupCounters.Zero, SourceTies.OfRecord, 1, months), new Contribution(source, RollupCounters.Zero, SourceTies.OfRecord, 1, null));
        Assert.NotEqual(MonthlyPoints.Empty, months.Add(Cst(2026, 4), -5).Add(Cst(2026, 2), -3));

        var json = JsonSerializer.Serialize(months);
        Assert.Equal("""{"from":"2024-01","first":"2026-02","points":[3,0,5]}""", json);
        Assert.Equal(months, JsonSerializer.Deserialize<MonthlyPoints>(json));
        Assert.Equal("{}", JsonSerializer.Serialize(MonthlyPoints.Empty));
        Assert.Equal(MonthlyPoints.Empty, JsonSerializer.Deserialize<MonthlyPoints>("{}"));
        Assert.DoesNotContain("months", JsonSerializer.Serialize(new SourceEntry()), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ImmutableArray<long>.Empty, MonthlyPoints.Empty.Points);
    }
}
