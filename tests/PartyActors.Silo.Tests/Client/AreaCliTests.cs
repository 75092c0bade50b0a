using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PartyActors.Client.Cli;

namespace PartyActors.Silo.Tests.Client;

/// <summary>
/// <c>partyactors</c> run in-process against the real app for requests, the calendar,
/// organizational life and meetings, assessment, lists, the dashboard, ranks and the report schedule.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class AreaCliTests(SiloFixture silo) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("partyactors-cli-").FullName;

    private ApiClient Api => silo.Api;

    private static DateOnly Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);

    private static string ThisMonth => Today.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task A_request_is_filed_replied_closed_listed_and_reopened()
    {
        await Api.PlaceAsync("c2q", null, "community");
        await Api.PlaceAsync("c2q-g", "c2q", "grid");
        var worker = await Api.TokenAsync("c2q-oa", ["org-admin"], org: "c2q");

        var filed = await OkAsync(worker, "requests", "file", "c2q-g", "--title", "小区路灯不亮", "--category", "市政设施", "--channel", "hotline");
        var id = filed.Split('\t')[0];
        Assert.StartsWith("rq-", id, StringComparison.Ordinal);
        Assert.StartsWith("due ", filed.Split('\t')[1], StringComparison.Ordinal);

        var read = Pairs(await OkAsync(worker, "requests", "get", id));
        Assert.Equal((id, "c2q-g", "open", "hotline", "c2q-oa"), (read["id"], read["orgId"], read["status"], read["channel"], read["filedBy"]));

        Assert.StartsWith($"{id}: open", await OkAsync(worker, "requests", "assign", id, "--org", "c2q-g"), StringComparison.Ordinal);
        Assert.StartsWith($"{id}: replied", await OkAsync(worker, "requests", "reply", id, "--text", "已报修，三天内修复"), StringComparison.Ordinal);
        Assert.StartsWith($"{id}: closed", await OkAsync(worker, "requests", "close", id, "--satisfaction", "4"), StringComparison.Ordinal);

        var json = JsonNode.Parse(await OkAsync(worker, "requests", "get", id, "--json"))!;
        Assert.Equal(("closed", 4, "已报修，三天内修复", "c2q-g"), (json["status"]!.GetValue<string>(), json["satisfaction"]!.GetValue<int>(),
            json["replies"]![0]!["text"]!.GetValue<string>(), json["assignee"]!["orgId"]!.GetValue<string>()));
        var ledger = (await OkAsync(worker, "requests", "list", "c2q", "--status", "closed")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([id, "closed", "-"], Assert.Single(ledger).Split('\t')[..3]);
        Assert.Empty(await OkAsync(worker, "requests", "list", "c2q", "--status", "open"));

        Assert.StartsWith($"{id}: open", await OkAsync(worker, "requests", "reopen", id, "--reason", "路灯又坏了"), StringComparison.Ordinal);
        Assert.Contains("reopened", await OkAsync(worker, "requests", "get", id), StringComparison.Ordinal);

        // Refusals: the server's problem on stderr and exit code 1; bad arguments never reach it.
        var (exit, _, error) = await RunAsync(worker, "requests", "reopen", id, "--reason", "再次");
        Assert.Equal((1, true), (exit, error.StartsWith("error: 409", StringComparison.Ordinal)));
        Assert.NotEqual(0, (await RunAsync(worker, "requests", "close", id, "--satisfaction", "9")).Exit);
        Assert.NotEqual(0, (await RunAsync(worker, "requests", "assign", id, "--org", "c2q-g", "--member", "m-1")).Exit);
    }

    [Fact]
    public async Task The_sla_table_reads_and_writes_back_unchanged()
    {
        var admin = await Api.AdminAsync();
        var path = Path.Combine(directory, "sla.json");
        await File.WriteAllTextAsync(path, await OkAsync(admin, "requests", "sla", "get", "--json"));
        var before = await OkAsync(admin, "requests", "sla", "get");
        Assert.StartsWith("default\t", before, StringComparison.Ordinal);

        Assert.Equal(before, await OkAsync(admin, "requests", "sla", "set", "--file", path));
        var (exit, _, error) = await RunAsync(await Api.TokenAsync("c2q-oa", ["org-admin"], org: "c2q"), "requests", "sla", "set", "--file", path);
        Assert.Equal((1, true), (exit, error.StartsWith("error: 403", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_calendar_is_set_from_options_or_a_file_and_read_back()
    {
        // A year far ahead that no other test's deadlines meet.
        var admin = await Api.AdminAsync();
        const string Expected = "2098-10-01  Wed  holiday\n2098-10-02  Thu  holiday\n2098-10-11  Sat  workday\n";
        Assert.Equal(Expected, await OkAsync(admin, "calendar", "set", "2098", "--holiday", "2098-10-02", "--holiday", "2098-10-01", "--workday", "2098-10-11"));
        Assert.Equal(Expected, await OkAsync(admin, "calendar", "get", "2098"));

        var path = Path.Combine(directory, "calendar.json");
        await File.WriteAllTextAsync(path, """{ "holidays": ["2098-10-03"] }""");
        Assert.Equal("2098-10-03  Fri  holiday\n", await OkAsync(admin, "calendar", "set", "2098", "--file", path));
        Assert.Equal(["2098-10-03"], JsonNode.Parse(await OkAsync(admin, "calendar", "get", "2098", "--json"))!["holidays"]!.AsArray().Select(d => d!.GetValue<string>()));

        Assert.NotEqual(0, (await RunAsync(admin, "calendar", "set", "2098", "--file", path, "--holiday", "2098-10-01")).Exit);
        var (exit, _, error) = await RunAsync(admin, "calendar", "set", "2098", "--workday", "2098-10-08");
        Assert.Equal((1, true), (exit, error.Contains("workdays", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_template_is_set_a_meeting_recorded_and_compliance_read()
    {
        await Api.PlaceAsync("c2m", null, "community");
        await Api.PlaceAsync("c2m-b", "c2m", "branch");
        for (var i = 1; i <= 3; i++)
        {
            await Api.EnrollAsync($"c2m-m{i}", "c2m-b");
        }

        var orgAdmin = await Api.TokenAsync("c2m-oa", ["org-admin"], org: "c2m");
        var template = Path.Combine(directory, "template.json");
        await File.WriteAllTextAsync(template, """{ "kinds": [ { "kind": "branch", "requirements": [ { "activity": "committee-meeting", "cadence": "monthly" } ] } ] }""");
        var set = await OkAsync(orgAdmin, "life", "template", "set", "c2m", "--file", template);
        // The community's own kind is not named, so the defaults still apply to it; its branch inherits.
        Assert.Equal(("community", "(defaults)", "names branch", "2"), (Pairs(set)["kind"], Pairs(set)["definedAt"], Pairs(set)["own"], Pairs(set)["refreshed"]));
        var inherited = await OkAsync(orgAdmin, "life", "template", "get", "c2m-b");
        Assert.Equal(("c2m", "none (inherits)"), (Pairs(inherited)["definedAt"], Pairs(inherited)["own"]));
        Assert.Contains("required  committee-meeting       monthly", inherited, StringComparison.Ordinal);

        var recorded = (await OkAsync(orgAdmin, "meetings", "record", "c2m-b", "--type", "committee-meeting", "--date", Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "--attendee", "c2m-m1", "--attendee", "c2m-m2", "--minutes", "传达学习上级会议精神。", "--topic", "支委会")).TrimEnd('\n').Split('\t');
        Assert.Equal(["counts", "2 of 3 members attended, 2 needed: met"], recorded[1..]);
        var id = recorded[0];

        var listed = (await OkAsync(orgAdmin, "meetings", "list", "c2m-b", "--period", ThisMonth)).TrimEnd('\n');
        Assert.Equal($"{id}\t{Today:yyyy-MM-dd}\tcommittee-meeting\t2\tcounts\t支委会", listed);
        var meeting = await OkAsync(orgAdmin, "meetings", "get", id);
        Assert.Equal(("c2m-b", "c2m-m1 c2m-m2", "yes"), (Pairs(meeting)["orgId"], Pairs(meeting)["attendees"], Pairs(meeting)["counts"]));
        Assert.EndsWith("\n\n传达学习上级会议精神。\n", meeting, StringComparison.Ordinal);

        var life = Pairs(await OkAsync(orgAdmin, "life", "get", "c2m-b"));
        Assert.Equal(("1", "1"), (life["meetingsRequired"], life["meetingsHeld"]));
        var compliance = await OkAsync(orgAdmin, "life", "compliance", "c2m-b", "--period", ThisMonth);
        Assert.StartsWith($"c2m-b {ThisMonth}: compliant, held 1 of 1 required, missed 0\n", compliance, StringComparison.Ordinal);
        Assert.Contains($"committee-meeting       monthly   {ThisMonth,-9}met      held 1", compliance, StringComparison.Ordinal);

        var nextYear = (Today.Year + 1).ToString(CultureInfo.InvariantCulture);
        var (exit, output, error) = await RunAsync(orgAdmin, "life", "noncompliant", "c2m", "--period", nextYear);
        Assert.Equal((0, "", $"0 of 2 organizations missed something in {nextYear}\n"), (exit, output, error));

        Assert.Equal("c2m: own template removed; it inherits again\n", await OkAsync(orgAdmin, "life", "template", "delete", "c2m"));
        Assert.Equal("(defaults)", Pairs(await OkAsync(orgAdmin, "life", "template", "get", "c2m-b"))["definedAt"]);
        Assert.NotEqual(0, (await RunAsync(orgAdmin, "meetings", "record", "c2m-b", "--type", "party-lesson", "--date", "2026-01-01")).Exit);
    }

    [Fact]
    public async Task A_scorecard_is_set_the_steps_recorded_and_the_year_finalized_and_ranked()
    {
        await Api.PlaceAsync("c2x-s", null, "street");
        await Api.PlaceAsync("c2x-c", "c2x-s", "community");
        var admin = await Api.AdminAsync();
        var card = Path.Combine(directory, "card.json");
        await File.WriteAllTextAsync(card, JsonSerializer.Serialize(AssessmentClientTests.HundredCard(), JsonSerializerOptions.Web));
        var scores = Path.Combine(directory, "public.json");
        await File.WriteAllTextAsync(scores, """{ "items": { "a": 8, "b": 16, "c": 40, "d": 41 } }""");

        var set = await OkAsync(admin, "assess", "scorecard", "set", "c2x-s", "2026", "--file", card);
        Assert.Equal(("c2x-s", "100", "2026 年度党建考核"), (Pairs(set)["definedAt"], Pairs(set)["scale"], Pairs(set)["name"]));
        Assert.Contains("section  org  weight 40  组织建设\n  item   a  max 10  三会一课\n", set, StringComparison.Ordinal);
        Assert.Equal("c2x-s", JsonNode.Parse(await OkAsync(admin, "assess", "scorecard", "get", "c2x-c", "2026", "--json"))!["definedAt"]!.GetValue<string>());

        var self = Pairs(await OkAsync(admin, "assess", "step", "c2x-c", "2026", "self", "--item", "a=10", "--item", "b=15", "--item", "c=45", "--item", "d=40", "--note", "自评"));
        Assert.Equal(("no", "public, organization"), (self["complete"], self["missing"]));
        await OkAsync(admin, "assess", "step", "c2x-c", "2026", "public", "--file", scores);
        var complete = Pairs(await OkAsync(admin, "assess", "step", "c2x-c", "2026", "organization",
            "--item", "a=9", "--item", "b=17.5", "--item", "c=47", "--item", "d=46", "--bonus", "2.5"));
        Assert.Equal(("89.11 of 100", "advanced", "3", "none"), (complete["score"], complete["tier"], complete["stars"], complete["missing"]));

        Assert.Contains("by admin-1", Pairs(await OkAsync(admin, "assess", "finalize", "c2x-c", "2026"))["finalized"], StringComparison.Ordinal);
        var json = JsonNode.Parse(await OkAsync(admin, "assess", "get", "c2x-c", "2026", "--json"))!;
        Assert.Equal((89.11m, true), (json["score"]!.GetValue<decimal>(), json["finalized"]!.GetValue<bool>()));
        Assert.Equal("1\tc2x-c\t89.11\tadvanced\t3\tfinalized\t组织 c2x-c\n", await OkAsync(admin, "assess", "ranking", "c2x-s", "2026"));
        Assert.Empty(await OkAsync(admin, "assess", "ranking", "c2x-s", "2026", "--tier", "lagging"));

        var (exit, _, error) = await RunAsync(admin, "assess", "step", "c2x-c", "2026", "self", "--item", "a");
        Assert.Equal((1, "error: --item 'a' is not itemId=points (e.g. a=9.5).\n"), (exit, error));
        (exit, _, error) = await RunAsync(admin, "assess", "step", "c2x-c", "2026", "self", "--item", "a=1", "--item", "b=1", "--item", "c=1", "--item", "d=1");
        Assert.Equal((1, true), (exit, error.StartsWith("error: 409", StringComparison.Ordinal)));
        Assert.Equal("c2x-s: own scorecard for 2026 removed\n", await OkAsync(admin, "assess", "scorecard", "delete", "c2x-s", "2026"));
    }

    [Fact]
    public async Task Lists_the_dashboard_a_rank_and_the_report_schedule()
    {
        await Api.PlaceAsync("c2k", null, "community", "红星社区");
        await Api.PlaceAsync("c2k-g", "c2k", "grid", "红星一网格");
        await Api.EnrollAsync("c2k-m1", "c2k-g");
        await Api.EnrollAsync("c2k-m2", "c2k-g");
        var admin = await Api.AdminAsync();
        using (var awarded = await Api.PostAsync("/api/v1/members/c2k-m1/points", admin, new { points = 3, reason = "志愿服务", sourceId = "c2k-1" }))
        {
            Assert.True(awarded.IsSuccessStatusCode);
        }

        var orgAdmin = await Api.TokenAsync("c2k-oa", ["org-admin"], org: "c2k");
        Assert.Equal("c2k\tcommunity\t-\t红星社区\nc2k-g\tgrid\tc2k\t红星一网格\n", await OkAsync(orgAdmin, "list", "orgs", "-q", "红星"));
        Assert.Equal("c2k-g\tgrid\tc2k\t红星一网格\n", await OkAsync(orgAdmin, "list", "orgs", "--parent", "c2k"));
        Assert.Equal("c2k-m1\tc2k-g\tfull\tretired\t党员 c2k-m1\nc2k-m2\tc2k-g\tfull\tretired\t党员 c2k-m2\n", await OkAsync(orgAdmin, "list", "members", "--org", "c2k-g"));

        var settings = Pairs(await OkAsync(orgAdmin, "dashboard", "settings"));
        Assert.EndsWith("(higher is better)", settings["reportInRate"], StringComparison.Ordinal);
        Assert.EndsWith(" s", settings["streamTicketLifetime"], StringComparison.Ordinal);
        var (exit, ticket, expiry) = await RunAsync(orgAdmin, "dashboard", "ticket");
        Assert.Equal((0, 3), (exit, ticket.TrimEnd('\n').Split('.').Length));
        Assert.StartsWith("expires at ", expiry, StringComparison.Ordinal);

        var member = await Api.TokenAsync("c2k-m1", ["member"], member: "c2k-m1");
        Assert.Equal($"c2k-m1\t{ThisMonth}\trank 1 of 2 in c2k-g\t3 points\n", await OkAsync(member, "rank", "c2k-m1"));

        var dueOn = Today.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using (var made = await Api.PostAsync("/api/v1/members/c2k-m1/commitments", admin, new { title = "每月走访两户", target = 2, unit = "户", dueOn }))
        {
            Assert.True(made.IsSuccessStatusCode);
        }

        var commitment = (await OkAsync(member, "member-commitments", "c2k-m1")).TrimEnd('\n').Split('\t');
        Assert.Equal([dueOn, "open", "0/2 户", "每月走访两户"], commitment[1..]);
        Assert.Empty(await OkAsync(member, "member-commitments", "c2k-m1", "--status", "done"));

        Assert.Contains("started", Pairs(await OkAsync(admin, "report-schedule")).Keys);
        Assert.NotNull(JsonNode.Parse(await OkAsync(admin, "report-schedule", "--json"))!["started"]);
        (exit, _, var error) = await RunAsync(orgAdmin, "report-schedule");
        Assert.Equal((1, true), (exit, error.StartsWith("error: 403", StringComparison.Ordinal)));
    }

    /// <summary>Runs the command with the token and answers its stdout, after checking it succeeded.</summary>
    private async Task<string> OkAsync(string token, params string[] args)
    {
        var (exit, output, error) = await RunAsync(token, args);
        Assert.True(exit == 0, $"partyactors {string.Join(' ', args)} exited {exit}: {error}");
        return output;
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(string token, params string[] args)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var exit = await CliApp.RunAsync([.. args, "--url", Api.BaseAddress.ToString(), "--token", token], new CliSettings(stdout, stderr) { GetEnvironmentVariable = _ => null });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The two columns the commands print for one thing: name, then value.</summary>
    private static Dictionary<string, string> Pairs(string output)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n'))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0)
            {
                pairs.TryAdd(line[..space], line[space..].Trim());
            }
        }

        return pairs;
    }
}
