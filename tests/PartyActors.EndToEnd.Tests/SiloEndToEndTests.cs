using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using PartyActors.Client;
using PartyActors.Grains;
using PartyActors.Grains.Demo;
using PartyActors.Storage.Postgres.Testing;
using Xunit.Abstractions;

namespace PartyActors.EndToEnd;

/// <summary>
/// Issue 5's end-to-end test: the real silo process on a real PostgreSQL server, driven only from
/// outside, over HTTP and by the real <c>partyactors</c> CLI: a district's roster pushed, roll-ups
/// read and watched, then the silo killed and started again on the same database.
/// </summary>
[Collection(RealProcesses.Collection)]
public sealed class SiloEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    // Hang guards, not timings. A start after a crash recovers the whole district (every
    // organization asks its members again) and was seen to need over 60 s before its first ready
    // answer on 2 cores shared with the other test projects (load 30-40).
    private static readonly TimeSpan SiloReady = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan RosterApplied = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan RollupsSettle = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CliAnswers = TimeSpan.FromSeconds(30);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<ChildProcess> _processes = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("pa-e2e-").FullName;
    private PostgresServer? _postgres;

    public async Task InitializeAsync() => _postgres = await PostgresServer.StartNewAsync();

    [Fact]
    public async Task A_roster_pushed_by_the_cli_gives_exact_rollups_that_stream_and_survive_killing_the_silo()
    {
        var database = await _postgres!.CreateDatabaseAsync("e2e");
        var signingKey = "base64:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var district = ErqiDistrict.Generate();
        var expected = new ExpectedRollups(district);
        var (root, street, grid) = EndToEndChecks.Places(district);
        var roster = Path.Combine(_directory, "erqi.ndjson");
        await using (var writer = new StreamWriter(roster, append: false, new UTF8Encoding(false)))
        {
            RosterWriter.WriteNdjson(district, writer);
        }

        Step($"roster written: {district.Organizations.Length + district.Members.Length:N0} lines, {new FileInfo(roster).Length / 1024:N0} KiB; district {root}, street {street}, grid {grid}");

        var ports = SiloPorts.Free();
        var silo = Track(await SiloProcess.StartAsync(database, signingKey, SiloReady, ports));
        Step($"silo ready at {silo.BaseAddress} (pid {silo.Process.Id})");
        using var http = new HttpClient();
        var client = new PartyActorsClient(http, new PartyActorsClientOptions { BaseAddress = silo.BaseAddress });
        var token = await client.CreateDevTokenAsync(new DevTokenRequest("e2e-admin", [Roles.Admin]));
        client.AccessToken = token;

        // The whole district through the CLI.
        var push = await RunCliAsync(RosterApplied, "roster", "push", roster, "--url", silo.BaseAddress.ToString(), "--token", token);
        Step("roster pushed by the CLI");
        var lines = district.Organizations.Length + district.Members.Length;
        Assert.True(push.ExitCode == 0, $"partyactors roster push exited with {push.ExitCode}, not 0:\n{push.Transcript}");
        Assert.Matches(@"batch rb-[0-9a-f]+: completed", push.StandardOutput);
        Assert.Contains($"applied   {lines}", push.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("rejected  0", push.StandardOutput, StringComparison.Ordinal);

        await AssertRollupsSettleAsync(client, expected, [root, street, grid], "after the Erqi roster");
        var cliRollup = await RunCliAsync(CliAnswers, "rollup", street, "--url", silo.BaseAddress.ToString(), "--token", token);
        Assert.True(cliRollup.ExitCode == 0, $"partyactors rollup exited with {cliRollup.ExitCode}:\n{cliRollup.Transcript}");
        Assert.Equal(expected.For(street), FiguresPrintedBy(cliRollup.StandardOutput));

        // A roster with bad lines: the good line applies, each bad one is reported with its code, exit code 2.
        var badRoster = Path.Combine(_directory, "bad.ndjson");
        await File.WriteAllTextAsync(badRoster, string.Join('\n',
            $$"""{"op":"upsert-member","id":"e2e-m-1","name":"张三","status":"full","category":"in-service","orgId":"no-such-org"}""",
            "this is not json",
            $$"""{"op":"promote","id":"e2e-m-2"}""",
            $$"""{"op":"upsert-member","id":"bad id!","name":"李四","status":"full","category":"retired","orgId":"{{grid}}"}""",
            $$"""{"op":"upsert-member","id":"e2e-m-3","name":"王五","status":"probationary","category":"retired","orgId":"{{grid}}"}""") + "\n");
        var bad = await RunCliAsync(RosterApplied, "roster", "push", badRoster, "--url", silo.BaseAddress.ToString(), "--token", token);
        Step("roster with bad lines pushed by the CLI");
        Assert.True(bad.ExitCode == 2, $"partyactors roster push of bad lines exited with {bad.ExitCode}, not 2:\n{bad.Transcript}");
        Assert.Contains("applied   1", bad.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("rejected  4", bad.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("line 1: org-not-found:", bad.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("line 2: malformed-line:", bad.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("line 3: unknown-op:", bad.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("line 4: invalid-id:", bad.StandardOutput, StringComparison.Ordinal);
        expected.Put("e2e-m-3", MemberStatus.Probationary, MemberCategory.Retired, grid);
        await AssertRollupsSettleAsync(client, expected, [root, street, grid], "after the roster with bad lines");

        // Watch the street while a member joins its grid and reports in there.
        var before = expected.For(street);
        var watch = Track(ChildProcess.StartDotnet("watch", BuiltAssemblies.Cli, ["watch", street, "--url", silo.BaseAddress.ToString(), "--token", token]));
        await watch.WaitForLineAsync(line => EndToEndChecks.Shows(line, RollupMetrics.Members, before[1]), $"the street's current {RollupMetrics.Members}={before[1]}", CliAnswers);
        await client.PutMemberAsync("e2e-m-4", new PutMemberRequest("赵六", "full", "in-service", grid, ResidenceGridId: grid));
        await client.ReportInAsync("e2e-m-4", grid);
        expected.Put("e2e-m-4", MemberStatus.Full, MemberCategory.InService, grid);
        expected.ReportIn("e2e-m-4", grid);
        var after = expected.For(street);
        var seen = await watch.WaitForLineAsync(
            line => EndToEndChecks.Shows(line, RollupMetrics.Members, after[1]) && EndToEndChecks.Shows(line, RollupMetrics.ReportedHere, after[5]),
            $"{RollupMetrics.Members}={after[1]} and {RollupMetrics.ReportedHere}={after[5]}", RollupsSettle);
        Step($"watch showed the change: {seen}");
        await watch.KillAsync();
        await AssertRollupsSettleAsync(client, expected, [root, street, grid], "after a member joined and reported in");

        // A member leaves, and the silo is killed as soon as the leaving is acknowledged.
        var leaver = district.Members.First(m => m.Profile.OrgId == grid && m.Profile.Status.IsCounted()).Id;
        await client.DeleteMemberAsync(leaver);
        expected.Remove(leaver);
        await silo.CrashAsync();
        Step($"silo killed (SIGKILL) right after {leaver} left");

        silo = Track(await SiloProcess.StartAsync(database, signingKey, SiloReady, ports, name: "silo-2"));
        Step($"silo started again at {silo.BaseAddress} (pid {silo.Process.Id})");
        client = new PartyActorsClient(http, new PartyActorsClientOptions { BaseAddress = silo.BaseAddress, AccessToken = token });
        await AssertRollupsSettleAsync(client, expected, [root, street, grid], "after the kill and restart");
        var departed = await client.GetMemberAsync(leaver);
        Assert.Equal("left", departed.Status);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
            output.WriteLine(process.Summary());
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The figures of <see cref="ExpectedRollups.Metrics"/> in the two columns <c>partyactors rollup</c> prints.</summary>
    private static long[] FiguresPrintedBy(string text)
    {
        var printed = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries))
            .Where(cells => cells.Length == 2)
            .ToDictionary(cells => cells[0], cells => cells[1].Trim(), StringComparer.Ordinal);
        return [.. ExpectedRollups.Metrics.Select(name => printed.TryGetValue(name, out var value) ? long.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 0)];
    }

    private Task AssertRollupsSettleAsync(PartyActorsClient client, ExpectedRollups expected, string[] orgIds, string when) =>
        EndToEndChecks.AssertRollupsSettleAsync((orgId, _) => client.GetRollupAsync(orgId), expected, orgIds, when, RollupsSettle, Step);

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

    private SiloProcess Track(SiloProcess silo)
    {
        _processes.Add(silo.Process);
        return silo;
    }

    private void Step(string what) => output.WriteLine($"[{_clock.Elapsed.TotalSeconds,7:F3}] {what}");
}
