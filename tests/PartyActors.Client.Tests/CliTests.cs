using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PartyActors.Client.Cli;

namespace PartyActors.Client.Tests;

/// <summary>The <c>partyactors</c> command line, run in-process against a stand-in of the silo's routes.</summary>
public sealed class CliTests : IAsyncLifetime, IDisposable
{
    private const string Rollup = """{"orgId":"410103-002","asOf":"2026-11-22T10:00:00+08:00","version":42,"metrics":{"orgs":12,"members":345,"reportedHere":50,"points":1234,"requestsOpen":3,"requestsOverdue":1,"newMetric":9}}""";

    private readonly string directory = Directory.CreateTempSubdirectory("partyactors-cli-").FullName;
    private readonly ConcurrentQueue<Push> pushes = new();
    private readonly ConcurrentDictionary<string, BatchState> batches = new();
    private readonly StringWriter stdout = new();
    private readonly StringWriter stderr = new();
    private readonly Dictionary<string, string> environment = [];
    private FakeSilo silo = null!;
    private Func<HttpContext, Task>? pushOverride;
    private int streamEvents = 2;
    private bool streamStaysOpen = true;
    private bool batchesNeverComplete;

    public async Task InitializeAsync() => silo = await FakeSilo.StartAsync(app =>
    {
        app.MapPost("/api/v1/roster/batches", PushAsync);
        app.MapGet("/api/v1/roster/batches/{id}", PollAsync);
        app.MapGet("/api/v1/orgs/{orgId}/rollup", context => FakeSilo.WriteJsonAsync(context, 200, Rollup));
        app.MapGet("/api/v1/orgs/{orgId}/rollup/stream", StreamAsync);
    });

    public async Task DisposeAsync() => await silo.DisposeAsync();

    public void Dispose()
    {
        stdout.Dispose();
        stderr.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task A_push_where_every_line_applies_exits_0_and_keys_the_batch_by_the_files_hash()
    {
        var file = WriteFile("roster.ndjson", Line("upsert-org", "410103-002-01"), Line("upsert-member", "m-1"), Line("upsert-member", "m-2"));

        var code = await RunAsync("roster", "push", file, "--url", silo.BaseAddress.ToString(), "--token", "jwt-integration");

        Assert.Equal(0, code);
        Assert.Equal(
            """
            batch b-1: completed
            total     3
            applied   3
            rejected  0

            """.ReplaceLineEndings(),
            stdout.ToString());
        var push = Assert.Single(pushes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))), push.IdempotencyKey);
        Assert.Equal("application/x-ndjson", push.ContentType);
        Assert.Equal("Bearer jwt-integration", push.Authorization);
        Assert.Equal(File.ReadAllBytes(file), push.Body);

        var progress = stderr.ToString();
        Assert.Contains($"upload: {push.Body.Length}/{push.Body.Length} bytes (100%)", progress, StringComparison.Ordinal);
        Assert.Contains("batch b-1: running, applied 2/3, rejected 0", progress, StringComparison.Ordinal);
        Assert.Contains("batch b-1: completed, applied 3/3, rejected 0", progress, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_large_upload_logs_its_progress_in_tens_of_percent_not_per_read()
    {
        var file = WriteFile("large.ndjson", [.. Enumerable.Range(1, 20_000).Select(i => Line("upsert-member", $"m-{i:D6}"))]);

        var code = await RunAsync("roster", "push", file, "--url", silo.BaseAddress.ToString());

        Assert.Equal(0, code);
        var uploadLines = stderr.ToString().Split('\n').Where(line => line.StartsWith("upload: ", StringComparison.Ordinal)).ToList();
        Assert.InRange(uploadLines.Count, 2, 11);
        Assert.EndsWith("(100%)", uploadLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_push_with_rejected_lines_exits_2_and_prints_each_of_them()
    {
        var file = WriteFile(
            "roster.jsonl",
            Line("upsert-member", "m-1"),
            Line("upsert-member", "m-2", orgId: "410103-999"),
            Line("upsert-member", "m-3"),
            Line("upsert-member", "m-4", orgId: "410103-999"));

        var code = await RunAsync("roster", "push", file, "--url", silo.BaseAddress.ToString());

        Assert.Equal(2, code);
        Assert.Equal(
            """
            batch b-1: completed
            total     4
            applied   2
            rejected  2
            line 2: unknown-org: 组织 410103-999 不存在
            line 4: unknown-org: 组织 410103-999 不存在

            """.ReplaceLineEndings(),
            stdout.ToString());
    }

    [Fact]
    public async Task Pushing_the_same_file_again_sends_the_same_key_and_gets_the_first_batch()
    {
        var file = WriteFile("roster.ndjson", Line("upsert-member", "m-1"));

        Assert.Equal(0, await RunAsync("roster", "push", file, "--url", silo.BaseAddress.ToString()));
        Assert.Equal(0, await RunAsync("roster", "push", file, "--url", silo.BaseAddress.ToString()));

        Assert.Single(pushes.Select(p => p.IdempotencyKey).Distinct());
        Assert.Single(batches);
    }

    [Fact]
    public async Task A_given_idempotency_key_is_sent_as_it_is()
    {
        var file = WriteFile("roster.ndjson", Line("upsert-member", "m-1"));

        await RunAsync("roster", "push", file, "--url", silo.BaseAddress.ToString(), "--idempotency-key", "nightly-2026-11-22");

        Assert.Equal("nightly-2026-11-22", Assert.Single(pushes).IdempotencyKey);
    }

    [Fact]
    public async Task A_GB18030_csv_is_sent_unchanged_with_its_charset()
    {
        // 城关 in GB18030.
        byte[] bytes = [.. "op,id,name,kind,parentId\r\nupsert-org,410103-002,"u8, 0xB3, 0xC7, 0xB9, 0xD8, .. ",street,410103\r\n"u8];
        var file = Path.Combine(directory, "roster.CSV");
        await File.WriteAllBytesAsync(file, bytes);

        var code = await RunAsync("roster", "push", file, "--url", silo.BaseAddress.ToString(), "--encoding", "gb18030");

        Assert.Equal(0, code);
        var push = Assert.Single(pushes);
        Assert.Equal("text/csv; charset=gb18030", push.ContentType);
        Assert.Equal(bytes, push.Body);
    }

    [Fact]
    public async Task The_format_option_wins_over_the_extension()
    {
        var file = WriteFile("roster.txt", "op,id", "remove-member,m-9");

        var code = await RunAsync("roster", "push", file, "--url", silo.BaseAddress.ToString(), "--format", "csv");

        Assert.Equal(0, code);
        Assert.Equal("text/csv", Assert.Single(pushes).ContentType);
    }

    [Fact]
    public async Task An_unknown_extension_without_a_format_exits_1_before_sending_anything()
    {
        var file = WriteFile("roster.txt", Line("upsert-member", "m-1"));

        var code = await RunAsync("roster", "push", file, "--url", silo.BaseAddress.ToString());

        Assert.Equal(1, code);
        Assert.Contains("--format", stderr.ToString(), StringComparison.Ordinal);
        Assert.Empty(pushes);
    }

    [Fact]
    public async Task NDJSON_in_GB18030_is_refused()
    {
        var file = WriteFile("roster.ndjson", Line("upsert-member", "m-1"));

        var code = await RunAsync("roster", "push", file, "--url", silo.BaseAddress.ToString(), "--encoding", "gb18030");

        Assert.Equal(1, code);
        Assert.Contains("NDJSON is always UTF-8", stderr.ToString(), StringComparison.Ordinal);
        Assert.Empty(pushes);
    }

    [Fact]
    public async Task A_missing_file_exits_1()
    {
        var code = await RunAsync("roster", "push", Path.Combine(directory, "absent.ndjson"), "--url", silo.BaseAddress.ToString());

        Assert.Equal(1, code);
        Assert.Contains("absent.ndjson", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_answer_exits_1_with_the_problems_title_detail_and_fields_on_stderr()
    {
        pushOverride = context => FakeSilo.WriteJsonAsync(context, 403, """
            {"type":"about:blank","title":"Forbidden","status":403,"detail":"组织 410103-002 不在令牌的范围内","errors":{"org":["outside the caller's scope"]}}
            """, "application/problem+json");
        var file = WriteFile("roster.ndjson", Line("upsert-member", "m-1"));

        var code = await RunAsync("roster", "push", file, "--url", silo.BaseAddress.ToString(), "--token", "jwt");

        Assert.Equal(1, code);
        var errors = stderr.ToString();
        Assert.Contains("error: 403 Forbidden", errors, StringComparison.Ordinal);
        Assert.Contains("组织 410103-002 不在令牌的范围内", errors, StringComparison.Ordinal);
        Assert.Contains("org: outside the caller's scope", errors, StringComparison.Ordinal);
        Assert.Empty(stdout.ToString());
    }

    [Fact]
    public async Task An_unreachable_server_exits_1()
    {
        var file = WriteFile("roster.ndjson", Line("upsert-member", "m-1"));
        var closedPort = silo.BaseAddress;
        await silo.DisposeAsync();

        var code = await RunAsync("roster", "push", file, "--url", closedPort.ToString());

        Assert.Equal(1, code);
        Assert.StartsWith("error: ", stderr.ToString().Split('\n').Last(line => line.Length > 0), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_while_the_batch_is_applied_exits_1_and_says_how_to_follow_it()
    {
        batchesNeverComplete = true;
        var file = WriteFile("roster.ndjson", Line("upsert-member", "m-1"));
        using var cancellation = new CancellationTokenSource();
        var run = RunAsync(["roster", "push", file, "--url", silo.BaseAddress.ToString()], cancellation.Token);
        await WaitUntilAsync(() => stderr.ToString().Contains("running", StringComparison.Ordinal));

        await cancellation.CancelAsync();

        Assert.Equal(1, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("batch b-1 goes on being applied on the server", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Url_and_token_default_to_the_environment()
    {
        environment["PARTYACTORS_URL"] = silo.BaseAddress.ToString();
        environment["PARTYACTORS_TOKEN"] = "jwt-from-env";
        var file = WriteFile("roster.ndjson", Line("upsert-member", "m-1"));

        var code = await RunAsync("roster", "push", file);

        Assert.Equal(0, code);
        Assert.Equal("Bearer jwt-from-env", Assert.Single(pushes).Authorization);
    }

    [Fact]
    public async Task Rollup_prints_the_header_then_one_metric_per_line()
    {
        var code = await RunAsync("rollup", "410103-002", "--url", silo.BaseAddress.ToString());

        Assert.Equal(0, code);
        Assert.Equal(
            """
            orgId            410103-002
            version          42
            asOf             2026-11-22T10:00:00.0000000+08:00
            orgs             12
            members          345
            reportedHere     50
            points           1234
            requestsOpen     3
            requestsOverdue  1
            newMetric        9

            """.ReplaceLineEndings(),
            stdout.ToString());
    }

    [Fact]
    public async Task Watch_prints_a_line_per_rollup_and_stops_after_count()
    {
        var code = await RunAsync("watch", "410103-002", "--url", silo.BaseAddress.ToString(), "--count", "2");

        Assert.Equal(0, code);
        Assert.Equal(
            """
            2026-11-22T10:00:00.000+08:00  v42  members=345 reportedHere=50 points=1234 requestsOpen=3 requestsOverdue=1
            2026-11-22T10:00:00.000+08:00  v43  members=346 reportedHere=50 points=1234 requestsOpen=3 requestsOverdue=1

            """.ReplaceLineEndings(),
            stdout.ToString());
    }

    [Fact]
    public async Task Watch_json_prints_each_events_data_as_sent()
    {
        var code = await RunAsync("watch", "410103-002", "--url", silo.BaseAddress.ToString(), "--count", "1", "--json");

        Assert.Equal(0, code);
        Assert.Equal(Rollup + Environment.NewLine, stdout.ToString());
    }

    [Fact]
    public async Task Watch_ends_with_exit_0_when_cancelled()
    {
        streamEvents = 1;
        using var cancellation = new CancellationTokenSource();
        var run = RunAsync(["watch", "410103-002", "--url", silo.BaseAddress.ToString()], cancellation.Token);
        await WaitUntilAsync(() => stdout.ToString().Contains("v42", StringComparison.Ordinal));

        await cancellation.CancelAsync();

        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Single(stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Watch_exits_1_when_the_server_closes_the_stream()
    {
        streamEvents = 1;
        streamStaysOpen = false;

        var code = await RunAsync("watch", "410103-002", "--url", silo.BaseAddress.ToString());

        Assert.Equal(1, code);
        Assert.Contains("closed the roll-up stream", stderr.ToString(), StringComparison.Ordinal);
    }

    private Task<int> RunAsync(params string[] args) => RunAsync(args, CancellationToken.None);

    private Task<int> RunAsync(string[] args, CancellationToken cancellationToken) =>
        CliApp.RunAsync(
            args,
            new CliSettings(stdout, stderr)
            {
                GetEnvironmentVariable = name => environment.GetValueOrDefault(name),

                // A batch that never completes would be polled in a tight loop on an instant clock.
                TimeProvider = batchesNeverComplete ? TimeProvider.System : new InstantTimeProvider(),
                PollInterval = TimeSpan.FromMilliseconds(20),
            },
            cancellationToken);

    private string WriteFile(string name, params string[] lines)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, string.Concat(lines.Select(line => line + "\n")), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    private static string Line(string op, string id, string orgId = "410103-002-01") =>
        $$"""{"op":"{{op}}","id":"{{id}}","name":"党员","status":"full","category":"in-service","orgId":"{{orgId}}"}""";

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private async Task PushAsync(HttpContext context)
    {
        if (pushOverride is not null)
        {
            await pushOverride(context);
            return;
        }

        var body = await FakeSilo.ReadBodyAsync(context);
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        pushes.Enqueue(new Push(key, context.Request.ContentType, context.Request.Headers.Authorization, body));

        // Like the silo: a repeated key answers with the first batch.
        var batch = batches.GetOrAdd(key, _ => BatchState.Of($"b-{batches.Count + 1}", body, context.Request.ContentType!, batchesNeverComplete));
        await FakeSilo.WriteJsonAsync(context, StatusCodes.Status202Accepted, $$"""{"id":"{{batch.Id}}"}""");
    }

    private Task PollAsync(HttpContext context)
    {
        var id = (string)context.Request.RouteValues["id"]!;
        var batch = batches.Values.Single(b => b.Id == id);
        return FakeSilo.WriteJsonAsync(context, 200, batch.NextAnswer());
    }

    private async Task StreamAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        for (var i = 0; i < streamEvents; i++)
        {
            var data = i == 0 ? Rollup : Rollup.Replace("\"version\":42", "\"version\":43", StringComparison.Ordinal).Replace("\"members\":345", "\"members\":346", StringComparison.Ordinal);
            await context.Response.WriteAsync($": keep-alive\n\nevent: rollup\ndata: {data}\n\n");
            await context.Response.Body.FlushAsync();
        }

        if (streamStaysOpen)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private sealed record Push(string IdempotencyKey, string? ContentType, string? Authorization, byte[] Body);

    /// <summary>A batch that is queued at the first poll, half applied at the second and completed from the third on.</summary>
    private sealed class BatchState(string id, IReadOnlyList<string> lines, bool neverComplete)
    {
        private int polls;

        public string Id => id;

        public static BatchState Of(string id, byte[] body, string contentType, bool neverComplete)
        {
            var lines = Encoding.UTF8.GetString(body).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return new BatchState(id, contentType.StartsWith("text/csv", StringComparison.Ordinal) ? lines[1..] : lines, neverComplete);
        }

        public string NextAnswer()
        {
            var poll = Interlocked.Increment(ref polls);
            var rejected = lines.Select((line, index) => (Line: index + 1, Text: line)).Where(l => l.Text.Contains("410103-999", StringComparison.Ordinal)).ToList();
            var (status, done) = poll switch
            {
                1 => ("queued", 0),
                2 => ("running", (lines.Count + 1) / 2),
                _ when neverComplete => ("running", (lines.Count + 1) / 2),
                _ => ("completed", lines.Count),
            };
            var rejectedSoFar = rejected.Where(r => r.Line <= done).ToList();
            var errors = string.Join(",", rejectedSoFar.Select(r => $$"""{"line":{{r.Line}},"code":"unknown-org","message":"组织 410103-999 不存在"}"""));
            return $$"""{"id":"{{id}}","status":"{{status}}","total":{{lines.Count}},"applied":{{done - rejectedSoFar.Count}},"rejected":{{rejectedSoFar.Count}},"errors":[{{errors}}]}""";
        }
    }
}
