using System.Globalization;

namespace PartyActors.Benchmarks;

/// <summary>
/// The whole machine's busy CPU from <c>/proc/stat</c>: everything, PostgreSQL and anyone else's work
/// on a shared machine included, which the per-process figures cannot show.
/// </summary>
internal readonly record struct MachineCpu(long Busy, long Total)
{
    public static MachineCpu Read()
    {
        if (!File.Exists("/proc/stat"))
        {
            return default;
        }

        // "cpu  user nice system idle iowait irq softirq steal guest guest_nice", in clock ticks.
        var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Take(8).Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        var total = ticks.Sum();
        return new MachineCpu(total - ticks[3] - ticks[4], total);
    }

    /// <summary>Busy cores between two readings (0 to <see cref="Environment.ProcessorCount"/>).</summary>
    public static double BusyCores(MachineCpu from, MachineCpu to) =>
        to.Total == from.Total ? double.NaN : (double)(to.Busy - from.Busy) / (to.Total - from.Total) * Environment.ProcessorCount;
}
