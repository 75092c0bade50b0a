using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PartyActors.Grains;

/// <summary>How long a <see cref="ReportPeriod"/> is. Serialized by its wire name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PeriodGranularity>))]
[GenerateSerializer, Alias("PartyActors.PeriodGranularity")]
public enum PeriodGranularity
{
    /// <summary>A calendar month (月报).</summary>
    [JsonStringEnumMemberName("month")] Month,

    /// <summary>A calendar quarter (季报).</summary>
    [JsonStringEnumMemberName("quarter")] Quarter,

    /// <summary>A calendar year (年报).</summary>
    [JsonStringEnumMemberName("year")] Year,
}

/// <summary>
/// A calendar month, quarter or year of China Standard Time (UTC+8, no daylight saving), written
/// <c>2026-11</c>, <c>2026-Q4</c> or <c>2026</c>: the periods of rankings, points and periodic reports.
/// It runs from <see cref="Start"/> (included) to <see cref="End"/> (excluded); every period ends at
/// the start of a month in China Standard Time, a <em>boundary</em>, and a boundary ends a month, and
/// also a quarter and a year when it starts one. In JSON it is its name.
/// </summary>
[JsonConverter(typeof(ReportPeriodJsonConverter))]
[GenerateSerializer, Immutable, Alias("PartyActors.ReportPeriod")]
public readonly struct ReportPeriod : IEquatable<ReportPeriod>, IComparable<ReportPeriod>
{
    /// <summary>The first year a period may be in: nothing in the service is older.</summary>
    public const int MinYear = 2000;

    /// <summary>The last year a period may be in: its end must still be a date.</summary>
    public const int MaxYear = 9998;

    [Id(0)]
    private readonly PeriodGranularity _granularity;

    [Id(1)]
    private readonly int _year;

    [Id(2)]
    private readonly int _number;

    private ReportPeriod(PeriodGranularity granularity, int year, int number)
    {
        _granularity = granularity;
        _year = year;
        _number = number;
    }

    public PeriodGranularity Granularity => _granularity;

    public int Year => _year;

    /// <summary>The month (1–12) or the quarter (1–4); 1 for a year.</summary>
    public int Number => _number;

    /// <summary>The period's first instant, midnight in China Standard Time.</summary>
    public DateTimeOffset Start => new DateTimeOffset(_year, 1, 1, 0, 0, 0, PointsRules.ChinaStandardTime).AddMonths(FirstMonthIndex);

    /// <summary>The instant after the period: the next period's <see cref="Start"/>, a boundary.</summary>
    public DateTimeOffset End => Start.AddMonths(Months);

    private int Months => _granularity switch
    {
        PeriodGranularity.Month => 1,
        PeriodGranularity.Quarter => 3,
        _ => 12,
    };

    private int FirstMonthIndex => _granularity switch
    {
        PeriodGranularity.Month => _number - 1,
        PeriodGranularity.Quarter => (_number - 1) * 3,
        _ => 0,
    };

    public static ReportPeriod Month(int year, int month)
    {
        CheckYear(year);
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        return new ReportPeriod(PeriodGranularity.Month, year, month);
    }

    public static ReportPeriod Quarter(int year, int quarter)
    {
        CheckYear(year);
        ArgumentOutOfRangeException.ThrowIfLessThan(quarter, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quarter, 4);
        return new ReportPeriod(PeriodGranularity.Quarter, year, quarter);
    }

    public static ReportPeriod OfYear(int year)
    {
        CheckYear(year);
        return new ReportPeriod(PeriodGranularity.Year, year, 1);
    }

    /// <summary>The period of <paramref name="granularity"/> that <paramref name="at"/> falls in.</summary>
    public static ReportPeriod Containing(PeriodGranularity granularity, DateTimeOffset at)
    {
        var local = at.ToOffset(PointsRules.ChinaStandardTime);
        return granularity switch
        {
            PeriodGranularity.Month => Month(local.Year, local.Month),
            PeriodGranularity.Quarter => Quarter(local.Year, ((local.Month - 1) / 3) + 1),
            _ => OfYear(local.Year),
        };
    }

    /// <summary>
    /// Reads <c>2026</c>, <c>2026-Q4</c> or <c>2026-11</c> (years <see cref="MinYear"/> to
    /// <see cref="MaxYear"/>); anything else, surrounding spaces included, is not a period.
    /// </summary>
    public static bool TryParse(string? text, out ReportPeriod period)
    {
        period = default;
        if (text is null || text.Length is not (4 or 7)
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || year is < MinYear or > MaxYear)
        {
            return false;
        }

        if (text.Length == 4)
        {
            period = OfYear(year);
            return true;
        }

        if (text[4] != '-')
        {
            return false;
        }

        if (text[5] == 'Q')
        {
            if (text[6] is < '1' or > '4')
            {
                return false;
            }

            period = Quarter(year, text[6] - '0');
            return true;
        }

        if (!int.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var month) || month is < 1 or > 12)
        {
            return false;
        }

        period = Month(year, month);
        return true;
    }

    /// <summary>The accepted forms, for messages.</summary>
    public const string Forms = "a year (2026), a quarter (2026-Q4) or a month (2026-11), in China Standard Time";

    /// <summary>The period of the same granularity after this one.</summary>
    public ReportPeriod Next() => Containing(_granularity, End);

    /// <summary>The periods of this one's granularity from this one to <paramref name="last"/>, both included (none when <paramref name="last"/> is earlier).</summary>
    public IEnumerable<ReportPeriod> Through(ReportPeriod last)
    {
        if (last._granularity != _granularity)
        {
            throw new ArgumentException($"'{last}' is not a {_granularity} like '{this}'.", nameof(last));
        }

        for (var period = this; period.CompareTo(last) <= 0; period = period.Next())
        {
            yield return period;
            if (period._year == MaxYear && period.End.Year > MaxYear)
            {
                yield break;
            }
        }
    }

    /// <summary>How many periods of this one's granularity <see cref="Through"/> gives, without walking them.</summary>
    public int CountThrough(ReportPeriod last) =>
        last._granularity != _granularity ? throw new ArgumentException($"'{last}' is not a {_granularity} like '{this}'.", nameof(last))
            : Math.Max(0, (Ordinal(last) - Ordinal(this)) + 1);

    /// <summary>Whether <paramref name="instant"/> is a boundary: midnight at the start of a month in China Standard Time.</summary>
    public static bool IsBoundary(DateTimeOffset instant) => LastBoundary(instant) == instant;

    /// <summary>The latest boundary at or before <paramref name="now"/>: the start of its month in China Standard Time.</summary>
    public static DateTimeOffset LastBoundary(DateTimeOffset now) => Containing(PeriodGranularity.Month, now).Start;

    /// <summary>The first boundary after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextBoundary(DateTimeOffset now) => Containing(PeriodGranularity.Month, now).End;

    /// <summary>The periods that end at <paramref name="boundary"/>: the month before it, and the quarter and the year when it starts one.</summary>
    public static IReadOnlyList<ReportPeriod> EndingAt(DateTimeOffset boundary)
    {
        if (!IsBoundary(boundary))
        {
            throw new ArgumentException($"{boundary:O} is not the start of a month in China Standard Time.", nameof(boundary));
        }

        var last = boundary.AddTicks(-1);
        var local = boundary.ToOffset(PointsRules.ChinaStandardTime);
        var periods = new List<ReportPeriod>(3) { Containing(PeriodGranularity.Month, last) };
        if ((local.Month - 1) % 3 == 0)
        {
            periods.Add(Containing(PeriodGranularity.Quarter, last));
        }

        if (local.Month == 1)
        {
            periods.Add(Containing(PeriodGranularity.Year, last));
        }

        return periods;
    }

    public override string ToString() => _granularity switch
    {
        PeriodGranularity.Month => string.Create(CultureInfo.InvariantCulture, $"{_year:D4}-{_number:D2}"),
        PeriodGranularity.Quarter => string.Create(CultureInfo.InvariantCulture, $"{_year:D4}-Q{_number}"),
        _ => _year.ToString("D4", CultureInfo.InvariantCulture),
    };

    public bool Equals(ReportPeriod other) => _granularity == other._granularity && _year == other._year && _number == other._number;

    public override bool Equals(object? obj) => obj is ReportPeriod other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_granularity, _year, _number);

    /// <summary>Earlier end first; at the same end, the shorter period first (a month before its quarter before its year).</summary>
    public int CompareTo(ReportPeriod other)
    {
        var byEnd = End.CompareTo(other.End);
        return byEnd != 0 ? byEnd : _granularity.CompareTo(other._granularity);
    }

    public static bool operator ==(ReportPeriod left, ReportPeriod right) => left.Equals(right);

    public static bool operator !=(ReportPeriod left, ReportPeriod right) => !left.Equals(right);

    public static bool operator <(ReportPeriod left, ReportPeriod right) => left.CompareTo(right) < 0;

    public static bool operator <=(ReportPeriod left, ReportPeriod right) => left.CompareTo(right) <= 0;

    public static bool operator >(ReportPeriod left, ReportPeriod right) => left.CompareTo(right) > 0;

    public static bool operator >=(ReportPeriod left, ReportPeriod right) => left.CompareTo(right) >= 0;

    private static int Ordinal(ReportPeriod period) => period._granularity switch
    {
        PeriodGranularity.Month => (period._year * 12) + period._number - 1,
        PeriodGranularity.Quarter => (period._year * 4) + period._number - 1,
        _ => period._year,
    };

    private static void CheckYear(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, MinYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, MaxYear);
    }
}

/// <summary>Writes a <see cref="ReportPeriod"/> as its name and reads it back.</summary>
public sealed class ReportPeriodJsonConverter : JsonConverter<ReportPeriod>
{
    public override ReportPeriod Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && ReportPeriod.TryParse(reader.GetString(), out var period)
            ? period
            : throw new JsonException("A period is a string: " + ReportPeriod.Forms + ".");

    public override void Write(Utf8JsonWriter writer, ReportPeriod value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
