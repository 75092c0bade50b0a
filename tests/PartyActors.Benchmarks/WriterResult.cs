using System.Globalization;

namespace PartyActors.Benchmarks;

/// <summary>What <see cref="MemberWriter"/> achieved in one run: acknowledged writes and their latencies.</summary>
internal sealed record WriterResult(Latencies Latencies, int Failed, TimeSpan Elapsed, int TargetRate)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Latencies.Count / Elapsed.TotalSeconds:N0} writes/s acknowledged (target {TargetRate}), {Failed} failed; write {Latencies}");
}
