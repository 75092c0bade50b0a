using System.Globalization;

namespace PartyActors.Grains.Tests.Roster;

/// <summary>
/// The roster lines an integration job pushes for report-ins (双报到) and commitments (承诺):
/// <c>report-in</c>, <c>withdraw-report-in</c> and <c>upsert-commitment</c> (docs/roster.md).
/// The tree: d → s1 → c1 → g1, g2 and d → s2 → c2 → g3. m1 belongs to g1 and lives in g2; m2
/// belongs to c2 and lives in g1; m3 belongs to c2 and lives in g3; m4 has left.
/// </summary>
public sealed class RosterReportInAndCommitmentTests
{
    private static readonly string Seed = string.Join('\n',
        """{"op":"upsert-org","id":"d","name":"区委","kind":"district"}""",
        """{"op":"upsert-org","id":"s1","name":"街道一","kind":"street","parentId":"d"}""",
        """{"op":"upsert-org","id":"c1","name":"社区一","kind":"community","parentId":"s1"}""",
        """{"op":"upsert-org","id":"g1","name":"网格一","kind":"grid","parentId":"c1"}""",
        """{"op":"upsert-org","id":"g2","name":"网格二","kind":"grid","parentId":"c1"}""",
        """{"op":"upsert-org","id":"s2","name":"街道二","kind":"street","parentId":"d"}""",
        """{"op":"upsert-org","id":"c2","name":"社区二","kind":"community","parentId":"s2"}""",
        """{"op":"upsert-org","id":"g3","name":"网格三","kind":"grid","parentId":"c2"}""",
        """{"op":"upsert-member","id":"m1","name":"王芳","status":"full","category":"in-service","orgId":"g1","residenceGridId":"g2"}""",
        """{"op":"upsert-member","id":"m2","name":"李强","status":"full","category":"in-service","orgId":"c2","residenceGridId":"g1"}""",
        """{"op":"upsert-member","id":"m3","name":"张伟","status":"full","category":"in-service","orgId":"c2","residenceGridId":"g3"}""",
        """{"op":"upsert-member","id":"m4","name":"赵敏","status":"left","category":"retired","orgId":"c1"}""");

    /// <summary>A due date a month ahead, in China Standard Time (a commitment must be due today or later).</summary>
    private static readonly string DueOn = CommitmentRules.Today(DateTimeOffset.UtcNow).AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static readonly RosterCaller StreetJob = new("s1-job", ["integration"], "s1");

    private static string Commitment(string key, string owner, string extra = "", string target = "10", string? dueOn = null) =>
        $$"""{"op":"upsert-commitment","id":"{{key}}",{{owner}},"title":"为社区老人义务理发","target":{{target}},"unit":"次","dueOn":"{{dueOn ?? DueOn}}"{{extra}}}""";

    private static ICommitmentGrain CommitmentOf(RosterHarness harness, CommitmentOwnerKind kind, string ownerId, string key) =>
        harness.Factory.GetGrain<ICommitmentGrain>(CommitmentImport.IdFor(new CommitmentOwner(kind, ownerId), key));

    private static async Task<RosterHarness> SeededAsync(Action<ISiloBuilder>? silo = null)
    {
        var harness = await RosterHarness.StartAsync(silo: silo);
        var seeded = await harness.ImportAsync(Seed, key: "seed");
        Assert.Empty(seeded.Errors);
        return harness;
    }

    /// <summary>The roll-up oracle of the seeded tree, with report-ins as given.</summary>
    private static RollupModel Model(string? m1Grid, string? m2Grid, string? m3Grid)
    {
        var model = new RollupModel();
        foreach (var (id, parent, kind) in new (string, string?, OrganizationKind)[]
        {
            ("d", null, OrganizationKind.District), ("s1", "d", OrganizationKind.Street), ("c1", "s1", OrganizationKind.Community),
            ("g1", "c1", OrganizationKind.Grid), ("g2", "c1", OrganizationKind.Grid), ("s2", "d", OrganizationKind.Street),
            ("c2", "s2", OrganizationKind.Community), ("g3", "c2", OrganizationKind.Grid),
        })
        {
            model.Orgs[id] = (parent, kind);
        }

        model.Members["m1"] = new ModelMember(MemberStatus.Full, MemberCategory.InService, "g1", "g2", m1Grid);
        model.Members["m2"] = new ModelMember(MemberStatus.Full, MemberCategory.InService, "c2", "g1", m2Grid);
        model.Members["m3"] = new ModelMember(MemberStatus.Full, MemberCategory.InService, "c2", "g3", m3Grid);
        model.Members["m4"] = new ModelMember(MemberStatus.Left, MemberCategory.Retired, "c1", null, null);
        return model;
    }

    [Fact]
    public async Task Report_ins_and_commitments_apply_count_in_the_roll_ups_and_change_nothing_when_applied_again()
    {
        await using var harness = await SeededAsync();
        var lines = string.Join('\n',
            """{"op":"report-in","memberId":"m1","gridId":"g2"}""",
            """{"op":"report-in","memberId":"m3","gridId":"g3"}""",
            """{"op":"withdraw-report-in","memberId":"m3"}""",
            """{"op":"withdraw-report-in","memberId":"m2"}""",
            Commitment("k1", "\"memberId\":\"m1\"", ",\"progress\":4"),
            Commitment("k2", "\"orgId\":\"c1\"", ",\"status\":\"done\""),
            Commitment("k1", "\"memberId\":\"m1\"", ",\"progress\":6,\"status\":\"done\""),
            Commitment("k3", "\"memberId\":\"m2\"", ",\"status\":\"open\""));

        var first = await harness.ImportAsync(lines, key: "first");
        Assert.Empty(first.Errors);
        Assert.Equal((8, 8), (first.Total, first.Applied));

        var reported = (await harness.Domain.Member("m1").GetDetails())!.ReportedIn;
        Assert.Equal(("c1", "g2"), (reported?.CommunityId, reported?.GridId));
        Assert.Null((await harness.Domain.Member("m3").GetDetails())!.ReportedIn);
        var k1 = (await CommitmentOf(harness, CommitmentOwnerKind.Member, "m1", "k1").GetDetails())!;
        Assert.Equal((CommitmentStatus.Done, 6m, "k1", "g1"), (k1.Status, k1.Progress, k1.Key, k1.OrgId));
        Assert.Equal([4m, 2m], k1.Entries.Select(e => e.Amount));
        Assert.All(k1.Entries, e => Assert.Equal(RosterHarness.Admin.Subject, e.By));
        Assert.Equal(CommitmentStatus.Done, (await CommitmentOf(harness, CommitmentOwnerKind.Org, "c1", "k2").GetDetails())!.Status);
        Assert.Equal("c2", (await CommitmentOf(harness, CommitmentOwnerKind.Member, "m2", "k3").GetDetails())!.OrgId);

        // The same lines again (a nightly push, or a batch resumed after a crash): all applied, nothing new.
        var again = await harness.ImportAsync(lines, key: "again");
        Assert.Empty(again.Errors);
        Assert.Equal((8, 8), (again.Total, again.Applied));
        Assert.Equal(reported, (await harness.Domain.Member("m1").GetDetails())!.ReportedIn);
        var k1Again = (await CommitmentOf(harness, CommitmentOwnerKind.Member, "m1", "k1").GetDetails())!;
        Assert.Equal((k1.Progress, k1.CompletedAt, k1.Entries.Length), (k1Again.Progress, k1Again.CompletedAt, k1Again.Entries.Length));
        Assert.Single(await harness.Domain.Org("g1").GetSourceIds(SourceKind.Commitment));
        Assert.Single(await harness.Domain.Org("c1").GetSourceIds(SourceKind.Commitment));

        var model = Model(m1Grid: "g2", m2Grid: null, m3Grid: null);
        model.Commitments["k1"] = new ModelCommitment("g1", "m1", CommitmentStatus.Done, default);
        model.Commitments["k2"] = new ModelCommitment("c1", null, CommitmentStatus.Done, default);
        model.Commitments["k3"] = new ModelCommitment("c2", "m2", CommitmentStatus.Open, default);
        await harness.Domain.AssertExactAsync(model);
        var district = (await harness.Domain.Org("d").GetRollup()).Metrics;
        Assert.Equal((1, 2, 1, 1), (district[Metric.CommitmentsOpen], district[Metric.CommitmentsDone], district[Metric.ReportedIn], district[Metric.ReportedHere]));
    }

    [Fact]
    public async Task Bad_lines_are_rejected_with_their_code_and_field()
    {
        await using var harness = await SeededAsync();
        var yesterday = CommitmentRules.Today(DateTimeOffset.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var progress = await harness.ImportAsync(string.Join('\n',
            Commitment("k1", "\"memberId\":\"m1\"", ",\"progress\":6,\"status\":\"done\""),
            """{"op":"report-in","memberId":"m1"}""",
            """{"op":"report-in","memberId":"bad id","gridId":"g1"}""",
            """{"op":"report-in","memberId":"m1","gridId":"c1"}""",
            """{"op":"report-in","memberId":"m1","gridId":"nowhere"}""",
            """{"op":"report-in","memberId":"m404","gridId":"g1"}""",
            """{"op":"report-in","memberId":"m4","gridId":"g1"}""",
            """{"op":"withdraw-report-in","id":"m1"}""",
            """{"op":"withdraw-report-in","memberId":"m404"}""",
            Commitment("k2", "\"title\":\"x\""),
            Commitment("k2", "\"memberId\":\"m1\",\"orgId\":\"c1\""),
            Commitment("k2", "\"memberId\":\"m1\"", target: "\"ten\""),
            Commitment("k2", "\"memberId\":\"m1\"", target: "0"),
            Commitment("k2", "\"memberId\":\"m1\"", dueOn: "2026/12/01"),
            Commitment("k2", "\"memberId\":\"m1\"", dueOn: yesterday),
            Commitment("k2", "\"memberId\":\"m1\"", ",\"status\":\"overdue\""),
            Commitment("k2", "\"memberId\":\"m1\"", ",\"progress\":-1"),
            Commitment("k1", "\"memberId\":\"m1\"", target: "12"),
            Commitment("k1", "\"memberId\":\"m1\"", ",\"progress\":8"),
            Commitment("k2", "\"orgId\":\"nowhere\""),
            Commitment("k2", "\"memberId\":\"m404\""),
            Commitment("k2", "\"memberId\":\"m4\""),
            """{"op":"report-out","memberId":"m1","gridId":"g1"}"""), key: "bad");

        Assert.Equal(
            [
                "2:invalid-field:gridId", "3:invalid-id:memberId", "4:not-a-grid:gridId", "5:grid-not-found:gridId", "6:member-not-found:memberId",
                "7:member-left:memberId", "8:invalid-field:memberId", "9:member-not-found:memberId", "10:invalid-field:memberId",
                "11:invalid-field:orgId", "12:invalid-field:target", "13:invalid-field:target", "14:invalid-field:dueOn", "15:invalid-field:dueOn",
                "16:invalid-field:status", "17:invalid-field:progress", "18:commitment-changed:target", "19:commitment-done:progress",
                "20:org-not-found:orgId", "21:member-not-found:memberId", "22:member-left:memberId", "23:unknown-op:op",
            ],
            progress.Errors.Select(e => $"{e.Line}:{e.Code}:{e.Field}"));
        Assert.Equal((23, 1), (progress.Total, progress.Applied));
        Assert.All(progress.Errors.Where(e => e.Code == RosterErrors.InvalidField), e => Assert.Contains($"'{e.Field}'", e.Message, StringComparison.Ordinal));
        Assert.Contains("report-in", progress.Errors[^1].Message, StringComparison.Ordinal);
        Assert.Null((await harness.Domain.Member("m1").GetDetails())!.ReportedIn);
        Assert.Equal(6m, (await CommitmentOf(harness, CommitmentOwnerKind.Member, "m1", "k1").GetDetails())!.Progress);
        Assert.Null(await CommitmentOf(harness, CommitmentOwnerKind.Member, "m1", "k2").GetDetails());
    }

    [Fact]
    public async Task A_caller_scoped_to_a_street_reports_in_and_commits_only_within_it()
    {
        await using var harness = await SeededAsync();
        var progress = await harness.ImportAsync(string.Join('\n',
            """{"op":"report-in","memberId":"m1","gridId":"g3"}""",
            """{"op":"report-in","memberId":"m3","gridId":"g1"}""",
            """{"op":"report-in","memberId":"m2","gridId":"g1"}""",
            """{"op":"withdraw-report-in","memberId":"m3"}""",
            """{"op":"withdraw-report-in","memberId":"m2"}""",
            Commitment("k1", "\"memberId\":\"m3\""),
            Commitment("k1", "\"orgId\":\"c2\""),
            Commitment("k1", "\"orgId\":\"c1\""),
            Commitment("k1", "\"memberId\":\"m2\""),
            """{"op":"report-in","memberId":"m2","gridId":"g2"}"""), key: "street", caller: StreetJob);

        Assert.Equal(
            ["1:out-of-scope:gridId", "2:out-of-scope:memberId", "4:out-of-scope:memberId", "6:out-of-scope:memberId", "7:out-of-scope:orgId"],
            progress.Errors.Select(e => $"{e.Line}:{e.Code}:{e.Field}"));
        Assert.Equal((10, 5), (progress.Total, progress.Applied));

        // m2 belongs to c2, outside, but lives in g1: the street reaches it, as the API does.
        Assert.Equal("g2", (await harness.Domain.Member("m2").GetDetails())!.ReportedIn?.GridId);
        Assert.Null((await harness.Domain.Member("m1").GetDetails())!.ReportedIn);
        Assert.Null((await harness.Domain.Member("m3").GetDetails())!.ReportedIn);
        Assert.Null(await CommitmentOf(harness, CommitmentOwnerKind.Member, "m3", "k1").GetDetails());
        Assert.Null(await CommitmentOf(harness, CommitmentOwnerKind.Org, "c2", "k1").GetDetails());
        Assert.NotNull(await CommitmentOf(harness, CommitmentOwnerKind.Org, "c1", "k1").GetDetails());
        Assert.Equal("c2", (await CommitmentOf(harness, CommitmentOwnerKind.Member, "m2", "k1").GetDetails())!.OrgId);
        var model = Model(m1Grid: null, m2Grid: "g2", m3Grid: null);
        model.Commitments["c1/k1"] = new ModelCommitment("c1", null, CommitmentStatus.Open, default);
        model.Commitments["m2/k1"] = new ModelCommitment("c2", "m2", CommitmentStatus.Open, default);
        await harness.Domain.AssertExactAsync(model);
    }

    [Fact]
    public async Task Lines_applied_again_after_a_crash_report_in_and_commit_once()
    {
        // Holds the batch's last line, so the crash finds the others applied and not yet checkpointed.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = 0;
        await using var harness = await SeededAsync(silo => silo.AddIncomingGrainCallFilter(async call =>
        {
            if (!gate.Task.IsCompleted && call.MethodName == nameof(IMemberGrain.SetProfile) && call.TargetId.Key.ToString() == "hold")
            {
                Interlocked.Increment(ref held);
                await gate.Task;
            }

            await call.Invoke();
        }));
        var pushed = await harness.PushAsync(string.Join('\n',
            """{"op":"report-in","memberId":"m1","gridId":"g2"}""",
            Commitment("k1", "\"memberId\":\"m1\"", ",\"progress\":4"),
            """{"op":"report-in","memberId":"m3","gridId":"g3"}""",
            Commitment("k1", "\"memberId\":\"m1\"", ",\"progress\":6,\"status\":\"done\""),
            """{"op":"withdraw-report-in","memberId":"m3"}""",
            Commitment("k2", "\"orgId\":\"c1\"", ",\"progress\":1"),
            """{"op":"upsert-member","id":"hold","name":"最后","status":"full","category":"retired","orgId":"c1"}"""), key: "crash");
        await DomainHarness.EventuallyAsync(async () => Volatile.Read(ref held) > 0 && (await harness.Batch(pushed.BatchId).GetProgress())!.Applied == 6,
            "every line but the last is applied");

        await harness.Domain.CrashAndRestartAsync();
        gate.SetResult();

        var progress = await harness.CompletedAsync(pushed.BatchId);
        Assert.Equal((7, 7, 0), (progress.Total, progress.Applied, progress.Rejected));
        var k1 = (await CommitmentOf(harness, CommitmentOwnerKind.Member, "m1", "k1").GetDetails())!;
        Assert.Equal((CommitmentStatus.Done, 6m), (k1.Status, k1.Progress));
        Assert.Equal([4m, 2m], k1.Entries.Select(e => e.Amount));
        Assert.Single((await CommitmentOf(harness, CommitmentOwnerKind.Org, "c1", "k2").GetDetails())!.Entries);
        var model = Model(m1Grid: "g2", m2Grid: null, m3Grid: null);
        model.Members["hold"] = new ModelMember(MemberStatus.Full, MemberCategory.Retired, "c1", null, null);
        model.Commitments["k1"] = new ModelCommitment("g1", "m1", CommitmentStatus.Done, default);
        model.Commitments["k2"] = new ModelCommitment("c1", null, CommitmentStatus.Open, default);
        await harness.Domain.AssertExactAsync(model);
        var district = (await harness.Domain.Org("d").GetRollup()).Metrics;
        Assert.Equal((1, 1), (district[Metric.CommitmentsOpen], district[Metric.CommitmentsDone]));
    }
}
