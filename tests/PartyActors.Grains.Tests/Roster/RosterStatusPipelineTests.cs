namespace PartyActors.Grains.Tests.Roster;

/// <summary>Roster lines keep the status pipeline: a skip is rejected with its own code, an admin's batch may correct.</summary>
public sealed class RosterStatusPipelineTests
{
    private static readonly RosterCaller Integration = new("job-1", ["integration"], "d");

    private const string Tree = """
        {"op":"upsert-org","id":"d","name":"区委","kind":"district"}
        {"op":"upsert-org","id":"b","name":"支部","kind":"branch","parentId":"d"}
        """;

    private static string Member(string status, string extra = "") =>
        $$"""{"op":"upsert-member","id":"m1","name":"王芳","status":"{{status}}","category":"retired","orgId":"b"{{extra}}}""";

    [Fact]
    public async Task A_line_that_skips_a_step_is_rejected_with_its_code_and_the_next_step_applies()
    {
        await using var harness = await RosterHarness.StartAsync();
        var progress = await harness.ImportAsync(string.Join('\n', Tree, Member("activist"), Member("probationary"), Member("candidate"), Member("applicant")) + "\n");

        Assert.Equal(["4:status-skips-step", "6:status-skips-step"], RosterHarness.Codes(progress));
        Assert.Equal("status", progress.Errors[0].Field);
        Assert.Contains("Allowed next: candidate, transferred, left.", progress.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(MemberStatus.Candidate, (await harness.Domain.Member("m1").GetDetails())!.Status);

        var history = (await harness.Domain.Member("m1").GetHistory(0, 100)).Items;
        Assert.Equal([MemberHistoryKind.Created, MemberHistoryKind.Status], history.Select(e => e.Kind));
        Assert.All(history, e => Assert.Equal((progress.Id, RosterHarness.Admin.Subject), (e.BatchId, e.By)));
    }

    [Fact]
    public async Task A_correction_line_of_an_admin_batch_sets_any_status_and_names_the_batch()
    {
        await using var harness = await RosterHarness.StartAsync();
        await harness.ImportAsync(Tree + "\n" + Member("full") + "\n", key: "k-1");

        var csv = "op,id,name,status,category,orgId,correction,reason\r\n"
            + "upsert-member,m1,王芳,candidate,retired,b,true,导入时状态填错\r\n"
            + "upsert-member,m1,王芳,full,retired,b,1,\r\n"
            + "upsert-member,m1,王芳,full,retired,b,maybe,x\r\n";
        var progress = await harness.ImportAsync(csv, RosterFormat.Csv, key: "k-2");

        Assert.Equal(["3:invalid-field", "4:invalid-field"], RosterHarness.Codes(progress));
        Assert.Equal(["reason", "correction"], progress.Errors.Select(e => e.Field));
        Assert.Equal(MemberStatus.Candidate, (await harness.Domain.Member("m1").GetDetails())!.Status);
        var last = (await harness.Domain.Member("m1").GetHistory(0, 100)).Items[^1];
        Assert.Equal((MemberStatus.Full, MemberStatus.Candidate, true, "导入时状态填错", progress.Id), (last.From!.Value, last.To!.Value, last.Correction, last.Reason, last.BatchId));
    }

    [Fact]
    public async Task A_correction_line_of_a_batch_not_submitted_by_an_admin_is_rejected()
    {
        await using var harness = await RosterHarness.StartAsync();
        await harness.ImportAsync(Tree + "\n" + Member("full") + "\n", key: "k-1");

        var progress = await harness.ImportAsync(
            Member("candidate", ""","correction":true,"reason":"填错" """.TrimEnd()) + "\n" + Member("transferred", ""","reason":"转出" """.TrimEnd()) + "\n",
            key: "k-2", caller: Integration);

        Assert.Equal(["1:correction-not-allowed"], RosterHarness.Codes(progress));
        Assert.Equal("correction", progress.Errors[0].Field);
        Assert.Equal(MemberStatus.Transferred, (await harness.Domain.Member("m1").GetDetails())!.Status);
        var last = (await harness.Domain.Member("m1").GetHistory(0, 100)).Items[^1];
        Assert.Equal(("job-1", "转出", false), (last.By, last.Reason, last.Correction));
    }

    [Fact]
    public async Task A_remove_member_line_is_recorded_as_a_move_to_left()
    {
        await using var harness = await RosterHarness.StartAsync();
        var progress = await harness.ImportAsync(Tree + "\n" + Member("full") + "\n" + """{"op":"remove-member","id":"m1"}""" + "\n");

        Assert.Empty(progress.Errors);
        var last = (await harness.Domain.Member("m1").GetHistory(0, 100)).Items[^1];
        Assert.Equal((MemberStatus.Full, MemberStatus.Left, progress.Id), (last.From!.Value, last.To!.Value, last.BatchId));
    }
}
