using System.Globalization;

namespace PartyActors.Benchmarks;

/// <summary>One phase of closed-loop GETs: throughput, latency percentiles, errors, and the background writer's run if there was one.</summary>
/// <param name="SiloCpu">The silo process's CPU time over the phase, in cores (2.0 is both cores of this machine).</param>
/// <param name="ClientCpu">The load driver's own CPU time over the phase, in cores.</param>
/// <param name="MachineCpu">The whole machine's busy CPU over the phase, in cores: PostgreSQL and other people's work included.</param>
internal sealed record LoadResult(Latencies Latencies, int Errors, TimeSpan Elapsed, double SiloCpu, double ClientCpu, double MachineCpu, WriterResult? Writes)
{
    public double RequestsPerSecond => Latencies.Count / Elapsed.TotalSeconds;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{RequestsPerSecond,8:N0} req/s, p50 {Latencies.Percentile(50),6:F2} / p90 {Latencies.Percentile(90),6:F2} / p99 {Latencies.Percentile(99),6:F2} / max {Latencies.Max,7:F1} ms  (n = {Latencies.Count:N0}, {Errors} errors); CPU: silo {SiloCpu:F2}, driver {ClientCpu:F2}, machine {MachineCpu:F2} cores");
}
