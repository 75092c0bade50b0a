using System.Diagnostics;
using PartyActors.Grains.Demo;

namespace PartyActors.Grains.Testing;

/// <summary>
/// Loads a <see cref="DemoDistrict"/> with <see cref="DemoSeeder.SeedAsync"/>, the silo's own seeding,
/// and times its three stages. (Shared by the test project and, as a linked file, the benchmarks: it
/// must not depend on xunit, nor on either project's global usings.)
/// </summary>
internal static class DistrictLoader
{
    /// <summary>Calls in flight for the tests' and benchmarks' own bulk calls: as many as the seeder uses.</summary>
    public const int DefaultMaxInFlight = 256;

    public static async Task<DistrictLoadTimes> LoadAsync(Orleans.IGrainFactory factory, DemoDistrict district)
    {
        var clock = new StageClock();
        await DemoSeeder.SeedAsync(factory, district, clock);
        return clock.Times();
    }

    /// <summary>Runs <paramref name="call"/> for every item with at most <paramref name="maxInFlight"/> running at once.</summary>
    public static Task ForEachAsync<T>(IEnumerable<T> items, int maxInFlight, Func<T, Task> call) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = maxInFlight }, async (item, _) => await call(item));

    /// <summary>
    /// Notes when each stage last reported, on the reporting thread: <see cref="Progress{T}"/> would
    /// post the reports to the thread pool and time them late.
    /// </summary>
    private sealed class StageClock : IProgress<SeedProgress>
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private readonly Dictionary<string, TimeSpan> _ends = new(StringComparer.Ordinal);

        public void Report(SeedProgress value) => _ends[value.Stage] = _watch.Elapsed;

        public DistrictLoadTimes Times()
        {
            var organizations = _ends["organizations"];
            var members = _ends["members"];
            return new DistrictLoadTimes(organizations, members - organizations, _ends["report-ins"] - members);
        }
    }
}

/// <summary>How long each stage of <see cref="DistrictLoader.LoadAsync"/> took.</summary>
internal sealed record DistrictLoadTimes(TimeSpan Organizations, TimeSpan Members, TimeSpan ReportIns)
{
    public TimeSpan Total => Organizations + Members + ReportIns;
}
