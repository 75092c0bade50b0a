using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using PartyActors.EndToEnd;
using PartyActors.Storage.Postgres.Testing;

namespace PartyActors.Benchmarks;

/// <summary>
/// The <c>reshape</c> mode (issue 16): a split of a large community and the merge back, in the real
/// silo process on a throwaway PostgreSQL server (fsync on), driven over HTTP as an operator would.
/// For each size, one community of that many members of record in <c>grids</c> grids (a third
/// reported in to their residence grid, open commitments, requests and errands at every grid and at
/// the community itself) is built by a roster batch. Then, one after the other, on the same silo:
/// <list type="number">
/// <item>the baseline an operator has without splits and merges: half the grids and the members
/// living in them moved to a new community by a roster batch (<c>upsert-org</c> with the new parent,
/// <c>upsert-member</c> with the new <c>orgId</c>), and back by another, then the empty community
/// dissolved (<c>DELETE</c>);</item>
/// <item>the same grids and members, plus a few items of the community, by
/// <c>POST /orgs/{id}/split</c>, and back by <c>POST /orgs/{id}/merge</c>;</item>
/// <item>with <c>--single</c>, the same moves by the ordinary routes one request at a time
/// (<c>PUT /orgs/{grid}</c>, <c>PUT /members/{id}</c>), there and back, then <c>DELETE</c>.</item>
/// </list>
/// Each leg is timed from its POST to its end (the batch or reshape completed, the last PUT answered)
/// and to the roll-ups at rest (the street's figures as before the leg, the two communities' as a model
/// of what went where says); the silo's CPU, its peak resident memory and PostgreSQL's write-ahead
/// log (every durable write, whatever the row) are read over the leg. Then an admin's rebuild of
/// the street's subtree (a recount from the sources) must change nothing. The first size is small
/// and serves as a warm-up of the JIT's tiers. Figures: docs/benchmarks.md, "Splits and merges".
/// </summary>
internal static class ReshapeMeasurement
{
    /// <summary>How long the roll-ups may take to come to rest after a leg before the leg is reported as leaving them wrong.</summary>
    private static readonly TimeSpan AtRestLimit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Figures a leg does not keep equal at the street while the other community exists: it is one more
    /// organization, with organizational life of its own to hold (docs/organizational-life.md).
    /// </summary>
    private static readonly string[] StructuralMetrics = ["orgs", "meetingsRequired", "meetingsHeld"];

    private static readonly JsonSerializerOptions LineOptions = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <param name="parallelism">The silo's <c>Reshape:Parallelism</c>, or null for its default.</param>
    public static async Task<int> RunAsync(IReadOnlyList<int> sizes, int grids, bool single, int? parallelism)
    {
        await using var postgres = await PostgresServer.StartNewAsync();
        var database = await postgres.CreateDatabaseAsync("reshape");
        Console.WriteLine($"PostgreSQL throwaway server on 127.0.0.1:{postgres.Port}: {await PostgresMeasurement.SettingsAsync(database)}");

        var clock = Stopwatch.StartNew();
        var signingKey = "base64:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var settings = new Dictionary<string, string>();
        if (parallelism is { } steps)
        {
            settings["Reshape__Parallelism"] = steps.ToString(CultureInfo.InvariantCulture);
        }

        await using var silo = await SiloProcess.StartAsync(database, signingKey, TimeSpan.FromSeconds(180), SiloPorts.Free(), environment: settings);
        Print($"silo process (pid {silo.Process.Id}) ready at {silo.BaseAddress} after {clock.Elapsed.TotalSeconds:F1} s, Reshape:Parallelism {(parallelism is null ? "default" : parallelism)}; {Environment.ProcessorCount} cores, load average {LoadAverage()}");

        using var http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = int.MaxValue,
            UseCookies = false,
        })
        {
            BaseAddress = silo.BaseAddress,
            Timeout = TimeSpan.FromSeconds(120),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await HttpLoadMeasurement.DevTokenAsync(http));
        using var siloProcess = Process.GetProcessById(silo.Process.Id);

        var summary = new List<string>();
        foreach (var size in sizes)
        {
            var community = new Community($"rs{size}", size, grids);
            Console.WriteLine();
            await BuildAsync(http, community);
            var driver = new LegDriver(http, siloProcess, database, community, summary);

            await driver.RunAsync("roster batch there (baseline)", community.NewId("b"),
                other => RosterMoveAsync(http, community, other, there: true));
            await driver.RunAsync("roster batch back, DELETE (baseline)", community.NewId("b"),
                other => RosterMoveAsync(http, community, other, there: false));

            await driver.RunAsync("split", community.NewId("n"), other => SplitAsync(http, community, other));
            await driver.RunAsync("merge back", community.NewId("n"), other => MergeAsync(http, community, other));

            if (single)
            {
                await driver.RunAsync("one request at a time there (baseline)", community.NewId("p"),
                    other => SingleMoveAsync(http, community, other, there: true));
                await driver.RunAsync("one request at a time back, DELETE (baseline)", community.NewId("p"),
                    other => SingleMoveAsync(http, community, other, there: false));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"summary ({Environment.ProcessorCount} cores, load average {LoadAverage()} at the end)");
        summary.ForEach(Console.WriteLine);
        return 0;
    }

    /// <summary>The community, its grids, members, report-ins and commitments by one roster batch; its requests and errands over their routes.</summary>
    private static async Task BuildAsync(HttpClient http, Community c)
    {
        var lines = new List<object>
        {
            new { op = "upsert-org", id = c.District, name = "区委", kind = "district" },
            new { op = "upsert-org", id = c.Street, name = "街道党工委", kind = "street", parentId = c.District },
            new { op = "upsert-org", id = c.Id, name = "社区党委", kind = "community", parentId = c.Street },
        };
        lines.AddRange(Enumerable.Range(0, c.Grids).Select(k => new { op = "upsert-org", id = c.Grid(k), name = c.GridName(k), kind = "grid", parentId = c.Id }));
        lines.AddRange(Enumerable.Range(0, c.Members).Select(i => MemberLine(c, i, c.Id)));
        lines.AddRange(Enumerable.Range(0, c.Members).Where(Community.ReportsIn).Select(i => new { op = "report-in", memberId = c.Member(i), gridId = c.Grid(c.GridOf(i)) }));
        var dueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(60)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        lines.AddRange(Enumerable.Range(0, c.Members).Where(Community.HasCommitment).Select(i =>
            new { op = "upsert-commitment", id = $"{c.Prefix}-km{i:D5}", memberId = c.Member(i), title = "为老人理发", target = 10, unit = "次", dueOn }));
        lines.AddRange(c.GridCommitments.Select(k => new { op = "upsert-commitment", id = k.Id, orgId = c.Grid(k.Grid), title = "清理楼道", target = 5, unit = "次", dueOn }));

        var clock = Stopwatch.StartNew();
        var (_, batch) = await HttpLoadMeasurement.PushRosterAsync(http, Ndjson(lines), $"{c.Prefix}-build", clock);
        if (batch.GetProperty("rejected").GetInt32() > 0)
        {
            throw new InvalidOperationException($"The build batch rejected lines: {batch.GetProperty("errors")}");
        }

        var built = clock.Elapsed;
        for (var k = 0; k < c.Grids; k++)
        {
            for (var j = 0; j < Community.RequestsPerGrid; j++)
            {
                c.GridRequests.Add((await FileRequestAsync(http, c.Grid(k)), k));
            }

            c.GridErrands.Add((await TakeErrandAsync(http, c, c.Grid(k)), k));
        }

        for (var j = 0; j < Community.ItemsAtCommunity; j++)
        {
            // Over the route, not the roster: a roster line's commitment takes an id of the server's.
            using (var made = await http.PostAsJsonAsync($"/api/v1/orgs/{c.Id}/commitments", new { title = "走访困难户", target = 20, unit = "户", dueOn }))
            {
                c.CommunityCommitments.Add(await IdAsync(made, HttpStatusCode.Created));
            }

            c.CommunityRequests.Add(await FileRequestAsync(http, c.Id));
            c.CommunityErrands.Add(await TakeErrandAsync(http, c, c.Id));
        }

        if (await AtRestAsync(http, c, c.NewId("none"), street: null) is { } notAtRest)
        {
            throw new TimeoutException($"The community's roll-ups were not at rest {AtRestLimit.TotalSeconds:F0} s after it was built: {notAtRest}");
        }

        c.StreetBefore = await MetricsAsync(http, c.Street);
        Print($"{c.Members:N0} members in {c.Grids} grids: built by a roster batch of {lines.Count:N0} lines in {built.TotalSeconds:F1} s, {c.GridRequests.Count + c.CommunityRequests.Count} requests, {c.GridErrands.Count + c.CommunityErrands.Count} errands and {c.CommunityCommitments.Count} of the community's commitments over HTTP, at rest after {clock.Elapsed.TotalSeconds:F1} s; load average {LoadAverage()}");
        Print($"  street {c.Street}: {Figures(c.StreetBefore)}");
        Print($"  each leg moves {c.MovedGrids.Length} grids and the {c.MovedMembers.Length:N0} members of record living in them ({c.MovedMembers.Count(Community.ReportsIn):N0} reported in); the split also names {c.MovedItems.Count} items of the community");
    }

    private static object MemberLine(Community c, int i, string orgId) =>
        new { op = "upsert-member", id = c.Member(i), name = c.MemberName(i), status = "full", category = "in-service", orgId, residenceGridId = c.Grid(c.GridOf(i)) };

    private static async Task<string> FileRequestAsync(HttpClient http, string orgId)
    {
        using var response = await http.PostAsJsonAsync($"/api/v1/orgs/{orgId}/requests", new { title = "小区路灯不亮", category = "市政设施", channel = "hotline" });
        return await IdAsync(response, HttpStatusCode.Created);
    }

    private static async Task<string> TakeErrandAsync(HttpClient http, Community c, string orgId)
    {
        using var response = await http.PostAsJsonAsync($"/api/v1/orgs/{orgId}/errands",
            new { resident = new { name = "王阿姨" }, category = "certificates", description = "代办居住证", cadreMemberId = c.Member(0) });
        return await IdAsync(response, HttpStatusCode.Created);
    }

    /// <summary>The baseline by roster batch: the new community and the grids' new parent, then each member's new organization of record.</summary>
    private static async Task<LegEnd> RosterMoveAsync(HttpClient http, Community c, string other, bool there)
    {
        var to = there ? other : c.Id;
        var lines = new List<object>();
        if (there)
        {
            lines.Add(new { op = "upsert-org", id = other, name = "新社区党委", kind = "community", parentId = c.Street });
        }

        lines.AddRange(c.MovedGrids.Select(k => new { op = "upsert-org", id = c.Grid(k), name = c.GridName(k), kind = "grid", parentId = to }));
        lines.AddRange(c.MovedMembers.Select(i => MemberLine(c, i, to)));
        var clock = Stopwatch.StartNew();
        var (accepted, batch) = await HttpLoadMeasurement.PushRosterAsync(http, Ndjson(lines), $"{other}-{(there ? "there" : "back")}", clock);
        if (!there)
        {
            // The roster has no line that dissolves an organization: the empty community goes by its route.
            await DissolveAsync(http, other);
        }

        var done = clock.Elapsed;
        var rejected = batch.GetProperty("rejected").GetInt32();
        c.Place(other, there, items: false);
        return new LegEnd(accepted, done, lines.Count, rejected,
            rejected == 0 ? "" : batch.GetProperty("errors").EnumerateArray().First().GetProperty("code").GetString() ?? "");
    }

    private static async Task<LegEnd> SplitAsync(HttpClient http, Community c, string other)
    {
        var body = new
        {
            newOrg = new { id = other, name = "新社区党委" },
            gridIds = c.MovedGrids.Select(c.Grid).ToArray(),
            memberIds = c.MovedMembers.Select(c.Member).ToArray(),
            moveItems = c.MovedItems.Select(item => new { kind = item.Kind, id = item.Id }).ToArray(),
        };
        var leg = await ReshapeAsync(http, $"/api/v1/orgs/{c.Id}/split", body);
        c.Place(other, there: true, items: true);
        return leg;
    }

    private static async Task<LegEnd> MergeAsync(HttpClient http, Community c, string other)
    {
        var leg = await ReshapeAsync(http, $"/api/v1/orgs/{c.Id}/merge", new { fromOrgId = other });
        c.Place(other, there: false, items: true);
        return leg;
    }

    /// <summary>Posts the order, then reads the operation every 50 ms until it is no longer running.</summary>
    private static async Task<LegEnd> ReshapeAsync(HttpClient http, string path, object body)
    {
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var accepted = clock.Elapsed;
        var location = response.Headers.Location ?? throw new InvalidOperationException($"POST {path} answered 202 without a Location.");
        while (true)
        {
            var progress = await http.GetFromJsonAsync<JsonElement>(location);
            if (progress.GetProperty("status").GetString() is "completed" or "failed")
            {
                var done = clock.Elapsed;
                var errors = progress.GetProperty("errors");
                var status = progress.GetProperty("status").GetString()!;
                return new LegEnd(accepted, done, progress.GetProperty("stepsTotal").GetInt32(), errors.GetArrayLength(),
                    status == "failed" ? "FAILED " + errors : errors.GetArrayLength() > 0 ? errors[0].GetProperty("code").GetString() ?? "" : "");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The baseline one request at a time, as a script of an operator's would do: the new community, each grid, each member.</summary>
    private static async Task<LegEnd> SingleMoveAsync(HttpClient http, Community c, string other, bool there)
    {
        var to = there ? other : c.Id;
        var clock = Stopwatch.StartNew();
        var requests = 0;
        if (there)
        {
            await PutAsync(http, $"/api/v1/orgs/{other}", new { name = "新社区党委", kind = "community", parentId = c.Street });
            requests++;
        }

        var accepted = clock.Elapsed;
        foreach (var k in c.MovedGrids)
        {
            await PutAsync(http, $"/api/v1/orgs/{c.Grid(k)}", new { name = c.GridName(k), kind = "grid", parentId = to });
            requests++;
        }

        foreach (var i in c.MovedMembers)
        {
            await PutAsync(http, $"/api/v1/members/{c.Member(i)}",
                new { name = c.MemberName(i), status = "full", category = "in-service", orgId = to, residenceGridId = c.Grid(c.GridOf(i)) });
            requests++;
        }

        if (!there)
        {
            await DissolveAsync(http, other);
            requests++;
        }

        var done = clock.Elapsed;
        c.Place(other, there, items: false);
        return new LegEnd(accepted, done, requests, 0, "");
    }

    private static async Task PutAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PutAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task DissolveAsync(HttpClient http, string orgId)
    {
        using var response = await http.DeleteAsync(new Uri($"/api/v1/orgs/{orgId}", UriKind.Relative));
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"DELETE /orgs/{orgId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>
    /// Reads the roll-ups every 50 ms until they are at rest: the street's as <paramref name="street"/>
    /// (but for <see cref="StructuralMetrics"/>), and the two communities' as the model places things.
    /// Null when they are; what differs when they are not within <see cref="AtRestLimit"/>.
    /// </summary>
    private static async Task<string?> AtRestAsync(HttpClient http, Community c, string other, Dictionary<string, long>? street)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var streetNow = await MetricsAsync(http, c.Street);
            var differences = new List<string>();
            if (street is not null)
            {
                // The other community, while it exists, is one more organization with a life of its own.
                var expected = new Dictionary<string, long>(street, StringComparer.Ordinal) { ["orgs"] = street.GetValueOrDefault("orgs") + (c.OtherExists ? 1 : 0) };
                differences.AddRange(Differences("street", expected, streetNow, c.OtherExists ? StructuralMetrics[1..] : []));
            }
            else
            {
                // Being built: the street holds the community alone.
                var expected = c.Expected(c.Id);
                differences.AddRange(Differences("street", expected, streetNow.Where(m => expected.ContainsKey(m.Key)).ToDictionary(StringComparer.Ordinal), StructuralMetrics));
            }

            foreach (var orgId in new[] { c.Id, other })
            {
                if (c.Expected(orgId) is { Count: > 0 } expected)
                {
                    var actual = await MetricsAsync(http, orgId);
                    differences.AddRange(Differences(orgId, expected, actual.Where(m => expected.ContainsKey(m.Key)).ToDictionary(StringComparer.Ordinal), []));
                }
            }

            if (differences.Count == 0)
            {
                return null;
            }

            if (clock.Elapsed > AtRestLimit)
            {
                return string.Join(", ", differences);
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The admin's rebuild of the street's subtree, then whether any figure of the street or the two communities changed.</summary>
    private static async Task<string> RebuildChangesAsync(HttpClient http, Community c, string other)
    {
        var orgs = new[] { c.Street, c.Id, other };
        var before = new Dictionary<string, long>[orgs.Length];
        for (var i = 0; i < orgs.Length; i++)
        {
            before[i] = await MetricsAsync(http, orgs[i]);
        }

        var clock = Stopwatch.StartNew();
        using (var response = await http.PostAsync(new Uri($"/api/v1/orgs/{c.Street}/rollup/rebuild", UriKind.Relative), content: null))
        {
            response.EnsureSuccessStatusCode();
        }

        var took = clock.Elapsed;
        var changes = new List<string>();
        for (var i = 0; i < orgs.Length; i++)
        {
            changes.AddRange(Differences(orgs[i], before[i], await MetricsAsync(http, orgs[i]), []));
        }

        return changes.Count == 0
            ? FormattableString.Invariant($"exact (the rebuild, {took.TotalSeconds:F1} s, changed nothing)")
            : "NOT EXACT, the rebuild changed " + string.Join(", ", changes);
    }

    /// <summary>An organization's roll-up metrics, or none when it does not exist (a dissolved or merged one answers 404).</summary>
    private static async Task<Dictionary<string, long>> MetricsAsync(HttpClient http, string orgId)
    {
        using var response = await http.GetAsync(new Uri($"/api/v1/orgs/{orgId}/rollup", UriKind.Relative));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return new Dictionary<string, long>(StringComparer.Ordinal);
        }

        response.EnsureSuccessStatusCode();
        var rollup = await response.Content.ReadFromJsonAsync<JsonElement>();
        return rollup.GetProperty("metrics").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);
    }

    /// <summary>Every metric named in either that differs (a missing one reads 0), but those <paramref name="ignored"/>.</summary>
    private static IEnumerable<string> Differences(string orgId, Dictionary<string, long> expected, Dictionary<string, long> actual, string[] ignored) =>
        expected.Keys.Union(actual.Keys).Where(m => !ignored.Contains(m))
            .Select(m => (m, e: expected.GetValueOrDefault(m), a: actual.GetValueOrDefault(m)))
            .Where(x => x.e != x.a)
            .Select(x => FormattableString.Invariant($"{orgId}.{x.m} {x.a} (expected {x.e})"));

    private static async Task<string> IdAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static byte[] Ndjson(IEnumerable<object> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(JsonSerializer.Serialize(line, line.GetType(), LineOptions)).Append('\n');
        }

        return new UTF8Encoding(false).GetBytes(text.ToString());
    }

    private static string Figures(Dictionary<string, long> metrics) =>
        string.Join(", ", metrics.Where(m => m.Value != 0).Select(m => FormattableString.Invariant($"{m.Key} {m.Value}")));

    /// <summary>The 1-, 5- and 15-minute load averages (<c>/proc/loadavg</c>), as <c>uptime</c> shows them.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static void Print(FormattableString line) => MemoryMeasurement.Print(line);

    /// <summary>How a leg ended: when it was accepted and done (from its first request), its steps (or lines, or requests), and what it could not do.</summary>
    private sealed record LegEnd(TimeSpan Accepted, TimeSpan Done, int Steps, int Errors, string FirstError);

    /// <summary>Runs a leg with the silo's CPU and resident memory watched, waits for the roll-ups at rest, checks them by a rebuild, and prints the leg.</summary>
    private sealed class LegDriver(HttpClient http, Process silo, string database, Community c, List<string> summary)
    {
        public async Task RunAsync(string name, string other, Func<string, Task<LegEnd>> leg)
        {
            var walBefore = await WalBytesAsync();
            silo.Refresh();
            var rssBefore = silo.WorkingSet64;
            var cpuBefore = silo.TotalProcessorTime;
            var machineBefore = MachineCpu.Read();
            using var watching = new CancellationTokenSource();
            var peak = WatchPeakAsync(watching.Token);
            var clock = Stopwatch.StartNew();
            var end = await leg(other);
            var notAtRest = await AtRestAsync(http, c, other, c.StreetBefore);
            var atRest = clock.Elapsed;
            await watching.CancelAsync();
            var peakRss = await peak;
            silo.Refresh();
            var cpu = (silo.TotalProcessorTime - cpuBefore).TotalSeconds;
            var machine = MachineCpu.BusyCores(machineBefore, MachineCpu.Read());
            var wal = await WalBytesAsync() - walBefore;
            var exact = await RebuildChangesAsync(http, c, other);
            var moved = c.MovedMembers.Length;
            var steps = end.Steps;
            var line = FormattableString.Invariant(
                $"  {c.Members,6:N0} members, {name,-40}: 202 {end.Accepted.TotalSeconds,5:F2} s, done {end.Done.TotalSeconds,6:F2} s ({steps / end.Done.TotalSeconds,6:N0} steps/s, {moved / end.Done.TotalSeconds,6:N0} members/s), at rest {atRest.TotalSeconds,6:F2} s; silo CPU {cpu,5:F1} s ({cpu * 1000 / moved:F1} ms/member); RSS {rssBefore / 1048576.0:N0} → peak {peakRss / 1048576.0:N0} MiB; machine {machine:F1} busy cores; WAL {wal / 1048576.0:F1} MiB ({wal / 1024.0 / moved:F1} KiB/member); {(end.Errors > 0 ? $"{end.Errors} error(s), first {end.FirstError}; " : "")}{(notAtRest is null ? "" : $"NOT AT REST after {AtRestLimit.TotalSeconds:F0} s: {notAtRest}; ")}{exact}");
            Console.WriteLine(line);
            summary.Add(line);
        }

        /// <summary>Where PostgreSQL's write-ahead log is, in bytes: what every durable write of the silo costs the store, whatever the row.</summary>
        private async Task<long> WalBytesAsync()
        {
            await using var connection = new Npgsql.NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("select (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint", connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }

        private async Task<long> WatchPeakAsync(CancellationToken stop)
        {
            var peak = 0L;
            while (!stop.IsCancellationRequested)
            {
                silo.Refresh();
                peak = Math.Max(peak, silo.WorkingSet64);
                try
                {
                    await Task.Delay(20, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            silo.Refresh();
            return Math.Max(peak, silo.WorkingSet64);
        }
    }

    /// <summary>
    /// The measured community and a model of where everything counts, from which each community's
    /// expected figures follow. Members live in grid <c>i % grids</c>; the upper half of the grids and
    /// the members living there are the ones every leg moves.
    /// </summary>
    private sealed class Community
    {
        public const int RequestsPerGrid = 2;
        public const int CommitmentsPerGrid = 2;

        /// <summary>Org commitments, requests and errands each at the community itself; the first of each kind follows the split (moveItems).</summary>
        public const int ItemsAtCommunity = 2;

        private readonly string?[] _gridAt;
        private readonly string?[] _memberAt;
        private string? _itemsAt;

        public Community(string prefix, int members, int grids)
        {
            Prefix = prefix;
            Members = members;
            Grids = grids;
            MovedGrids = [.. Enumerable.Range(grids / 2, grids - grids / 2)];
            MovedMembers = [.. Enumerable.Range(0, members).Where(i => GridOf(i) >= grids / 2)];
            GridCommitments = [.. Enumerable.Range(0, grids).SelectMany(k => Enumerable.Range(0, CommitmentsPerGrid).Select(j => ($"{prefix}-kg{k:D3}-{j}", k)))];
            _gridAt = new string?[grids];
            _memberAt = new string?[members];
        }

        public string Prefix { get; }

        public int Members { get; }

        public int Grids { get; }

        public string District => $"{Prefix}-d";

        public string Street => $"{Prefix}-s";

        public string Id => $"{Prefix}-c";

        public int[] MovedGrids { get; }

        public int[] MovedMembers { get; }

        public (string Id, int Grid)[] GridCommitments { get; }

        public List<string> CommunityCommitments { get; } = [];

        public List<(string Id, int Grid)> GridRequests { get; } = [];

        public List<(string Id, int Grid)> GridErrands { get; } = [];

        public List<string> CommunityRequests { get; } = [];

        public List<string> CommunityErrands { get; } = [];

        /// <summary>The street's figures once built: every leg leaves them as they are.</summary>
        public Dictionary<string, long> StreetBefore { get; set; } = new(StringComparer.Ordinal);

        /// <summary>What the split names in <c>moveItems</c>: the first commitment, request and errand of the community.</summary>
        public List<(string Kind, string Id)> MovedItems =>
            [("commitment", CommunityCommitments[0]), ("resident-request", CommunityRequests[0]), ("errand", CommunityErrands[0])];

        public static bool ReportsIn(int i) => i % 3 == 0;

        public static bool HasCommitment(int i) => i % 20 == 0;

        public string NewId(string leg) => $"{Prefix}-{leg}";

        public string Grid(int k) => $"{Prefix}-g{k:D3}";

        public string GridName(int k) => $"第{k + 1}网格";

        public string Member(int i) => $"{Prefix}-m{i:D5}";

        public string MemberName(int i) => $"党员{i}";

        public int GridOf(int i) => i % Grids;

        /// <summary>Whether the other community of the last leg exists: after a leg there, not after a leg back (dissolved or merged).</summary>
        public bool OtherExists { get; private set; }

        /// <summary>After a leg: the moved grids and members (and with <paramref name="items"/> the items named) are at <paramref name="other"/>, or back.</summary>
        public void Place(string other, bool there, bool items)
        {
            OtherExists = there;
            var at = there ? other : null;
            foreach (var k in MovedGrids)
            {
                _gridAt[k] = at;
            }

            foreach (var i in MovedMembers)
            {
                _memberAt[i] = at;
            }

            if (items)
            {
                _itemsAt = at;
            }
        }

        /// <summary>The figures the model gives <paramref name="orgId"/> (the community, or the other one of a leg), those that moves change.</summary>
        public Dictionary<string, long> Expected(string orgId)
        {
            bool GridHere(int k) => (_gridAt[k] ?? Id) == orgId;
            bool MemberHere(int i) => (_memberAt[i] ?? Id) == orgId;
            var itemsHere = (_itemsAt ?? Id) == orgId;
            var isCommunity = orgId == Id;
            var grids = Enumerable.Range(0, Grids).Count(GridHere);
            var members = Enumerable.Range(0, Members).Count(MemberHere);
            var memberCommitments = isCommunity ? Enumerable.Range(0, Members).Count(HasCommitment) : 0;

            // The first item of each kind follows the split; the others stay with the community.
            var communityItems = (itemsHere ? 1 : 0) + (isCommunity ? ItemsAtCommunity - 1 : 0);
            if (grids == 0 && members == 0 && communityItems == 0 && !isCommunity)
            {
                return new Dictionary<string, long>(StringComparer.Ordinal);
            }

            return new Dictionary<string, long>(StringComparer.Ordinal)
            {
                ["orgs"] = 1 + grids,
                ["members"] = members,
                ["inService"] = members,
                ["reportedIn"] = Enumerable.Range(0, Members).Count(i => MemberHere(i) && ReportsIn(i)),
                ["reportedHere"] = Enumerable.Range(0, Members).Count(i => ReportsIn(i) && GridHere(GridOf(i))),
                ["requestsOpen"] = GridRequests.Count(r => GridHere(r.Grid)) + communityItems,
                ["commitmentsOpen"] = GridCommitments.Count(k => GridHere(k.Grid)) + communityItems + memberCommitments,
                ["errandsOpen"] = GridErrands.Count(e => GridHere(e.Grid)) + communityItems,
            };
        }
    }
}
