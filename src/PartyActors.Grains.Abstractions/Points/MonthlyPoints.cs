using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PartyActors.Grains;

/// <summary>
/// A member's points per month of China Standard Time, derived from its ledger: the months of the
/// last <see cref="YearsKept"/> calendar years up to the latest month the ledger has an entry in
/// (for an active member: this year and the two before it). Every month from <see cref="From"/> on
/// is held (a month not listed has 0), none before it, so the points of any range of months from
/// <see cref="From"/> on are a sum of what is held; older ranges need the ledger.
/// Immutable, compared by value, and the same whatever order the entries were folded in, so a
/// member's contribution is a function of its ledger. Built by <see cref="Empty"/>,
/// <see cref="Add"/> and <see cref="Of"/> only, which keep it canonical (no zero month at either
/// end of <see cref="Points"/>).
/// </summary>
/// <param name="From">The first month held (<see cref="PointsRules.MonthOf"/>); 0 while the ledger is empty (every month is 0).</param>
/// <param name="First">The month of the first of <see cref="Points"/>.</param>
/// <param name="Points">The points of each month from <see cref="First"/> on; months after the last are 0.</param>
[JsonConverter(typeof(MonthlyPointsJsonConverter))]
[GenerateSerializer, Immutable, Alias("PartyActors.MonthlyPoints")]
public sealed record MonthlyPoints([property: Id(0)] int From, [property: Id(1)] int First, [property: Id(2)] ImmutableArray<long> Points)
{
    /// <summary>
    /// Calendar years kept, the latest included: a ranking of this year, this quarter or last year
    /// is served from them; the size of an organization's state stays bounded (at most 36 months a member).
    /// </summary>
    public const int YearsKept = 3;

    /// <summary>An empty ledger: 0 in every month.</summary>
    public static MonthlyPoints Empty { get; } = new(0, 0, []);

    /// <summary>The months of <paramref name="entries"/>, folded in any order; spending (<see cref="PointsSources.IsSpending"/>) is no award and does not count.</summary>
    public static MonthlyPoints Of(IEnumerable<PointsEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var months = Empty;
        foreach (var entry in entries.Where(e => !PointsSources.IsSpending(e.Source)))
        {
            months = months.Add(entry.At, entry.Points);
        }

        return months;
    }

    /// <summary>Whether every month from <paramref name="month"/> on is held.</summary>
    public bool Covers(int month) => month >= From;

    /// <summary>The points of months <paramref name="fromMonth"/> ≤ month &lt; <paramref name="toMonth"/>; only meaningful when <see cref="Covers"/> <paramref name="fromMonth"/>.</summary>
    public long Sum(int fromMonth, int toMonth)
    {
        var points = Held;
        var start = Math.Max(fromMonth - First, 0);
        var end = Math.Min(toMonth - First, points.Length);
        var sum = 0L;
        for (var i = start; i < end; i++)
        {
            sum += points[i];
        }

        return sum;
    }

    /// <summary>
    /// These months with an entry of <paramref name="points"/> at <paramref name="at"/> folded in. An
    /// entry in a later year than the latest moves the window on (older months are dropped); one
    /// before <see cref="From"/> is not held (a range that reaches it needs the ledger anyway).
    /// </summary>
    public MonthlyPoints Add(DateTimeOffset at, long points)
    {
        var month = PointsRules.MonthOf(at);
        var from = Math.Max(FirstMonthKept(month / 12), From);
        if (month < from)
        {
            return this;
        }

        var held = Held;
        var first = First;
        if (first < from)
        {
            held = held[Math.Min(from - first, held.Length)..];
            first = from;
        }

        var start = held.IsEmpty ? month : Math.Min(first, month);
        var end = held.IsEmpty ? month + 1 : Math.Max(first + held.Length, month + 1);
        var next = new long[end - start];
        held.CopyTo(next.AsSpan(held.IsEmpty ? 0 : first - start));
        next[month - start] += points;

        var lead = 0;
        while (lead < next.Length && next[lead] == 0)
        {
            lead++;
        }

        var length = next.Length;
        while (length > lead && next[length - 1] == 0)
        {
            length--;
        }

        return lead == length
            ? new MonthlyPoints(from, from, [])
            : new MonthlyPoints(from, start + lead, ImmutableArray.Create(next, lead, length - lead));
    }

    public bool Equals(MonthlyPoints? other) =>
        other is not null && From == other.From && First == other.First && Held.SequenceEqual(other.Held);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(From);
        hash.Add(First);
        foreach (var points in Held)
        {
            hash.Add(points);
        }

        return hash.ToHashCode();
    }

    /// <summary><c>{from yyyy-MM, yyyy-MM: p, p, …}</c>.</summary>
    public override string ToString() =>
        From == 0 ? "{}" : $"{{from {PointsRules.MonthName(From)}, {PointsRules.MonthName(First)}: {string.Join(", ", Held.ToArray())}}}";

    private ReadOnlySpan<long> Held => Points.IsDefault ? [] : Points.AsSpan();

    private static int FirstMonthKept(int latestYear) => (latestYear - YearsKept + 1) * 12;
}

/// <summary>
/// <c>{"from":"2024-01","first":"2026-02","points":[3,0,5]}</c> (<c>first</c> left out when it is
/// <c>from</c>); the empty ledger is <c>{}</c>. Dense from the first month with points: an active
/// member has points in most months, and a list of numbers is the smallest form an organization's
/// state can keep them in.
/// </summary>
public sealed class MonthlyPointsJsonConverter : JsonConverter<MonthlyPoints>
{
    public override MonthlyPoints Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Monthly points must be a JSON object.");
        }

        var from = 0;
        int? first = null;
        var points = ImmutableArray<long>.Empty;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            if (name == "from")
            {
                if (!PointsRules.TryParseMonth(reader.GetString(), out from))
                {
                    throw new JsonException("'from' must be a month, yyyy-MM.");
                }
            }
            else if (name == "first")
            {
                first = PointsRules.TryParseMonth(reader.GetString(), out var month) ? month : throw new JsonException("'first' must be a month, yyyy-MM.");
            }
            else if (name == "points" && reader.TokenType == JsonTokenType.StartArray)
            {
                var builder = ImmutableArray.CreateBuilder<long>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    builder.Add(reader.GetInt64());
                }

                points = builder.ToImmutable();
            }
            else
            {
                reader.Skip();
            }
        }

        return new MonthlyPoints(from, first ?? from, points);
    }

    public override void Write(Utf8JsonWriter writer, MonthlyPoints value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        if (value.From != 0)
        {
            writer.WriteString("from", PointsRules.MonthName(value.From));
        }

        if (!value.Points.IsDefaultOrEmpty)
        {
            if (value.First != value.From)
            {
                writer.WriteString("first", PointsRules.MonthName(value.First));
            }

            writer.WriteStartArray("points");
            foreach (var points in value.Points)
            {
                writer.WriteNumberValue(points);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
