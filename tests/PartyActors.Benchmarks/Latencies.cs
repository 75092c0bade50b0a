using System.Globalization;

namespace PartyActors.Benchmarks;

/// <summary>Latency samples in milliseconds, summarized by nearest-rank percentiles.</summary>
internal sealed class Latencies
{
    private readonly List<double> _samples = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _samples.Count;
            }
        }
    }

    public void Add(double milliseconds)
    {
        lock (_lock)
        {
            _samples.Add(milliseconds);
        }
    }

    /// <summary>A new set holding the samples of both.</summary>
    public static Latencies Combine(Latencies first, Latencies second)
    {
        var combined = new Latencies();
        combined._samples.AddRange(first.Sorted());
        combined._samples.AddRange(second.Sorted());
        return combined;
    }

    /// <summary>The smallest sample with at least <paramref name="percent"/> % of the samples at or below it.</summary>
    public double Percentile(double percent)
    {
        var sorted = Sorted();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    public double Max => Sorted() is { Length: > 0 } sorted ? sorted[^1] : double.NaN;

    /// <summary>"p50 … / p99 … / max … ms (n …)", the form every figure of the domain modes is printed in.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"p50 {Percentile(50),7:F1} / p99 {Percentile(99),7:F1} / max {Max,7:F1} ms  (n = {Count:N0})");

    private double[] Sorted()
    {
        double[] copy;
        lock (_lock)
        {
            copy = [.. _samples];
        }

        Array.Sort(copy);
        return copy;
    }
}
