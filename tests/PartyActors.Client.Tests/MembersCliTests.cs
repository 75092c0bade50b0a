using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PartyActors.Client.Cli;

namespace PartyActors.Client.Tests;

/// <summary><c>partyactors members status|history</c>, run in-process against a stand-in of the silo's routes.</summary>
public sealed class MembersCliTests : IAsyncLifetime, IDisposable
{
    private readonly List<string> requests = [];
    private readonly StringWriter stdout = new();
    private readonly StringWriter stderr = new();
    private FakeSilo silo = null!;

    public async Task InitializeAsync() => silo = await FakeSilo.StartAsync(app =>
    {
        app.MapPost("/api/v1/members/{memberId}/status", async (HttpContext context, string memberId) =>
        {
            var body = Encoding.UTF8.GetString(await FakeSilo.ReadBodyAsync(context));
            Record(context, body);
            await (memberId switch
            {
                "m-1" => FakeSilo.WriteJsonAsync(context, 200, """{"memberId":"m-1","from":"full","to":"candidate","entry":{"id":"4","kind":"status","from":"full","to":"candidate","fromOrgId":null,"toOrgId":null,"at":"2026-12-01T09:00:00+08:00","effectiveOn":null,"by":"admin-1","reason":"填错","correction":true,"batchId":null}}"""),
                "m-2" => FakeSilo.WriteJsonAsync(context, 200, """{"memberId":"m-2","from":"full","to":"full","entry":null}"""),
                _ => FakeSilo.WriteJsonAsync(context, 409, """{"title":"Conflict","status":409,"detail":"Member 'm-3' is activist: full is not the next step of the pipeline. Allowed next: candidate, transferred, left.","code":"status-skips-step"}""", "application/problem+json"),
            });
        });
        app.MapGet("/api/v1/members/{memberId}/history", context =>
        {
            Record(context, "");
            return FakeSilo.WriteJsonAsync(context, 200, context.Request.Query["after"].ToString() switch
            {
                "" => """{"memberId":"m-1","items":[{"id":"1","kind":"created","from":null,"to":"candidate","fromOrgId":null,"toOrgId":"b-1","at":"2026-01-05T09:00:00+08:00","effectiveOn":null,"by":"system","reason":null,"correction":false,"batchId":null}],"next":"1"}""",
                _ => """{"memberId":"m-1","items":[{"id":"2","kind":"transfer","from":null,"to":null,"fromOrgId":"b-1","toOrgId":"b-2","at":"2026-02-01T10:00:00+08:00","effectiveOn":"2026-01-31","by":"job-1","reason":null,"correction":false,"batchId":"rb-9"}],"next":null}""",
            });
        });
    });

    public async Task DisposeAsync() => await silo.DisposeAsync();

    public void Dispose()
    {
        stdout.Dispose();
        stderr.Dispose();
    }

    [Fact]
    public async Task Status_sends_the_move_and_prints_what_changed()
    {
        Assert.Equal(0, await RunAsync("members", "status", "m-1", "candidate", "--reason", "填错", "--correction"));
        Assert.Equal(0, await RunAsync("members", "status", "m-2", "full", "--effective-on", "2026-11-30"));

        Assert.Equal("m-1: full → candidate (correction)\nm-2: already full, nothing changed\n", stdout.ToString().ReplaceLineEndings("\n"));
        Assert.Equal(
            [
                "POST /api/v1/members/m-1/status {\"status\":\"candidate\",\"reason\":\"填错\",\"correction\":true}",
                "POST /api/v1/members/m-2/status {\"status\":\"full\",\"effectiveOn\":\"2026-11-30\"}",
            ],
            requests);
    }

    [Fact]
    public async Task A_skip_prints_the_problem_and_exits_1_and_a_bad_date_sends_nothing()
    {
        Assert.Equal(1, await RunAsync("members", "status", "m-3", "full"));
        Assert.Equal(1, await RunAsync("members", "status", "m-3", "candidate", "--effective-on", "30.11.2026"));

        Assert.Empty(stdout.ToString());
        Assert.Contains("409", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("Allowed next: candidate, transferred, left.", stderr.ToString(), StringComparison.Ordinal);
        Assert.Single(requests);
    }

    [Fact]
    public async Task History_follows_every_page()
    {
        Assert.Equal(0, await RunAsync("members", "history", "m-1"));

        Assert.Equal(
            "1\t2026-01-05T09:00:00+08:00\tcreated\tcandidate in b-1\tsystem\t\n" +
            "2\t2026-02-01T10:00:00+08:00 effective 2026-01-31\ttransfer\tb-1 → b-2\tjob-1 (batch rb-9)\t\n",
            stdout.ToString().ReplaceLineEndings("\n"));
        Assert.Equal(["GET /api/v1/members/m-1/history ", "GET /api/v1/members/m-1/history?after=1 "], requests);
    }

    private void Record(HttpContext context, string body)
    {
        lock (requests)
        {
            requests.Add($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString} {body}");
        }
    }

    private Task<int> RunAsync(params string[] args) =>
        CliApp.RunAsync([.. args, "--url", silo.BaseAddress.ToString()], new CliSettings(stdout, stderr) { GetEnvironmentVariable = _ => null });
}
