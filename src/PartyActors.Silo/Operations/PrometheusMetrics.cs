using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace PartyActors.Silo.Operations;

/// <summary>
/// Listens to the runtime's, the silo's and ASP.NET Core's meters and writes what they measured in
/// the Prometheus text exposition format (version 0.0.4), for <c>/metrics</c>. No exporter package
/// restores here, and the format is small: counters as <c>_total</c>, up-down counters and gauges as
/// gauges, histograms as cumulative <c>_bucket{le=…}</c> with <c>_sum</c> and <c>_count</c>. Names
/// get their unit (<c>_seconds</c>, <c>_milliseconds</c>, <c>_bytes</c>); dots become underscores.
/// </summary>
internal sealed class PrometheusMetrics : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly string[] BuiltInMeters =
    [
        "PartyActors.Runtime", SiloMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.RateLimiting", "System.Runtime",
    ];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();
    private readonly FrozenSet<string> _meters;
    private readonly IMeterFactory _meterFactory;
    private readonly Lock _scrapeLock = new();

    public PrometheusMetrics(IOptions<OperationsOptions> options, IMeterFactory meterFactory)
    {
        _meterFactory = meterFactory;
        _meters = BuiltInMeters.Concat(options.Value.AdditionalMeters).ToFrozenSet(StringComparer.Ordinal);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (Watches(instrument.Meter) && InstrumentState.Create(instrument) is { } state)
            {
                _instruments[instrument] = state;
                listener.EnableMeasurementEvents(instrument, state);
            }
        };
        _listener.MeasurementsCompleted = (instrument, state) => _instruments.TryRemove(instrument, out var _);
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>((_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>((_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>((_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>((_, value, tags, state) => ((InstrumentState)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>Everything measured so far, as Prometheus text.</summary>
    public string Scrape()
    {
        lock (_scrapeLock)
        {
            // Observable instruments report absolute values when asked: forget the last answers first,
            // so label sets that stopped being reported disappear.
            foreach (var state in _instruments.Values.Where(s => s.IsObservable))
            {
                state.Clear();
            }

            _listener.RecordObservableInstruments();

            var text = new StringBuilder(16 * 1024);
            foreach (var family in _instruments.Values.GroupBy(s => s.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                WriteFamily(text, [.. family]);
            }

            return text.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>
    /// Meters of the names asked for, and of this host: ASP.NET Core creates its meters through the
    /// host's <see cref="IMeterFactory"/>, so another host in the same process (tests) is not counted.
    /// </summary>
    private bool Watches(Meter meter) =>
        _meters.Contains(meter.Name) && (meter.Scope is null || ReferenceEquals(meter.Scope, _meterFactory));

    private static void WriteFamily(StringBuilder text, InstrumentState[] instruments)
    {
        var first = instruments[0];

        // One family per name: instruments of the same name (one meter created twice) are added together.
        var sameType = instruments.Where(i => i.Type == first.Type && i.Boundaries.AsSpan().SequenceEqual(first.Boundaries)).ToArray();
        var series = new SortedDictionary<string, Series>(StringComparer.Ordinal);
        foreach (var instrument in sameType)
        {
            foreach (var (labels, value) in instrument.Snapshot())
            {
                if (!series.TryGetValue(labels, out var total))
                {
                    series[labels] = total = new Series(first.Boundaries.Length);
                }

                total.Merge(value);
            }
        }

        if (series.Count == 0)
        {
            return;
        }

        if (!string.IsNullOrEmpty(first.Help))
        {
            text.Append("# HELP ").Append(first.Name).Append(' ').Append(EscapeHelp(first.Help)).Append('\n');
        }

        text.Append("# TYPE ").Append(first.Name).Append(' ').Append(first.Type).Append('\n');
        foreach (var (labels, value) in series)
        {
            if (first.Type != "histogram")
            {
                text.Append(first.Name).Append(Braces(labels)).Append(' ').Append(Number(value.Value)).Append('\n');
                continue;
            }

            long cumulative = 0;
            for (var i = 0; i < first.Boundaries.Length; i++)
            {
                cumulative += value.Buckets[i];
                text.Append(first.Name).Append("_bucket").Append(Braces(labels, "le=\"" + Number(first.Boundaries[i]) + "\""))
                    .Append(' ').Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            text.Append(first.Name).Append("_bucket").Append(Braces(labels, "le=\"+Inf\"")).Append(' ')
                .Append(value.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
            text.Append(first.Name).Append("_sum").Append(Braces(labels)).Append(' ').Append(Number(value.Sum)).Append('\n');
            text.Append(first.Name).Append("_count").Append(Braces(labels)).Append(' ')
                .Append(value.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }

    private static string Braces(string labels, string? extra = null)
    {
        if (extra is null)
        {
            return labels.Length == 0 ? string.Empty : "{" + labels + "}";
        }

        return labels.Length == 0 ? "{" + extra + "}" : "{" + labels + "," + extra + "}";
    }

    internal static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    internal static string EscapeHelp(string help) => help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    internal static string EscapeLabelValue(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>A metric or label name with every character Prometheus does not allow replaced by '_'.</summary>
    internal static string Sanitize(string name, bool allowColon)
    {
        var builder = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':') ? c : '_');
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    /// <summary>What one instrument measured, per label set.</summary>
    private sealed class InstrumentState
    {
        private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
        private static readonly double[] MillisecondsBuckets = [0.1, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
        private static readonly double[] DefaultBuckets = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

        private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);
        private readonly Aggregation _aggregation;

        private InstrumentState(string name, string? help, string type, Aggregation aggregation, bool observable, double[] boundaries)
        {
            Name = name;
            Help = help;
            Type = type;
            _aggregation = aggregation;
            IsObservable = observable;
            Boundaries = boundaries;
        }

        private enum Aggregation
        {
            Sum,
            Last,
            Histogram,
        }

        public string Name { get; }

        public string? Help { get; }

        /// <summary><c>counter</c>, <c>gauge</c> or <c>histogram</c>.</summary>
        public string Type { get; }

        public bool IsObservable { get; }

        public double[] Boundaries { get; }

        public static InstrumentState? Create(Instrument instrument)
        {
            var kind = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : null;
            var baseName = Sanitize(instrument.Name, allowColon: true);
            if (UnitSuffix(instrument.Unit) is { } unit && !baseName.EndsWith("_" + unit, StringComparison.Ordinal))
            {
                baseName += "_" + unit;
            }

            var counterName = baseName.EndsWith("_total", StringComparison.Ordinal) ? baseName : baseName + "_total";
            return kind switch
            {
                _ when kind == typeof(Counter<>) => new(counterName, instrument.Description, "counter", Aggregation.Sum, false, []),
                _ when kind == typeof(ObservableCounter<>) => new(counterName, instrument.Description, "counter", Aggregation.Last, true, []),
                _ when kind == typeof(UpDownCounter<>) => new(baseName, instrument.Description, "gauge", Aggregation.Sum, false, []),
                _ when kind == typeof(ObservableUpDownCounter<>) => new(baseName, instrument.Description, "gauge", Aggregation.Last, true, []),
                _ when kind == typeof(Gauge<>) => new(baseName, instrument.Description, "gauge", Aggregation.Last, false, []),
                _ when kind == typeof(ObservableGauge<>) => new(baseName, instrument.Description, "gauge", Aggregation.Last, true, []),
                _ when kind == typeof(Histogram<>) => new(baseName, instrument.Description, "histogram", Aggregation.Histogram, false,
                    AdvisedBoundaries(instrument) ?? DefaultBoundaries(instrument.Unit)),
                _ => null,
            };
        }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = tags.Length == 0 ? string.Empty : Labels(tags);
            var series = _series.GetOrAdd(labels, static (_, buckets) => new Series(buckets), Boundaries.Length);
            switch (_aggregation)
            {
                case Aggregation.Sum:
                    series.Add(value);
                    break;
                case Aggregation.Last:
                    series.Set(value);
                    break;
                default:
                    var bucket = Array.BinarySearch(Boundaries, value);
                    series.Observe(value, bucket >= 0 ? bucket : ~bucket);
                    break;
            }
        }

        public void Clear() => _series.Clear();

        public IEnumerable<KeyValuePair<string, Series>> Snapshot() => _series;

        private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var pairs = new List<(string Name, string Value)>(tags.Length);
            foreach (var (key, value) in tags)
            {
                pairs.Add((Sanitize(key, allowColon: false), Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty));
            }

            pairs.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return string.Join(',', pairs.Select(p => p.Name + "=\"" + EscapeLabelValue(p.Value) + "\""));
        }

        private static string? UnitSuffix(string? unit) => unit switch
        {
            null or "" or "1" => null,
            "s" => "seconds",
            "ms" => "milliseconds",
            "By" => "bytes",
            _ when unit.StartsWith('{') => null,
            _ => Sanitize(unit, allowColon: false).Trim('_') is { Length: > 0 } sanitized ? sanitized : null,
        };

        private static double[]? AdvisedBoundaries(Instrument instrument) => instrument switch
        {
            Instrument<double> d => d.Advice?.HistogramBucketBoundaries?.ToArray(),
            Instrument<float> f => f.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Instrument<long> l => l.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Instrument<int> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };

        private static double[] DefaultBoundaries(string? unit) => unit switch
        {
            "s" => SecondsBuckets,
            "ms" => MillisecondsBuckets,
            _ => DefaultBuckets,
        };
    }

    /// <summary>One label set's figures: a value (sum or last), or a histogram's buckets, sum and count. Lock-free.</summary>
    private sealed class Series(int bucketCount)
    {
        private double _value;
        private double _sum;
        private long _count;

        /// <summary>Counts per bucket (not cumulative); the last slot is for values above every boundary.</summary>
        public long[] Buckets { get; } = new long[bucketCount + 1];

        public double Value => Volatile.Read(ref _value);

        public double Sum => Volatile.Read(ref _sum);

        public long Count => Interlocked.Read(ref _count);

        public void Add(double value) => AddTo(ref _value, value);

        public void Set(double value) => Volatile.Write(ref _value, value);

        public void Observe(double value, int bucket)
        {
            Interlocked.Increment(ref Buckets[bucket]);
            AddTo(ref _sum, value);
            Interlocked.Increment(ref _count);
        }

        public void Merge(Series other)
        {
            Add(other.Value);
            AddTo(ref _sum, other.Sum);
            Interlocked.Add(ref _count, other.Count);
            for (var i = 0; i < Buckets.Length && i < other.Buckets.Length; i++)
            {
                Interlocked.Add(ref Buckets[i], Interlocked.Read(ref other.Buckets[i]));
            }
        }

        private static void AddTo(ref double target, double value)
        {
            var current = Volatile.Read(ref target);
            while (true)
            {
                var seen = Interlocked.CompareExchange(ref target, current + value, current);
                if (seen.Equals(current))
                {
                    return;
                }

                current = seen;
            }
        }
    }
}
