using System.Text.Json.Nodes;
using PartyActors.Client.Cli;

namespace PartyActors.Silo.Tests.ClientCoverage;

/// <summary>The <c>partyactors</c> command line run in-process against the real app, a few commands per area.</summary>
[Collection(SiloCollection.Name)]
public sealed class CliApiTests(SiloFixture silo)
{
    private static string Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs the command line with the server's address and an admin token; answers the exit code, stdout and stderr.</summary>
    private async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--url", silo.Api.BaseAddress.ToString(), "--token", await silo.Api.AdminAsync()], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private async Task<string> OkAsync(params string[] args)
    {
        var (code, output, error) = await RunAsync(args);
        Assert.True(code == 0, $"partyactors {string.Join(' ', args)} exited {code}: {error}{output}");
        return output;
    }

    [Fact]
    public async Task Orgs_and_members_are_written_and_read()
    {
        Assert.Equal("cli-o: created\n", (await OkAsync("orgs", "put", "cli-o", "--name", "和平社区", "--kind", "community")).ReplaceLineEndings("\n"));
        await OkAsync("orgs", "put", "cli-o-g", "--name", "一网格", "--kind", "grid", "--parent", "cli-o");
        var file = Path.Combine(Path.GetTempPath(), $"cli-org-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{ "name": "二网格", "kind": "grid", "parentId": "cli-o" }""");
        try
        {
            Assert.Contains("cli-o-g2: created", await OkAsync("orgs", "put", "cli-o-g2", "--file", file), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Contains("cli-o-m: created", await OkAsync("members", "put", "cli-o-m", "--name", "李四", "--status", "full", "--category", "in-service", "--org", "cli-o", "--phone", "13912345678", "--skill", "维修", "--skill", "驾驶"), StringComparison.Ordinal);
        await OkAsync("members", "report-in", "cli-o-m", "cli-o-g");

        var org = await OkAsync("orgs", "get", "cli-o");
        Assert.Matches(@"(?m)^name +和平社区$", org.ReplaceLineEndings("\n"));
        Assert.Matches(@"(?m)^children +cli-o-g, cli-o-g2$", org.ReplaceLineEndings("\n"));
        var children = (await OkAsync("orgs", "children", "cli-o", "--sort", "reportedHere")).ReplaceLineEndings("\n");
        Assert.StartsWith("cli-o-g\tgrid\t一网格\t", children, StringComparison.Ordinal);

        var member = await OkAsync("members", "get", "cli-o-m");
        Assert.Contains("139****5678", member, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^skills +维修, 驾驶$", member.ReplaceLineEndings("\n"));
        var json = JsonNode.Parse(await OkAsync("members", "get", "cli-o-m", "--json"))!;
        Assert.Equal("cli-o-g", json["reportedIn"]!["gridId"]!.GetValue<string>());
        Assert.Contains("reportedIn", await OkAsync("members", "summary", "cli-o-m"), StringComparison.Ordinal);

        Assert.Contains("report-in withdrawn", await OkAsync("members", "withdraw-report-in", "cli-o-m"), StringComparison.Ordinal);
        Assert.Contains("cli-o-g2: dissolved", await OkAsync("orgs", "dissolve", "cli-o-g2"), StringComparison.Ordinal);
        Assert.Contains("orgs", await OkAsync("orgs", "rebuild", "cli-o"), StringComparison.Ordinal);
        Assert.Contains("cli-o-m: left", await OkAsync("members", "leave", "cli-o-m"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_prints_the_problem_and_exits_1()
    {
        await OkAsync("orgs", "put", "cli-r", "--name", "社区", "--kind", "community");
        await OkAsync("orgs", "put", "cli-r-g", "--name", "网格", "--kind", "grid", "--parent", "cli-r");

        var (code, output, error) = await RunAsync("orgs", "dissolve", "cli-r");

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("error: 409", error, StringComparison.Ordinal);

        var (missing, _, missingError) = await RunAsync("orgs", "put", "cli-r-x", "--kind", "grid");
        Assert.Equal(1, missing);
        Assert.Contains("--name is required", missingError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Points_projects_and_rankings_go_through_the_cli()
    {
        await OkAsync("orgs", "put", "cli-p", "--name", "社区", "--kind", "community");
        await OkAsync("members", "put", "cli-p-m", "--name", "王五", "--status", "full", "--category", "retired", "--org", "cli-p");

        Assert.Contains("definedAt         cli-p", await OkAsync("points", "rules", "set", "cli-p", "--mode", "per-event", "--points", "6"), StringComparison.Ordinal);
        var projectId = (await OkAsync("projects", "publish", "cli-p", "--title", "清理楼道", "--quota", "2")).Trim();
        var claimId = (await OkAsync("projects", "claim", projectId, "cli-p-m")).Split('\t')[0];
        Assert.Contains("completed, 60 minutes", await OkAsync("projects", "complete", projectId, claimId, "--minutes", "60"), StringComparison.Ordinal);
        Assert.Contains("rated, 5 stars, 6 points to cli-p-m", await OkAsync("projects", "rate", projectId, claimId, "--stars", "5"), StringComparison.Ordinal);
        await OkAsync("points", "award", "cli-p-m", "--points", "-1", "--reason", "缺席", "--source-id", "cli-p-1");

        var ledger = (await OkAsync("points", "ledger", "cli-p-m")).ReplaceLineEndings("\n");
        Assert.StartsWith("total 5\n", ledger, StringComparison.Ordinal);
        Assert.Contains("\t-1\tmanual\t缺席", ledger, StringComparison.Ordinal);
        Assert.Equal("1\tcli-p-m\tcli-p\t5\n", (await OkAsync("points", "rankings", "members", "cli-p", "--period", DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture))).ReplaceLineEndings("\n"));
        Assert.Contains($"{projectId}: closed", await OkAsync("projects", "close", projectId), StringComparison.Ordinal);
        Assert.Contains($"{projectId}\tproject\tclosed\t1/2\tcli-p\t清理楼道", await OkAsync("projects", "list", "cli-p"), StringComparison.Ordinal);
        Assert.Contains("own points rules removed", await OkAsync("points", "rules", "clear", "cli-p"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commitments_supervision_audit_tokens_and_health_go_through_the_cli()
    {
        await OkAsync("orgs", "put", "cli-c", "--name", "社区", "--kind", "community");
        await OkAsync("members", "put", "cli-c-m", "--name", "赵六", "--status", "full", "--category", "retired", "--org", "cli-c");

        var id = (await OkAsync("commitments", "make", "--member", "cli-c-m", "--title", "探望独居老人", "--target", "3", "--unit", "次", "--due-on", Today)).Trim();
        Assert.Contains("progress     2/3 次", await OkAsync("commitments", "progress", id, "--amount", "2", "--note", "两次"), StringComparison.Ordinal);
        Assert.Contains("1 reviews", await OkAsync("commitments", "review", id, "--by", "public", "--score", "5"), StringComparison.Ordinal);
        Assert.Contains($"{id}: done", await OkAsync("commitments", "complete", id), StringComparison.Ordinal);
        Assert.Contains("\tdone\t2/3 次\tmember:cli-c-m\t探望独居老人", await OkAsync("commitments", "list", "cli-c"), StringComparison.Ordinal);
        Assert.Equal(id, JsonNode.Parse(await OkAsync("commitments", "get", id, "--json"))!["id"]!.GetValue<string>());
        var (both, _, bothError) = await RunAsync("commitments", "make", "--member", "cli-c-m", "--org", "cli-c", "--title", "x", "--target", "1", "--unit", "次", "--due-on", Today);
        Assert.Equal((1, "error: give exactly one of --member and --org."), (both, bothError.Trim()));
        Assert.Equal(string.Empty, await OkAsync("supervision", "list", "cli-c"));

        Assert.Contains($"POST\t/api/v1/commitments/{id}/complete\tadmin-1 (admin)", await OkAsync("audit", "--org", "cli-c"), StringComparison.Ordinal);
        var token = (await OkAsync("token", "dev", "--sub", "cli-sup", "--role", "supervisor", "--org", "cli-c")).Trim();
        Assert.Equal(3, token.Split('.').Length);
        Assert.Equal("live\n", (await OkAsync("health", "live")).ReplaceLineEndings("\n"));
        Assert.StartsWith("ready", await OkAsync("health", "ready"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roster_report_in_history_and_rules_as_json_go_through_the_cli()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cli-roster-{Guid.NewGuid():N}.ndjson");
        await File.WriteAllTextAsync(file, """
            {"op":"upsert-org","id":"cli-s","name":"街道","kind":"street","parentId":null}
            {"op":"upsert-org","id":"cli-s-c","name":"社区","kind":"community","parentId":"cli-s"}
            {"op":"upsert-org","id":"cli-s-e","name":"单位党支部","kind":"enterprise","parentId":"cli-s"}
            """);
        try
        {
            var pushed = await OkAsync("roster", "push", file);
            var batchId = pushed.Split(':')[0]["batch ".Length..];
            var status = (await OkAsync("roster", "status", batchId)).ReplaceLineEndings("\n");
            Assert.Equal(pushed.ReplaceLineEndings("\n"), status);
            Assert.Contains("applied   3", status, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Contains("cli-s-e: not reported in", await OkAsync("report-in", "history", "cli-s-e"), StringComparison.Ordinal);
        await OkAsync("report-in", "org", "cli-s-e", "cli-s-c");
        var history = (await OkAsync("report-in", "history", "cli-s-e")).ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("cli-s-e: reported in to cli-s-c since ", history[0], StringComparison.Ordinal);
        Assert.Matches(@"^cli-s-c\t\S+\t-$", history[1]);

        var rules = JsonNode.Parse(await OkAsync("points", "rules", "get", "cli-s-c", "--json"))!;
        Assert.Equal(("cli-s-c", null), (rules["orgId"]!.GetValue<string>(), rules["definedAt"]?.GetValue<string>()));
        Assert.Equal(string.Empty, await OkAsync("points", "rankings", "children", "cli-s-c", "--period", "2026"));
    }
}
