using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using PartyActors.Grains;
using PartyActors.Grains.Demo;
using PartyActors.Grains.Testing;
using PartyActors.Storage;
using PartyActors.Storage.Sqlite;

namespace PartyActors.Benchmarks;

/// <summary>
/// The <c>points</c> mode (issue 12): the Erqi district on the service's default store (a SQLite
/// file, synchronous=FULL, in the temporary directory) with a year of points history, then manual
/// awards per second through the member grains, beside member profile changes per second (the same
/// member → organization → store path without the ledger) measured in the same run, then the
/// rankings (<see cref="RankingMeasurement"/>).
/// </summary>
internal static class PointsMeasurement
{
    /// <summary>Calls in flight: each worker owns its own members, so no two change one member at once.</summary>
    private const int Workers = 64;

    /// <summary>Months of history before this one, each with awards to a share of the members.</summary>
    private const int HistoryMonths = 12;

    /// <param name="seconds">Length of each measured phase (awards, profile changes), run twice each, alternately.</param>
    /// <param name="queries">Rankings timed per case and method.</param>
    /// <param name="historyShare">The share of members awarded points in each month of history.</param>
    public static async Task<int> RunAsync(int seconds, int queries, double historyShare)
    {
        var directory = Path.Combine(Path.GetTempPath(), "partyactors-points-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "points.db");
        Print($"SQLite file {path} (WAL, synchronous=FULL); {Environment.ProcessorCount} cores; load average {LoadAverage()}");
        try
        {
            var clock = new OffsetClock();
            var district = ErqiDistrict.Generate();
            await using var silo = await BenchSilo.StartAsync(Silo(path, clock));
            var factory = silo.GrainFactory;
            var loaded = await DistrictLoader.LoadAsync(factory, district);
            Print($"loaded the Erqi district in {loaded.Total.TotalSeconds:F1} s: {district.Organizations.Length:N0} organizations, {district.Members.Length:N0} members, {district.ReportIns.Length:N0} report-ins");

            var attached = district.Members.Where(m => m.Profile.Status.IsAttached()).Select(m => m.Id).ToArray();
            var history = await HistoryAsync(factory, clock, attached, historyShare);
            Print($"history: {history.Count:N0} awards over the {HistoryMonths} months before this one ({historyShare:P0} of {attached.Length:N0} members a month), {history.Elapsed.TotalSeconds:F1} s, {history.Count / history.Elapsed.TotalSeconds:N0} awards/s");
            Print($"stored state after the history: {await StateSizesAsync(path)}");

            var counted = district.Members.Where(m => m.Profile.Status.IsCounted()).ToArray();
            for (var round = 1; round <= 2; round++)
            {
                Print($"round {round}, load average {LoadAverage()}");
                var awards = await AwardsAsync(factory, attached, seconds, $"r{round}");
                Print($"  manual awards (IMemberGrain.AwardPoints), {Workers} in flight : {awards}");
                var changes = await ProfileChangesAsync(factory, counted, seconds);
                Print($"  baseline: profile changes (category flips), {Workers} in flight: {changes}");
                Print($"  awards / profile changes: {awards.PerSecond / changes.PerSecond:F2}");
            }

            Print($"stored state after the awards: {await StateSizesAsync(path)}");
            await RankingMeasurement.RunAsync(silo, district, clock, queries);
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>For each month of history, the clock set to it and awards to a random share of the members.</summary>
    private static async Task<(int Count, TimeSpan Elapsed)> HistoryAsync(IGrainFactory factory, OffsetClock clock, string[] memberIds, double share)
    {
        var random = new Random(12);
        var count = 0;
        var watch = Stopwatch.StartNew();
        for (var back = HistoryMonths; back >= 1; back--)
        {
            var now = TimeProvider.System.GetUtcNow();
            clock.Offset = now.AddMonths(-back) - now;
            var awarded = memberIds.Where(_ => random.NextDouble() < share)
                .Select(id => (Id: id, Points: random.Next(10) == 0 ? -random.Next(1, 3) : random.Next(1, 11)))
                .ToArray();
            await DistrictLoader.ForEachAsync(awarded, Workers, a =>
                factory.GetGrain<IMemberGrain>(a.Id).AwardPoints(new PointsAward(a.Points, "志愿服务", PointsSources.Manual, $"h{back}")));
            count += awarded.Length;
        }

        clock.Offset = TimeSpan.Zero;
        return (count, watch.Elapsed);
    }

    private static Task<Rate> AwardsAsync(IGrainFactory factory, string[] memberIds, int seconds, string round) =>
        ClosedLoopAsync(memberIds.Length, seconds, (index, n) =>
            factory.GetGrain<IMemberGrain>(memberIds[index]).AwardPoints(new PointsAward(1 + (int)(n % 5), "志愿服务", PointsSources.Manual, $"{round}-{n}")));

    /// <summary>Flips counted members between in service and retired: the member and its organization of record write, as for an award.</summary>
    private static Task<Rate> ProfileChangesAsync(IGrainFactory factory, DemoMember[] members, int seconds)
    {
        var profiles = members.Select(m => m.Profile).ToArray();
        return ClosedLoopAsync(members.Length, seconds, (index, _) =>
        {
            var profile = profiles[index];
            profile = profile with { Category = profile.Category == MemberCategory.InService ? MemberCategory.Retired : MemberCategory.InService };
            profiles[index] = profile;
            return factory.GetGrain<IMemberGrain>(members[index].Id).SetProfile(profile);
        });
    }

    /// <summary>
    /// <see cref="Workers"/> loops, each calling <paramref name="call"/> on random members of its own
    /// (index ≡ worker mod workers) with the next number of its own, until <paramref name="seconds"/> have passed.
    /// </summary>
    private static async Task<Rate> ClosedLoopAsync(int members, int seconds, Func<int, long, Task> call)
    {
        var latencies = new Latencies();
        var failed = 0L;
        var deadline = Stopwatch.StartNew();
        var duration = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(async worker =>
        {
            var random = new Random(worker);
            var n = 0L;
            while (deadline.Elapsed < duration)
            {
                var index = worker + (Workers * random.Next((members - worker + Workers - 1) / Workers));
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await call(index, (n++ * Workers) + worker);
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    Interlocked.Increment(ref failed);
                }

                await GlobalQueue.Yield();
            }
        }));
        return new Rate(latencies.Count / deadline.Elapsed.TotalSeconds, latencies, failed);
    }

    /// <summary>Organizations' and members' stored JSON: mean and largest row.</summary>
    private static async Task<string> StateSizesAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_type, count(*), avg(length(CAST(payload AS BLOB))), max(length(CAST(payload AS BLOB))) FROM grain_state WHERE grain_type IN ('organization', 'member') GROUP BY grain_type ORDER BY grain_type DESC";
        await using var reader = await command.ExecuteReaderAsync();
        var sizes = new List<string>();
        while (await reader.ReadAsync())
        {
            sizes.Add(FormattableString.Invariant($"{reader.GetString(0)} {reader.GetInt64(1):N0} rows, JSON {reader.GetDouble(2):N0} B mean, {reader.GetInt64(3):N0} B largest"));
        }

        return string.Join("; ", sizes);
    }

    private static Action<ISiloBuilder> Silo(string path, OffsetClock clock) => silo =>
    {
        silo.AddDomainGrains();
        silo.AddSqliteGrainStorage(StorageSiloBuilderExtensions.DefaultStorageName, options => options.DataSource = path);

        // Grains see the shifted clock (history is awarded in past months); Orleans' own housekeeping stays on the real one.
        silo.Services.AddSingleton<TimeProvider>(clock);
        silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
    };

    internal static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static void Print(FormattableString line) => MemoryMeasurement.Print(line);

    /// <summary>Calls per second of a closed loop, with each call's latency.</summary>
    private sealed record Rate(double PerSecond, Latencies Latencies, long Failed)
    {
        public override string ToString() =>
            FormattableString.Invariant($"{PerSecond,7:N0}/s, {Latencies}{(Failed > 0 ? $", {Failed:N0} failed" : "")}");
    }
}

/// <summary>The system clock moved by <see cref="Offset"/>: only the wall-clock time; timers and timestamps stay real.</summary>
internal sealed class OffsetClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
