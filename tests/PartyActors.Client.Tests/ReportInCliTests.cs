using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PartyActors.Client.Cli;

namespace PartyActors.Client.Tests;

/// <summary><c>partyactors report-in</c>, run in-process against a stand-in of the silo's report-in routes.</summary>
public sealed class ReportInCliTests : IAsyncLifetime, IDisposable
{
    private const string Csv = "\uFEFF党员编号,姓名,期间积分\r\nm-1,\"王五, \"\"老王\"\"\",9\r\n";

    private readonly string directory = Directory.CreateTempSubdirectory("partyactors-report-in-").FullName;
    private readonly List<string> requests = [];
    private readonly StringWriter stdout = new();
    private readonly StringWriter stderr = new();
    private FakeSilo silo = null!;

    public async Task InitializeAsync() => silo = await FakeSilo.StartAsync(app =>
    {
        app.MapPost("/api/v1/orgs/{orgId}/report-in", async (HttpContext context, string orgId) =>
        {
            var body = Encoding.UTF8.GetString(await FakeSilo.ReadBodyAsync(context));
            Record(context, body);
            await (orgId == "e-1"
                ? FakeSilo.WriteJsonAsync(context, 200, """{"communityId":"c-1","at":"2026-11-02T09:00:00+08:00"}""")
                : FakeSilo.WriteJsonAsync(context, 422, """{"title":"Unprocessable Content","status":422,"detail":"Community 'g-1' is a grid.","code":"not-a-community","errors":{"communityId":["Community 'g-1' is a grid."]}}""", "application/problem+json"));
        });
        app.MapDelete("/api/v1/orgs/{orgId}/report-in", context =>
        {
            Record(context, "");
            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        });
        app.MapGet("/api/v1/orgs/{orgId}/reported-orgs", context =>
        {
            Record(context, "");
            return FakeSilo.WriteJsonAsync(context, 200, context.Request.Query["after"].ToString() switch
            {
                "" => """{"communityId":"c-1","items":[{"orgId":"e-1","name":"某公司党委","kind":"enterprise","at":"2026-11-02T09:00:00+08:00"}],"next":"e-1"}""",
                _ => """{"communityId":"c-1","items":[{"orgId":"s-2","name":"某协会","kind":"social-org","at":"2026-11-03T10:30:00+08:00"}],"next":null}""",
            });
        });
        app.MapGet("/api/v1/orgs/{orgId}/service-feedback", context =>
        {
            Record(context, "");
            context.Response.ContentType = "text/csv; charset=utf-8";
            return context.Response.WriteAsync(Csv, Encoding.UTF8);
        });
    });

    public async Task DisposeAsync() => await silo.DisposeAsync();

    public void Dispose()
    {
        stdout.Dispose();
        stderr.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task An_organization_is_reported_in_and_withdrawn()
    {
        Assert.Equal(0, await RunAsync("report-in", "org", "e-1", "c-1"));
        Assert.Equal(0, await RunAsync("report-in", "withdraw", "e-1"));

        Assert.Equal(
            """
            e-1 reported in to c-1 since 2026-11-02T09:00:00+08:00
            e-1: report-in withdrawn

            """.ReplaceLineEndings(),
            stdout.ToString());
        Assert.Equal(["POST /api/v1/orgs/e-1/report-in {\"communityId\":\"c-1\"}", "DELETE /api/v1/orgs/e-1/report-in "], requests);
    }

    [Fact]
    public async Task A_refusal_prints_the_problem_with_its_field_and_exits_1()
    {
        Assert.Equal(1, await RunAsync("report-in", "org", "e-2", "g-1"));

        Assert.Empty(stdout.ToString());
        Assert.Contains("422", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("communityId: Community 'g-1' is a grid.", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_follows_every_page()
    {
        Assert.Equal(0, await RunAsync("report-in", "list", "c-1"));

        Assert.Equal(
            "e-1\tenterprise\t2026-11-02T09:00:00+08:00\t某公司党委\n" +
            "s-2\tsocial-org\t2026-11-03T10:30:00+08:00\t某协会\n",
            stdout.ToString().ReplaceLineEndings("\n"));
        Assert.Equal(["GET /api/v1/orgs/c-1/reported-orgs ", "GET /api/v1/orgs/c-1/reported-orgs?after=e-1 "], requests);
    }

    [Fact]
    public async Task Feedback_is_saved_as_the_servers_bytes_or_printed_as_text()
    {
        var file = Path.Combine(directory, "feedback.csv");

        Assert.Equal(0, await RunAsync("report-in", "feedback", "e-1", "--period", "2026-Q4", "--output", file));
        Assert.Equal(0, await RunAsync("report-in", "feedback", "e-1", "--period", "2026-Q4"));

        Assert.Equal(Encoding.UTF8.GetBytes(Csv), await File.ReadAllBytesAsync(file));
        Assert.Equal(Csv[1..], stdout.ToString());
        Assert.All(requests, r => Assert.Equal("GET /api/v1/orgs/e-1/service-feedback?period=2026-Q4 ", r));
    }

    [Fact]
    public async Task Feedback_needs_a_period()
    {
        Assert.NotEqual(0, await RunAsync("report-in", "feedback", "e-1"));

        Assert.Empty(requests);
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
