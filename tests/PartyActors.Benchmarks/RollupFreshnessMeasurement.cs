using System.Diagnostics;
using System.Diagnostics.Metrics;
using Npgsql;
using PartyActors.Grains;
using PartyActors.Grains.Demo;
using PartyActors.Grains.Testing;
using PartyActors.Storage;
using PartyActors.Storage.Postgres;
using PartyActors.Storage.Postgres.Testing;

namespace PartyActors.Benchmarks;

/// <summary>
/// The <c>rollups</c> mode: how long a change takes to show in the district's roll-up while the
/// district's members keep changing, at the default cadence and at half of it, on a throwaway
/// PostgreSQL server with fsync on. The Erqi district is loaded once; each cadence then gets a new
/// silo on the same database, a steady background of member changes, and probes: a change with a
/// known effect on one of the district's figures, timed from its acknowledgement to the first
/// roll-up the district root publishes to an observer with that figure.
/// </summary>
internal static class RollupFreshnessMeasurement
{
    /// <summary>Grids that host the probes, spread over the district, so no single chain is measured.</summary>
    private const int ProbeSites = 16;

    /// <summary>Durable writes of the idle baseline, one at a time.</summary>
    private const int BaselineWrites = 300;

    private static readonly TimeSpan[] Cadences = [new RollupOptions().Cadence, TimeSpan.FromMilliseconds(50)];

    /// <summary>Background only, before the probes: members and grids activate, the commit queue fills.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    /// <summary>A probe not seen by then is reported as late (and still waited for, up to a minute).</summary>
    private static readonly TimeSpan ProbeDeadline = TimeSpan.FromSeconds(10);

    /// <summary>How often the observer renews its subscription: well inside the default expiration of 5 minutes.</summary>
    private static readonly TimeSpan Renewal = TimeSpan.FromMinutes(1);

    /// <summary>The pause between one-at-a-time durable writes sampled during the probes.</summary>
    private static readonly TimeSpan SamplerGap = TimeSpan.FromMilliseconds(20);

    /// <param name="probes">Probes per cadence, half of each kind.</param>
    /// <param name="rate">Background member changes per second (the issue's load is 1,000).</param>
    public static async Task<int> RunAsync(int probes, int rate)
    {
        await using var server = await PostgresServer.StartNewAsync();
        var connectionString = await server.CreateDatabaseAsync("rollups");
        Console.WriteLine($"PostgreSQL throwaway server on 127.0.0.1:{server.Port}: {await PostgresMeasurement.SettingsAsync(connectionString)}");

        var district = ErqiDistrict.Generate();
        var state = new ProbeState(district);
        var roster = new MemberRoster(district, state.SetAsideMembers, seed: 7);
        for (var i = 0; i < Cadences.Length; i++)
        {
            // A new silo per cadence; the district stays in the database.
            await using var cluster = await BenchSilo.StartAsync(Cluster(connectionString, Cadences[i]));
            if (i == 0)
            {
                var idle = await SequentialWritesAsync(cluster.GrainFactory, "baseline", BaselineWrites, TimeSpan.Zero, CancellationToken.None);
                Print($"baseline: one durable write at a time (StoredGrain.Increment), idle silo: {idle}");
                var times = await DistrictLoader.LoadAsync(cluster.GrainFactory, district);
                Print($"loaded the Erqi district in {times.Total.TotalSeconds:F1} s: {district.Organizations.Length:N0} organizations {times.Organizations.TotalSeconds:F1} s, {district.Members.Length:N0} members {times.Members.TotalSeconds:F1} s, {district.ReportIns.Length:N0} report-ins {times.ReportIns.TotalSeconds:F1} s");
            }

            Console.WriteLine();
            Print($"cadence {Cadences[i].TotalMilliseconds:F0} ms, background target {rate:N0} changes/s, {probes / 2} probes of each kind");
            await MeasureCadenceAsync(cluster.GrainFactory, connectionString, Cadences[i], state, roster, probes / 2, rate, seed: 1000 * (i + 1));
        }

        Console.WriteLine();
        await PrintStateSizesAsync(connectionString);
        return 0;
    }

    /// <summary>Both kinds of probe at one cadence on a running silo or cluster; returns their freshness together.</summary>
    internal static async Task<Latencies> MeasureCadenceAsync(
        IGrainFactory factory, string connectionString, TimeSpan cadence, ProbeState state, MemberRoster roster, int probes, int rate, int seed)
    {
        var root = factory.GetGrain<IOrganizationGrain>(state.RootId);
        var watcher = new RootWatcher();
        var observer = factory.CreateObjectReference<IRollupObserver>(watcher);
        await WaitForRootAsync(root, Metric.Members, state.ExpectedMembers);
        try
        {
            Console.WriteLine("  org probes: create or dissolve a branch under a grid (district orgs +1 / -1); background: status and category flips, transfers, report-ins and withdrawals");
            var orgProbes = await MeasurePartAsync(factory, connectionString, roster, BackgroundMix.Full, rate, () => root.Subscribe(observer), watcher, cadence, probes, seed, i =>
            {
                var site = i % ProbeSites;
                var grid = state.Sites[site].GridId;
                var exists = state.ProbeOrgExists[site];
                state.ProbeOrgExists[site] = !exists;
                var tree = factory.GetGrain<IOrganizationTreeGrain>(IOrganizationTreeGrain.Key);
                return (Metric.Orgs, state.ExpectedOrgs, exists
                    ? () => tree.Dissolve(ProbeState.ProbeOrgId(grid))
                    : () => tree.Place(ProbeState.ProbeOrgId(grid), new OrganizationDefinition("探针党小组", OrganizationKind.Branch, grid)));
            });

            // Counted members' transfers leave the district's member count off by one until both
            // sides arrive; with them stopped, it settles back to the exact count.
            await WaitForRootAsync(root, Metric.Members, state.ExpectedMembers);
            Console.WriteLine("  member probes: a member of a grid goes full -> applicant or back (district members -1 / +1); background: the same without counted members' transfers");
            var memberProbes = await MeasurePartAsync(factory, connectionString, roster, BackgroundMix.WithoutCountedTransfers, rate, () => root.Subscribe(observer), watcher, cadence, probes, seed + 1, i =>
            {
                var site = i % ProbeSites;
                var memberId = state.Sites[site].MemberId;
                var profile = state.ProbeProfiles[site];
                // Full ↔ applicant is past the pipeline: an admin's correction (docs/member-status.md).
                var next = profile with { Status = profile.Status == MemberStatus.Full ? MemberStatus.Applicant : MemberStatus.Full };
                state.ProbeProfiles[site] = next;
                return (Metric.Members, state.ExpectedMembers, () => factory.GetGrain<IMemberGrain>(memberId).SetProfile(next, new StatusChange("benchmark", "probe: full ↔ applicant", Correction: true)));
            });
            var both = Latencies.Combine(orgProbes, memberProbes);
            Print($"  both kinds together: the district shows the change after its acknowledgement: {both}");
            Print($"  root publications seen by the observer: {watcher.Publications:N0}");
            return both;
        }
        finally
        {
            await root.Unsubscribe(observer);
            factory.DeleteObjectReference<IRollupObserver>(observer);
        }
    }

    /// <summary>One kind of probe under one background mix, with the baselines measured meanwhile; returns the probes' freshness.</summary>
    private static async Task<Latencies> MeasurePartAsync(
        IGrainFactory factory,
        string connectionString,
        MemberRoster roster,
        BackgroundMix mix,
        int rate,
        Func<Task> subscribe,
        RootWatcher watcher,
        TimeSpan cadence,
        int probes,
        int seed,
        Func<int, (Metric Metric, long Expected, Func<Task> Write)> next)
    {
        var freshness = new Latencies();
        var acknowledgements = new Latencies();
        var late = 0;
        var early = 0;
        Latencies sampled;
        (long Completed, long Failed, TimeSpan Elapsed) from, to;
        long walBytes;
        using var storage = new StorageListener();
        await using (var background = BackgroundChanges.Start(factory, roster, mix, rate, seed))
        {
            await Task.Delay(WarmUp);
            from = background.Progress;
            var walBefore = await WalBytesAsync(connectionString);
            storage.Reset();
            using var stopSampling = new CancellationTokenSource();
            var sampling = SequentialWritesAsync(factory, "sampler", int.MaxValue, SamplerGap, stopSampling.Token);
            var random = new Random(seed);
            var subscribed = Stopwatch.StartNew();
            await subscribe();
            for (var i = 0; i < probes; i++)
            {
                if (subscribed.Elapsed > Renewal)
                {
                    await subscribe();
                    subscribed.Restart();
                }

                // A random pause, so that probes do not fall in step with the publication timers.
                await Task.Delay(TimeSpan.FromMilliseconds(random.NextDouble() * cadence.TotalMilliseconds));
                var (metric, expected, write) = next(i);
                var seen = watcher.Expect(metric, expected);
                var started = Stopwatch.GetTimestamp();
                await write();
                var acknowledged = Stopwatch.GetTimestamp();
                if (await Task.WhenAny(seen, Task.Delay(ProbeDeadline)) != seen)
                {
                    late++;
                }

                var reflected = await seen.WaitAsync(TimeSpan.FromMinutes(1));
                acknowledgements.Add(Stopwatch.GetElapsedTime(started, acknowledged).TotalMilliseconds);
                var delay = (reflected - acknowledged) * 1000.0 / Stopwatch.Frequency;
                early += delay < 0 ? 1 : 0;
                freshness.Add(delay);
            }

            to = background.Progress;
            walBytes = await WalBytesAsync(connectionString) - walBefore;
            await stopSampling.CancelAsync();
            sampled = await sampling;
        }

        var changes = to.Completed - from.Completed;
        var seconds = (to.Elapsed - from.Elapsed).TotalSeconds;
        Print($"    district shows the change after its acknowledgement: {freshness}{(late > 0 ? $", {late} later than {ProbeDeadline.TotalSeconds:F0} s" : "")}{(early > 0 ? $", {early} before the acknowledgement" : "")}");
        Print($"    probe write acknowledged after                     : {acknowledgements}");
        Print($"    background achieved                                : {changes / seconds:N0} changes/s ({changes:N0} answered in {seconds:F1} s, {to.Failed - from.Failed:N0} failed)");
        Print($"    baseline: one durable write at a time, meanwhile   : {sampled}");
        Print($"    every grain state write, meanwhile                 : {storage.Writes}, {storage.Writes.Count / seconds:N0} writes/s, mean batch {storage.MeanBatch:F1}");
        Print($"    WAL written                                        : {walBytes / seconds / 1e6:F1} MB/s, {(double)walBytes / Math.Max(changes, 1) / 1e3:F1} kB per background change");
        return freshness;
    }

    /// <summary>
    /// Writes one <see cref="StoredGrain"/> over and over, one write at a time, and times each: the
    /// round trip of a single durable write through the runtime and the store, the figure the others
    /// are read against.
    /// </summary>
    private static async Task<Latencies> SequentialWritesAsync(IGrainFactory factory, string key, int count, TimeSpan gap, CancellationToken cancellationToken)
    {
        var grain = factory.GetGrain<IStoredGrain>(key);
        await grain.Increment();
        var latencies = new Latencies();
        for (var i = 0; i < count && !cancellationToken.IsCancellationRequested; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await grain.Increment();
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (gap > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(gap, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        return latencies;
    }

    private static async Task WaitForRootAsync(IOrganizationGrain root, Metric metric, long expected)
    {
        var deadline = Stopwatch.StartNew();
        while ((await root.GetRollup()).Metrics[metric] != expected)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new InvalidOperationException($"The district's {metric.WireName()} did not settle at {expected}.");
            }

            await Task.Delay(50);
        }
    }

    private static async Task<long> WalBytesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select wal_bytes::bigint from pg_stat_wal", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// What each kind of grain keeps in PostgreSQL (every write of a grain rewrites its whole row),
    /// and what one source entry of an organization takes. jsonb prints ": " and ", " where the
    /// silo's serializer writes ":" and ","; the sizes are taken without them, as the silo sends them.
    /// </summary>
    private static async Task PrintStateSizesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand(
            $"""
            select grain_type, count(*), avg({Compact("payload")})::bigint,
                   max({Compact("payload")}), avg(pg_column_size(payload))::bigint
            from grain_state group by grain_type order by grain_type
            """, connection))
        {
            await using var reader = await command.ExecuteReaderAsync();
            Console.WriteLine("stored state per grain type: rows, JSON bytes mean / max, as stored (jsonb, compressed) mean");
            while (await reader.ReadAsync())
            {
                Print($"  {reader.GetString(0),-14} {reader.GetInt64(1),7:N0} rows  {reader.GetInt64(2),8:N0} / {reader.GetInt32(3),8:N0} B  {reader.GetInt64(4),8:N0} B");
            }
        }

        await using (var command = new NpgsqlCommand(
            $"""
            select count(*), avg({Compact("s.value")})::bigint,
                   (select avg(jsonb_array_length(jsonb_path_query_array(payload, '$.sources.*')))::numeric(10, 1) from grain_state where grain_type = 'organization')
            from grain_state g, jsonb_each(g.payload -> 'sources') s
            where g.grain_type = 'organization'
            """, connection))
        {
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            Print($"  organization source entries: {reader.GetInt64(0):N0}, {reader.GetDecimal(2):F1} per organization, {reader.GetInt64(1):N0} B of JSON each (plus the key)");
        }
    }

    /// <summary>SQL for the length of a jsonb value printed without the spaces jsonb adds after ':' and ','.</summary>
    private static string Compact(string column) => $"octet_length(replace(replace({column}::text, '\": ', '\":'), ', \"', ',\"'))";

    internal static Action<ISiloBuilder> Cluster(string connectionString, TimeSpan cadence) =>
        silo => silo
            .AddDomainGrains(options => options.Cadence = cadence)
            .AddPostgresGrainStorage(StorageSiloBuilderExtensions.DefaultStorageName, options => options.ConnectionString = connectionString);

    private static void Print(FormattableString line) => MemoryMeasurement.Print(line);

    /// <summary>
    /// Where the probes happen and what the district's figures must be after each: the background
    /// never changes the number of organizations nor (without counted transfers) of members, so the
    /// expected values follow from the probes alone.
    /// </summary>
    internal sealed class ProbeState
    {
        private readonly int _organizations;
        private readonly int _members;

        public ProbeState(DemoDistrict district)
        {
            RootId = district.Organizations.Single(o => o.Definition.ParentId is null).Id;
            _organizations = district.Organizations.Length;
            _members = district.Members.Count(m => m.Profile.Status.IsCounted());

            // Grids spread over the district, each with a full member whose membership it holds: a
            // change there climbs the longest chain, grid -> community -> street -> district.
            var grids = district.Organizations.Where(o => o.Definition.Kind == OrganizationKind.Grid).Select(o => o.Id).ToList();
            Sites = [.. Enumerable.Range(0, ProbeSites)
                .Select(i => grids[i * grids.Count / ProbeSites])
                .Select(grid => (GridId: grid, MemberId: district.Members.First(m => m.Profile.OrgId == grid && m.Profile.Status == MemberStatus.Full).Id))];
            ProbeProfiles = [.. Sites.Select(s => district.Members.Single(m => m.Id == s.MemberId).Profile)];
            ProbeOrgExists = new bool[ProbeSites];
            SetAsideMembers = Sites.Select(s => s.MemberId).ToHashSet(StringComparer.Ordinal);
        }

        public string RootId { get; }

        public (string GridId, string MemberId)[] Sites { get; }

        public MemberProfile[] ProbeProfiles { get; }

        public bool[] ProbeOrgExists { get; }

        public HashSet<string> SetAsideMembers { get; }

        public long ExpectedOrgs => _organizations + ProbeOrgExists.Count(e => e);

        public long ExpectedMembers => _members - ProbeProfiles.Count(p => !p.Status.IsCounted());

        public static string ProbeOrgId(string gridId) => "probe-" + gridId;
    }

    /// <summary>Receives the district root's roll-ups and completes the current probe when one shows its figure.</summary>
    private sealed class RootWatcher : IRollupObserver
    {
        private readonly Lock _lock = new();
        private Metric _metric;
        private long _expected;
        private TaskCompletionSource<long>? _waiting;
        private long _publications;

        public long Publications => Interlocked.Read(ref _publications);

        /// <summary>Completes with the <see cref="Stopwatch"/> timestamp of the first roll-up with <paramref name="metric"/> at <paramref name="expected"/>.</summary>
        public Task<long> Expect(Metric metric, long expected)
        {
            lock (_lock)
            {
                _metric = metric;
                _expected = expected;
                _waiting = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                return _waiting.Task;
            }
        }

        public Task OnRollup(Rollup rollup)
        {
            var now = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref _publications);
            lock (_lock)
            {
                if (_waiting is not null && rollup.Metrics[_metric] == _expected)
                {
                    _waiting.TrySetResult(now);
                    _waiting = null;
                }
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>Orleans' storage latency of every grain state write, and the store's batch sizes.</summary>
    private sealed class StorageListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private Latencies _writes = new();
        private long _batches;
        private long _batched;

        public StorageListener()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name is "orleans-storage-write-latency" or "partyactors.storage.batch_size")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            // Orleans records every grain state write (WriteStateAsync, through any provider) in ms.
            _listener.SetMeasurementEventCallback<double>((_, milliseconds, _, _) => Volatile.Read(ref _writes).Add(milliseconds));
            _listener.SetMeasurementEventCallback<int>((_, size, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag is { Key: "queue", Value: "postgres.state.writes" })
                    {
                        Interlocked.Increment(ref _batches);
                        Interlocked.Add(ref _batched, size);
                    }
                }
            });
            _listener.Start();
        }

        public Latencies Writes => Volatile.Read(ref _writes);

        public double MeanBatch => Interlocked.Read(ref _batches) is var batches and > 0 ? (double)Interlocked.Read(ref _batched) / batches : 0;

        public void Reset()
        {
            Volatile.Write(ref _writes, new Latencies());
            Interlocked.Exchange(ref _batches, 0);
            Interlocked.Exchange(ref _batched, 0);
        }

        public void Dispose() => _listener.Dispose();
    }
}
