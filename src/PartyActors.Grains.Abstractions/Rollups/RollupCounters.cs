using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PartyActors.Grains;

/// <summary>
/// One integer per <see cref="Metric"/>: the figures a source contributes, an organization's own
/// counts, or a subtree's total. Immutable; <c>default</c> is all zeros. In JSON an object of
/// camelCase metric names, so a stored snapshot stays readable when metrics are added.
/// </summary>
[JsonConverter(typeof(RollupCountersJsonConverter))]
[GenerateSerializer, Immutable, Alias("PartyActors.RollupCounters")]
public readonly struct RollupCounters : IEquatable<RollupCounters>
{
    [Id(0)]
    private readonly ImmutableArray<long> _values;

    private RollupCounters(ImmutableArray<long> values) => _values = values;

    /// <summary>All zeros.</summary>
    public static RollupCounters Zero => default;

    public long this[Metric metric] => _values.IsDefault ? 0 : _values[(int)metric];

    /// <summary>Whether every counter is zero.</summary>
    public bool IsZero => _values.IsDefault || _values.All(v => v == 0);

    /// <summary>These counters with <paramref name="metric"/> set to <paramref name="value"/>.</summary>
    public RollupCounters With(Metric metric, long value)
    {
        var values = _values.IsDefault ? new long[Metrics.Count] : _values.ToArray();
        values[(int)metric] = value;
        return new RollupCounters(ImmutableArray.Create(values));
    }

    public static RollupCounters operator +(RollupCounters left, RollupCounters right) => Combine(left, right, 1);

    public static RollupCounters operator -(RollupCounters left, RollupCounters right) => Combine(left, right, -1);

    public static RollupCounters Add(RollupCounters left, RollupCounters right) => left + right;

    public static RollupCounters Subtract(RollupCounters left, RollupCounters right) => left - right;

    /// <summary>Counters from (metric, value) pairs; metrics not named are zero.</summary>
    public static RollupCounters From(params ReadOnlySpan<(Metric Metric, long Value)> values)
    {
        var array = new long[Metrics.Count];
        foreach (var (metric, value) in values)
        {
            array[(int)metric] += value;
        }

        return new RollupCounters(ImmutableArray.Create(array));
    }

    public bool Equals(RollupCounters other)
    {
        for (var i = 0; i < Metrics.Count; i++)
        {
            if (this[(Metric)i] != other[(Metric)i])
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is RollupCounters other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var metric in Metrics.All)
        {
            hash.Add(this[metric]);
        }

        return hash.ToHashCode();
    }

    public static bool operator ==(RollupCounters left, RollupCounters right) => left.Equals(right);

    public static bool operator !=(RollupCounters left, RollupCounters right) => !left.Equals(right);

    /// <summary>The non-zero counters, as <c>name=value</c> pairs.</summary>
    public override string ToString()
    {
        var self = this;
        return "{" + string.Join(", ", Metrics.All.Where(m => self[m] != 0).Select(m => $"{m.WireName()}={self[m]}")) + "}";
    }

    private static RollupCounters Combine(RollupCounters left, RollupCounters right, int sign)
    {
        if (right._values.IsDefault)
        {
            return left;
        }

        if (left._values.IsDefault && sign > 0)
        {
            return right;
        }

        var values = new long[Metrics.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = left[(Metric)i] + (sign * right[(Metric)i]);
        }

        return new RollupCounters(ImmutableArray.Create(values));
    }

    internal static RollupCounters FromArray(long[] values) => new(ImmutableArray.Create(values));
}

/// <summary>Writes every metric by its wire name; reads the names it knows (missing ones are zero) and ignores the rest.</summary>
public class RollupCountersJsonConverter : JsonConverter<RollupCounters>
{
    /// <summary>Whether zero counters are left out when writing (stored state: rows stay small).</summary>
    protected virtual bool SkipZeros => false;

    public override RollupCounters Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Roll-up metrics must be a JSON object.");
        }

        var values = new long[Metrics.Count];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            if (Metrics.TryParse(name, out var metric))
            {
                values[(int)metric] = reader.GetInt64();
            }
            else
            {
                reader.Skip();
            }
        }

        return RollupCounters.FromArray(values);
    }

    public override void Write(Utf8JsonWriter writer, RollupCounters value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var metric in Metrics.All)
        {
            if (!SkipZeros || value[metric] != 0)
            {
                writer.WriteNumber(metric.WireName(), value[metric]);
            }
        }

        writer.WriteEndObject();
    }
}

/// <summary>
/// Writes only the non-zero counters. For stored state: an organization keeps one entry per member
/// and rewrites them all on every change, and with one or two non-zero metrics per entry the full
/// form made rows five times larger (16 KB against about 3 KB at Erqi scale).
/// </summary>
public sealed class SparseRollupCountersJsonConverter : RollupCountersJsonConverter
{
    protected override bool SkipZeros => true;
}
