using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using PartyActors.Client;
using PartyActors.Grains;
using PartyActors.Grains.Demo;
using PartyActors.Storage.Postgres.Testing;
using Xunit.Abstractions;
using MemberStatuses = PartyActors.Client.MemberStatuses;

namespace PartyActors.EndToEnd;

/// <summary>
/// Several real silo processes in one cluster on loopback ports, membership in one throwaway
/// PostgreSQL (Orleans' ADO.NET clustering), driven only from outside over HTTP and by the
/// <c>partyactors</c> CLI: any silo answers for any grain, a SIGKILLed silo loses no acknowledged
/// write and its grains come back elsewhere within a bound, a silo joining under load takes its share.
/// </summary>
[Collection(RealProcesses.Collection)]
public sealed class ClusterEndToEndTests(ClusterEndToEndTests.PostgresFixture postgres, ITestOutputHelper output)
    : IClassFixture<ClusterEndToEndTests.PostgresFixture>, IAsyncLifetime
{
    private static readonly TimeSpan SiloReady = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan RosterApplied = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan RollupsSettle = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CliAnswers = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(90);

    /// <summary>The bound on the time from a silo's SIGKILL until every sampled grain answers through the others.</summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(60);

    private const int Writers = 4;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<ChildProcess> _processes = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("pa-cluster-").FullName;
    private readonly string _signingKey = "base64:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) });
    private string _database = string.Empty;
    private string? _token;

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Three_silos_serve_one_district_lose_no_acknowledged_write_when_one_is_killed_and_take_in_a_fourth_under_load()
    {
        _database = await postgres.Server.CreateDatabaseAsync("cluster");
        var district = ErqiDistrict.Generate();
        var expected = new ExpectedRollups(district);
        var (root, street, grid) = EndToEndChecks.Places(district);
        var organizations = district.Organizations.Select(o => o.Id).ToArray();
        var grids = district.Organizations.Where(o => o.Definition.Kind == OrganizationKind.Grid).Select(o => o.Id).ToArray();
        var roster = Path.Combine(_directory, "erqi.ndjson");
        await using (var writer = new StreamWriter(roster, append: false, new UTF8Encoding(false)))
        {
            RosterWriter.WriteNdjson(district, writer);
        }

        Step($"roster written: {district.Organizations.Length + district.Members.Length:N0} lines; district {root}, street {street}, grid {grid}");

        // 1. Three silos, started at once; the roster through silo 1, roll-ups read through silo 2, watched on silo 3.
        var silos = (await Task.WhenAll(Enumerable.Range(1, 3).Select(i => StartSiloAsync($"silo-{i}")))).ToList();
        Step($"three silos ready: {string.Join(", ", silos.Select(s => $"{s.Name} at {s.Silo.BaseAddress} (pid {s.Silo.Process.Id}, silo port {s.Silo.Ports!.Silo})"))}");
        await AssertMembershipAsync(silos, dead: [], "with three silos");
        var (silo1, silo2, silo3) = (silos[0], silos[1], silos[2]);
        _token = await silo1.Reads.CreateDevTokenAsync(new DevTokenRequest("cluster-admin", [Roles.Admin]));
        foreach (var silo in silos)
        {
            silo.Authorize(_token);
        }

        var lines = district.Organizations.Length + district.Members.Length;
        var push = await RunCliAsync(RosterApplied, "roster", "push", roster, "--url", silo1.Silo.BaseAddress.ToString(), "--token", _token);
        Step($"roster pushed through {silo1.Name} by the CLI");
        Assert.True(push.ExitCode == 0, $"partyactors roster push exited with {push.ExitCode}, not 0:\n{push.Transcript}");
        Assert.Contains($"applied   {lines}", push.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("rejected  0", push.StandardOutput, StringComparison.Ordinal);
        await EndToEndChecks.AssertRollupsSettleAsync(
            (orgId, _) => silo2.Reads.GetRollupAsync(orgId), expected, [root, street, grid], $"through {silo2.Name} after the roster", RollupsSettle, Step);

        await WatchChangesAsync(silo3, silo1, expected, street, grid);

        // 2. SIGKILL a silo while writers write through every silo.
        var live = new LiveSet(silos);
        var activations = await Task.WhenAll(silos.Select(s => MemberActivationsAsync(s)));
        var victim = silos[Array.IndexOf(activations, activations.Max())];
        Step($"member activations by silo: {string.Join(", ", silos.Zip(activations, (s, n) => $"{s.Name} {n}"))}; {victim.Name} will be killed");
        Assert.True(activations.Max() > 0, "No silo reports member activations (orleans_catalog_activations): the kill would show nothing.");

        var counted = district.Members.Where(m => m.Profile.Status.IsCounted() && m.Profile.Category == MemberCategory.InService).ToArray();
        var killLoad = new WriteLoad("k", Writers, live.Targets, grids, counted[..400], _clock);
        killLoad.Start();
        await WaitUntilAsync(() => killLoad.AcknowledgedThrough(victim.Name) >= 20, TimeSpan.FromSeconds(60), $"20 writes acknowledged through {victim.Name} before the kill");
        var sample = district.Members.Where((_, i) => i % 40 == 7).Select(m => m.Id).Concat(killLoad.Members.Keys).Distinct(StringComparer.Ordinal).ToList();
        var killedAt = _clock.Elapsed;
        await victim.Silo.CrashAsync();
        live.Remove(victim);
        Step($"{victim.Name} killed (SIGKILL, pid {victim.Silo.Process.Id}) under load; writes so far: {killLoad.Describe()}");

        var survivors = silos.Where(s => s != victim).ToList();
        var recovery = await MeasureRecoveryAsync(victim, survivors, sample, killedAt);
        var recoveredAt = killedAt + recovery.AllAnswered;
        RecordRecovery(victim, activations.Max(), recovery, killLoad, killedAt, recoveredAt);
        Assert.True(recovery.Dead is { } dead && dead <= RecoveryBound,
            $"The membership table did not mark {victim.Name} dead within {RecoveryBound.TotalSeconds:F0} s of its SIGKILL (status {recovery.LastStatus}).");
        Assert.True(recovery.Unanswered.Count == 0 && recovery.AllAnswered <= RecoveryBound,
            $"{recovery.Unanswered.Count} of {sample.Count} members did not answer through the survivors within {RecoveryBound.TotalSeconds:F0} s of the kill "
            + $"(all answered: {Seconds(recovery.AllAnswered)}); for instance {string.Join("; ", recovery.Unanswered.Take(10))}");

        // Retrying writers get through again, and whatever was unacknowledged at the kill is acknowledged in the end.
        await WaitUntilAsync(() => killLoad.AcknowledgedSince(recoveredAt) >= 5 * Writers, TimeSpan.FromSeconds(60), "the writers' writes acknowledged again after recovery");
        await killLoad.StopAsync(Drain);
        Step($"writers stopped: {killLoad.Describe()}");
        Step($"  of which between the kill and recovery: {killLoad.Describe(killedAt, recoveredAt)}");
        Step($"  of which after recovery: {killLoad.Describe(recoveredAt)}");
        AssertWritesResolved(killLoad);

        await AssertMembersReadBackAsync(killLoad.Members, survivors, "after the kill");
        killLoad.ApplyTo(expected);
        await AssertAllRollupsAsync(survivors, expected, organizations, "after the kill, at rest");

        // 3. A fourth silo joins while writers write.
        var joinLoad = new WriteLoad("j", Writers, live.Targets, grids, counted[400..800], _clock);
        joinLoad.Start();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var joining = _clock.Elapsed;
        var silo4 = await StartSiloAsync("silo-4");
        var joined = _clock.Elapsed;
        silo4.Authorize(_token);
        live.Add(silo4);
        Step($"{silo4.Name} joined under load, ready {Seconds(joined - joining)} after it was started (pid {silo4.Silo.Process.Id}); writes meanwhile: {joinLoad.Describe(joining, joined)}");
        await WaitUntilAsync(() => joinLoad.AcknowledgedThrough(silo4.Name) >= 20, TimeSpan.FromSeconds(60), $"20 writes acknowledged through {silo4.Name}");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await joinLoad.StopAsync(Drain);
        Step($"writers stopped: {joinLoad.Describe()}");
        AssertWritesResolved(joinLoad);

        var members = new Dictionary<string, MemberExpectation>(killLoad.Members, StringComparer.Ordinal);
        foreach (var (memberId, member) in joinLoad.Members)
        {
            members[memberId] = member;
        }

        var cluster = live.Endpoints;
        await AssertMembersReadBackAsync(members, cluster, $"after {silo4.Name} joined (every acknowledged write of both loads)");
        joinLoad.ApplyTo(expected);
        await AssertAllRollupsAsync([silo4], expected, organizations, $"through {silo4.Name}, at rest");
        await AssertMembershipAsync(cluster, dead: [victim], "at the end");
    }

    [Fact]
    public async Task A_frontend_process_answers_the_api_through_the_gateways_it_finds_in_the_membership_table()
    {
        _database = await postgres.Server.CreateDatabaseAsync("frontend");

        // Both at once, as a deployment starts them: the frontend waits for a gateway to appear.
        var starting = StartSiloAsync("silo");
        var frontendStarting = StartFrontendAsync("frontend");
        await Task.WhenAll(starting, frontendStarting);
        var (silo, frontend) = (await starting, await frontendStarting);
        Step($"{silo.Name} ready at {silo.Silo.BaseAddress} (pid {silo.Silo.Process.Id}); {frontend.Name} ready at {frontend.Silo.BaseAddress} (pid {frontend.Silo.Process.Id})");

        // Ready, naming the silo that answered; and no silo itself: the membership table lists only the silo.
        var siloReady = await _http.GetStringAsync(new Uri(silo.Silo.BaseAddress, "/health/ready"));
        var frontendReady = await _http.GetStringAsync(new Uri(frontend.Silo.BaseAddress, "/health/ready"));
        Step($"/health/ready: {silo.Name} {siloReady}; {frontend.Name} {frontendReady}");
        Assert.Equal(JsonField(siloReady, "silo"), JsonField(frontendReady, "silo"));
        Assert.Equal("ready", JsonField(frontendReady, "status"));
        await AssertMembershipAsync([silo], dead: [], "with a silo and a frontend");

        // A dev token from the frontend is good at the silo too: one signing key.
        var api = frontend.Reads;
        _token = await api.CreateDevTokenAsync(new DevTokenRequest("frontend-admin", [Roles.Admin]));
        frontend.Authorize(_token);
        silo.Authorize(_token);

        Assert.Equal(PutOutcome.Created, await api.PutOrganizationAsync("fe-district", new PutOrganizationRequest("前端区", OrganizationKinds.District, null)));
        Assert.Equal(PutOutcome.Created, await api.PutOrganizationAsync("fe-grid", new PutOrganizationRequest("前端网格", OrganizationKinds.Grid, "fe-district")));
        Assert.Equal(PutOutcome.Updated, await api.PutOrganizationAsync("fe-grid", new PutOrganizationRequest("前端一网格", OrganizationKinds.Grid, "fe-district")));
        Assert.Equal(PutOutcome.Created, await api.PutMemberAsync("fe-m-1", new PutMemberRequest("周八", MemberStatuses.Full, MemberCategories.InService, "fe-grid", ResidenceGridId: "fe-grid")));
        await api.ReportInAsync("fe-m-1", "fe-grid");

        var district = await api.GetOrganizationAsync("fe-district");
        Assert.Equal(new[] { "fe-grid" }, district.ChildIds);
        var grid = await api.GetOrganizationAsync("fe-grid");
        Assert.Equal(("前端一网格", OrganizationKinds.Grid, "fe-district"), (grid.Name, grid.Kind, grid.ParentId));
        var member = await api.GetMemberAsync("fe-m-1");
        Assert.Equal((MemberStatuses.Full, "fe-grid", "fe-grid"), (member.Status, member.OrgId, member.ReportedIn?.GridId));

        // Written through the frontend, read at the silo: one cluster.
        var atSilo = await silo.Reads.GetMemberAsync("fe-m-1");
        Assert.Equal((member.Name, member.Status, member.OrgId, member.ReportedIn), (atSilo.Name, atSilo.Status, atSilo.OrgId, atSilo.ReportedIn));

        // The roll-up, then its stream through the frontend while a change goes in at the silo.
        var expected = new RollupFigures(Orgs: 2, Members: 1, ReportedHere: 1);
        await WaitForRollupAsync(api, "fe-district", expected, "through the frontend");
        using var watching = new CancellationTokenSource(RollupsSettle);
        await using var events = api.WatchRollupAsync("fe-district", watching.Token).GetAsyncEnumerator(watching.Token);
        Assert.True(await events.MoveNextAsync(), "The roll-up stream through the frontend ended before its first event.");
        Assert.Equal(expected, RollupFigures.Of(events.Current));
        var first = events.Current.Version;
        await silo.Reads.PutMemberAsync("fe-m-2", new PutMemberRequest("吴九", MemberStatuses.Probationary, MemberCategories.Retired, "fe-grid"));
        var changed = expected with { Members = 2 };
        while (RollupFigures.Of(events.Current) != changed)
        {
            Assert.True(await events.MoveNextAsync(), $"The roll-up stream through the frontend ended before it showed {changed}.");
        }

        Assert.True(events.Current.Version > first, "A changed roll-up carries a newer version.");
        Step($"the stream through {frontend.Name} showed the member put at {silo.Name}: v{events.Current.Version} {RollupFigures.Of(events.Current)}");
        await watching.CancelAsync();

        // The CLI through the frontend.
        var cli = await RunCliAsync(CliAnswers, "rollup", "fe-district", "--url", frontend.Silo.BaseAddress.ToString(), "--token", _token);
        Assert.True(cli.ExitCode == 0, $"partyactors rollup through the frontend exited with {cli.ExitCode}:\n{cli.Transcript}");
        Assert.Matches(@"(?m)^members\s+2\s*$", cli.StandardOutput);

        // A problem comes through unchanged: 404 with its code.
        var missing = await Assert.ThrowsAsync<PartyActorsApiException>(() => api.GetOrganizationAsync("fe-nowhere"));
        Assert.Equal((System.Net.HttpStatusCode.NotFound, "org-not-found"), (missing.StatusCode, WriteLoad.CodeOf(missing)));
        var refused = await Assert.ThrowsAsync<PartyActorsApiException>(() => api.PutMemberAsync("fe-m-3", new PutMemberRequest("郑十", MemberStatuses.Full, MemberCategories.Retired, "fe-nowhere")));
        Step($"problems through {frontend.Name}: {(int)missing.StatusCode} {WriteLoad.CodeOf(missing)}; {(int)refused.StatusCode} {WriteLoad.CodeOf(refused)}");
        Assert.True((int)refused.StatusCode is >= 400 and < 500 && WriteLoad.CodeOf(refused) == "org-not-found",
            $"A member put in an organization that does not exist should be refused with org-not-found, not {(int)refused.StatusCode} {WriteLoad.CodeOf(refused)}.");
    }

    public Task DisposeAsync() => DisposeAsyncCore();

    /// <summary>
    /// The CLI's <c>watch</c> on <paramref name="watched"/> while a member joins the grid, reports in
    /// and leaves through <paramref name="writer"/>: each change must show as a line of its own.
    /// </summary>
    private async Task WatchChangesAsync(Endpoint watched, Endpoint writer, ExpectedRollups expected, string street, string grid)
    {
        var before = expected.For(street);
        var watch = Track(ChildProcess.StartDotnet("watch", BuiltAssemblies.Cli, ["watch", street, "--url", watched.Silo.BaseAddress.ToString(), "--token", _token!]));
        await watch.WaitForLineAsync(line => EndToEndChecks.Shows(line, RollupMetrics.Members, before[1]), $"the street's current {RollupMetrics.Members}={before[1]}", CliAnswers);

        const string Joiner = "cl-watch-1";
        var changes = new (string What, Func<Task> Write, Action Expect)[]
        {
            ($"{Joiner} joins {grid}",
                () => writer.Reads.PutMemberAsync(Joiner, new PutMemberRequest("孙七", MemberStatuses.Full, MemberCategories.InService, grid, ResidenceGridId: grid)),
                () => expected.Put(Joiner, MemberStatus.Full, MemberCategory.InService, grid)),
            ($"{Joiner} reports in to {grid}", () => writer.Reads.ReportInAsync(Joiner, grid), () => expected.ReportIn(Joiner, grid)),
            ($"{Joiner} leaves", () => writer.Reads.DeleteMemberAsync(Joiner), () => expected.Remove(Joiner)),
        };
        foreach (var (what, write, expect) in changes)
        {
            var seenSoFar = watch.StandardOutputLines;
            await write();
            expect();
            var now = expected.For(street);
            var seen = await watch.WaitForLineAsync(
                line => EndToEndChecks.Shows(line, RollupMetrics.Members, now[1]) && EndToEndChecks.Shows(line, RollupMetrics.ReportedHere, now[5]),
                $"{RollupMetrics.Members}={now[1]} and {RollupMetrics.ReportedHere}={now[5]} after {what}", RollupsSettle, skip: seenSoFar);
            Step($"watch on {watched.Name} showed '{what}' (written through {writer.Name}): {seen}");
        }

        await watch.KillAsync();
    }

    /// <summary>
    /// From the kill: when the membership table marks the silo suspected and dead, and when every
    /// member of <paramref name="sample"/> (activated before the kill, on whichever silo) has answered a
    /// read through a survivor. Each member is read again 200 ms after each failure, at most 32 reads
    /// in flight; a read that does not answer within 5 s counts as no answer yet.
    /// </summary>
    private async Task<Recovery> MeasureRecoveryAsync(Endpoint victim, IReadOnlyList<Endpoint> survivors, IReadOnlyList<string> sample, TimeSpan killedAt)
    {
        var membership = WatchMembershipAsync(victim.Silo.Ports!.Silo, killedAt);
        var lastError = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var answeredAt = new ConcurrentDictionary<string, TimeSpan>(StringComparer.Ordinal);
        var reads = 0;
        using var gate = new SemaphoreSlim(32);
        await Task.WhenAll(sample.Select(async (memberId, index) =>
        {
            for (var attempt = 0; _clock.Elapsed - killedAt < RecoveryBound + TimeSpan.FromSeconds(30); attempt++)
            {
                var target = survivors[(index + attempt) % survivors.Count];
                await gate.WaitAsync();
                try
                {
                    Interlocked.Increment(ref reads);
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await target.Writes.GetMemberAsync(memberId, timeout.Token);
                    answeredAt[memberId] = _clock.Elapsed - killedAt;
                    return;
                }
                catch (Exception e) when (e is PartyActorsApiException or HttpRequestException or OperationCanceledException)
                {
                    lastError[memberId] = $"{WriteLoad.Reason(e)} via {target.Name}";
                }
                finally
                {
                    gate.Release();
                }

                await Task.Delay(200);
            }
        }));

        var (suspected, dead, status) = await membership;
        var slowest = answeredAt.IsEmpty ? default : answeredAt.MaxBy(a => a.Value);
        var recovery = new Recovery(
            sample.Count,
            lastError.Count,
            answeredAt.IsEmpty ? TimeSpan.Zero : slowest.Value,
            slowest.Key,
            [.. sample.Where(id => !answeredAt.ContainsKey(id)).Select(id => $"{id}: {lastError.GetValueOrDefault(id)}")],
            suspected,
            dead,
            status,
            reads);
        var errors = string.Join("; ", lastError.Values.GroupBy(e => e.Split(" via ")[0]).Select(g => $"{g.Count()}× {g.Key}"));
        Step($"recovery from the kill of {victim.Name}: suspected in the membership table {Seconds(suspected)}, dead {Seconds(dead)}; "
            + $"all {sample.Count} sampled members answered through the survivors {Seconds(recovery.AllAnswered)} (slowest {recovery.Slowest}); "
            + $"{lastError.Count} of them failed at least once (last failures: {errors}); {reads} reads");
        return recovery;
    }

    /// <summary>Polls the victim's row of <c>orleans_membership</c> (status 3 active, 6 dead) until it is dead or a minute and a half has passed.</summary>
    private async Task<(TimeSpan? Suspected, TimeSpan? Dead, int Status)> WatchMembershipAsync(int siloPort, TimeSpan killedAt)
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        TimeSpan? suspected = null;
        var status = -1;
        while (_clock.Elapsed - killedAt < RecoveryBound + TimeSpan.FromSeconds(30))
        {
            await using var command = new NpgsqlCommand(
                "select status, coalesce(suspect_times, '') from orleans_membership where port = @port order by generation desc limit 1", connection);
            command.Parameters.AddWithValue("port", siloPort);
            await using (var reader = await command.ExecuteReaderAsync())
            {
                if (await reader.ReadAsync())
                {
                    status = reader.GetInt32(0);
                    if (suspected is null && reader.GetString(1).Length > 0)
                    {
                        suspected = _clock.Elapsed - killedAt;
                    }
                }
            }

            if (status == 6)
            {
                return (suspected, _clock.Elapsed - killedAt, status);
            }

            await Task.Delay(100);
        }

        return (suspected, null, status);
    }

    /// <summary>Appends the figures to <c>TestResults/cluster-recovery.txt</c> next to the test assembly, for docs/benchmarks.md to cite.</summary>
    private void RecordRecovery(Endpoint victim, long victimActivations, Recovery recovery, WriteLoad load, TimeSpan killedAt, TimeSpan recoveredAt)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "cluster-recovery.txt");
        var outage = load.Describe(killedAt, recoveredAt);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ} cores={Environment.ProcessorCount} silos=3 killed={victim.Name} (SIGKILL, {victimActivations} member activations) "
            + $"suspected={Seconds(recovery.Suspected)} dead-in-membership={Seconds(recovery.Dead)} "
            + $"all-sampled-grains-answer={Seconds(recovery.AllAnswered)} (sample {recovery.Sample}, {recovery.Affected} failed at least once) "
            + $"writers={Writers} writes-during-outage: {outage}");
        File.AppendAllText(path, line + Environment.NewLine);
        Step($"recorded in {path}: {line}");
    }

    /// <summary>Reads each member back (spread over <paramref name="through"/>) and compares it with its last acknowledged write.</summary>
    private async Task AssertMembersReadBackAsync(IReadOnlyDictionary<string, MemberExpectation> members, IReadOnlyList<Endpoint> through, string when)
    {
        var clock = Stopwatch.StartNew();
        var wrong = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(members.Select((m, i) => (m.Key, m.Value, i)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, _) =>
        {
            var endpoint = through[item.i % through.Count];
            var member = await endpoint.Reads.GetMemberAsync(item.Key);
            var read = new MemberExpectation(member.Status, member.OrgId, member.ReportedIn?.GridId);
            if (read != item.Value)
            {
                wrong.Add($"{item.Key} through {endpoint.Name}: acknowledged {item.Value}, read {read}");
            }
        });
        Assert.True(wrong.IsEmpty, $"{wrong.Count} of {members.Count} members {when} do not read as their last acknowledged write (at most 30 shown):\n{string.Join('\n', wrong.Take(30))}");
        Step($"all {members.Count} members written read back as acknowledged {when} ({clock.ElapsedMilliseconds} ms, through {string.Join(", ", through.Select(e => e.Name))})");
    }

    private Task AssertAllRollupsAsync(IReadOnlyList<Endpoint> through, ExpectedRollups expected, IReadOnlyList<string> organizations, string when) =>
        EndToEndChecks.AssertRollupsSettleAsync(
            (orgId, attempt) => through[attempt % through.Count].Reads.GetRollupAsync(orgId),
            expected, organizations, when, RollupsSettle, Step, parallelism: 8);

    private static void AssertWritesResolved(WriteLoad load)
    {
        Assert.True(load.Refused.Count == 0, $"{load.Refused.Count} writes were refused (4xx), which no grid worker's write should be (at most 20 shown):\n{string.Join('\n', load.Refused.Take(20))}");
        var errors = load.Failed.Where(w => w.Failure?.StartsWith("500", StringComparison.Ordinal) == true).ToList();
        Assert.True(errors.Count == 0, $"{errors.Count} writes were answered 500: a silo that cannot be reached is a 503 with Retry-After (at most 20 shown):\n{string.Join('\n', errors.Take(20))}");
        Assert.True(load.Abandoned.Count == 0, $"{load.Abandoned.Count} writes were still failing {Drain.TotalSeconds:F0} s after the writers were told to stop (at most 20 shown):\n{string.Join('\n', load.Abandoned.Take(20))}");
    }

    /// <summary>The membership table: each of <paramref name="active"/> active (3), each of <paramref name="dead"/> dead (6).</summary>
    private async Task AssertMembershipAsync(IReadOnlyList<Endpoint> active, IReadOnlyList<Endpoint> dead, string when)
    {
        var rows = new List<(int Port, int Generation, int Status)>();
        await using (var connection = new NpgsqlConnection(_database))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select port, generation, status from orleans_membership order by port, generation", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2)));
            }
        }

        var described = string.Join(", ", rows.Select(r => $"port {r.Port} gen {r.Generation}: {r.Status}"));
        int StatusOf(Endpoint e) => rows.Where(r => r.Port == e.Silo.Ports!.Silo).Select(r => r.Status).LastOrDefault(-1);
        Assert.True(active.All(e => StatusOf(e) == 3) && dead.All(e => StatusOf(e) == 6) && rows.Count == active.Count + dead.Count,
            $"The membership table {when} should list {string.Join(", ", active.Select(e => $"{e.Name} (port {e.Silo.Ports!.Silo})"))} active (3)"
            + $"{string.Concat(dead.Select(e => $" and {e.Name} (port {e.Silo.Ports!.Silo}) dead (6)"))} and nothing else; it lists {described}");
        Step($"membership table {when}: {described}");
    }

    /// <summary>The silo's member activations, from its Prometheus metrics (<c>orleans_catalog_activations{grain_type="member"}</c>).</summary>
    private async Task<long> MemberActivationsAsync(Endpoint endpoint)
    {
        var text = await _http.GetStringAsync(new Uri(endpoint.Silo.BaseAddress, "/metrics"));
        return text.Split('\n')
            .Where(line => line.StartsWith("orleans_catalog_activations{", StringComparison.Ordinal) && line.Contains("grain_type=\"member\"", StringComparison.Ordinal))
            .Sum(line => (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    /// <summary>Reads the roll-up until it shows <paramref name="expected"/>, or fails with the last one read.</summary>
    private async Task WaitForRollupAsync(PartyActorsClient client, string orgId, RollupFigures expected, string how)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var read = RollupFigures.Of(await client.GetRollupAsync(orgId));
            if (read == expected)
            {
                Step($"roll-up of {orgId} {how}: {read} ({clock.ElapsedMilliseconds} ms)");
                return;
            }

            Assert.True(clock.Elapsed < RollupsSettle, $"The roll-up of {orgId} {how} reads {read}, not {expected}, after {RollupsSettle.TotalSeconds:F0} s.");
            await Task.Delay(100);
        }
    }

    private static string? JsonField(string json, string name) =>
        System.Text.Json.JsonDocument.Parse(json).RootElement.TryGetProperty(name, out var value) ? value.GetString() : null;

    private async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, $"Not seen within {timeout.TotalSeconds:F0} s: {what}.");
            await Task.Delay(100);
        }

        Step($"seen after {clock.ElapsedMilliseconds} ms: {what}");
    }

    private async Task<Endpoint> StartSiloAsync(string name)
    {
        var silo = await SiloProcess.StartAsync(_database, _signingKey, SiloReady, SiloPorts.Free(), name, SiloProcess.Loopback);
        _processes.Add(silo.Process);
        return new Endpoint(silo, _http);
    }

    /// <summary>The same program as the HTTP API alone: an Orleans client finding the gateways in the membership table.</summary>
    private async Task<Endpoint> StartFrontendAsync(string name)
    {
        var environment = new Dictionary<string, string>(SiloProcess.Loopback) { ["Cluster__Role"] = "Frontend" };
        var frontend = await SiloProcess.StartAsync(_database, _signingKey, SiloReady, ports: null, name, environment);
        _processes.Add(frontend.Process);
        return new Endpoint(frontend, _http);
    }

    private async Task<ChildProcess> RunCliAsync(TimeSpan timeout, params string[] arguments)
    {
        var cli = Track(ChildProcess.StartDotnet("partyactors", BuiltAssemblies.Cli, arguments));
        await cli.WaitForExitAsync(timeout);
        return cli;
    }

    private ChildProcess Track(ChildProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private async Task DisposeAsyncCore()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        foreach (var process in _processes)
        {
            // Four silos under load and a kill say a lot: the start and the end of each, and every distinct error.
            output.WriteLine(process.Summary());
        }

        _http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private void Step(string what) => output.WriteLine($"[{_clock.Elapsed.TotalSeconds,7:F3}] {what}");

    private static string Seconds(TimeSpan? time) => time is { } t ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:F1} s") : "never";

    /// <summary>One throwaway PostgreSQL server for the class; each test makes its own database.</summary>
    public sealed class PostgresFixture : IAsyncLifetime
    {
        internal PostgresServer Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await PostgresServer.StartNewAsync();

        public async Task DisposeAsync()
        {
            if (Server is not null)
            {
                await Server.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// A process of the cluster and two clients for it: <see cref="Reads"/> retries 503s as callers
    /// do, <see cref="Writes"/> never does (the writers and the recovery probe count each attempt).
    /// </summary>
    private sealed class Endpoint(SiloProcess silo, HttpClient http)
    {
        public SiloProcess Silo { get; } = silo;

        public string Name => Silo.Name;

        public PartyActorsClient Reads { get; } = new(http, new PartyActorsClientOptions { BaseAddress = silo.BaseAddress });

        public PartyActorsClient Writes { get; } = new(http, new PartyActorsClientOptions { BaseAddress = silo.BaseAddress, MaxRetries = 0 });

        public WriteTarget Target => new(Name, Writes);

        public void Authorize(string token)
        {
            Reads.AccessToken = token;
            Writes.AccessToken = token;
        }
    }

    /// <summary>The processes a load balancer sends writes to at this moment.</summary>
    private sealed class LiveSet(IEnumerable<Endpoint> endpoints)
    {
        private readonly Lock _lock = new();
        private readonly List<Endpoint> _endpoints = [.. endpoints];

        public IReadOnlyList<Endpoint> Endpoints
        {
            get
            {
                lock (_lock)
                {
                    return [.. _endpoints];
                }
            }
        }

        public IReadOnlyList<WriteTarget> Targets() => [.. Endpoints.Select(e => e.Target)];

        public void Add(Endpoint endpoint)
        {
            lock (_lock)
            {
                _endpoints.Add(endpoint);
            }
        }

        public void Remove(Endpoint endpoint)
        {
            lock (_lock)
            {
                _endpoints.Remove(endpoint);
            }
        }
    }

    /// <summary>The figures the frontend test looks at.</summary>
    private sealed record RollupFigures(long Orgs, long Members, long ReportedHere)
    {
        public static RollupFigures Of(Client.Rollup rollup) =>
            new(rollup.Metric(RollupMetrics.Orgs), rollup.Metric(RollupMetrics.Members), rollup.Metric(RollupMetrics.ReportedHere));
    }

    private sealed record Recovery(
        int Sample,
        int Affected,
        TimeSpan AllAnswered,
        string? Slowest,
        IReadOnlyList<string> Unanswered,
        TimeSpan? Suspected,
        TimeSpan? Dead,
        int LastStatus,
        int Reads);
}
