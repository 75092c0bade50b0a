using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PartyActors.Client.Cli;

namespace PartyActors.Client.Tests;

/// <summary><c>partyactors errands</c>, run in-process against a stand-in of the silo's errand routes.</summary>
public sealed class ErrandsCliTests : IAsyncLifetime, IDisposable
{
    private const string Errand = """
        {"id":"er-1","orgId":"c-1","takenAtOrgId":"c-1","resident":{"name":"张大爷","phone":"138****5678"},"category":"medical","description":"代办医保报销",
         "cadreMemberId":"m-1","status":"done","takenAt":"2026-12-01T09:00:00+08:00","takenBy":"w","sla":{"amount":3,"unit":"working-days"},
         "dueAt":"2026-12-05T00:00:00+08:00","overdue":false,"late":true,"doneAt":"2026-12-06T10:00:00+08:00","doneBy":"m-1","doneNote":"已报销",
         "cancelledAt":null,"cancelledBy":null,"cancelReason":null,"reassignments":[],"relocations":[]}
        """;

    private readonly List<string> requests = [];
    private readonly StringWriter stdout = new();
    private readonly StringWriter stderr = new();
    private FakeSilo silo = null!;

    public async Task InitializeAsync() => silo = await FakeSilo.StartAsync(app =>
    {
        app.MapPost("/api/v1/orgs/{orgId}/errands", async context =>
        {
            Record(context, Encoding.UTF8.GetString(await FakeSilo.ReadBodyAsync(context)) + (context.Request.Headers.ContainsKey("Idempotency-Key") ? " keyed" : ""));
            await FakeSilo.WriteJsonAsync(context, 201, """{"id":"er-1","dueAt":"2026-12-05T00:00:00+08:00"}""");
        });
        app.MapPost("/api/v1/errands/{errandId}/done", async context =>
        {
            Record(context, Encoding.UTF8.GetString(await FakeSilo.ReadBodyAsync(context)));
            await FakeSilo.WriteJsonAsync(context, 200, Errand);
        });
        app.MapGet("/api/v1/orgs/{orgId}/errands", context =>
        {
            Record(context, "");
            return FakeSilo.WriteJsonAsync(context, 200, context.Request.Query["after"].ToString() switch
            {
                "" => """{"orgId":"c-1","memberId":null,"status":"open","items":[{"id":"er-1","orgId":"c-1","cadreMemberId":"m-1","category":"medical","residentName":"张大爷","status":"open","overdue":true,"late":false,"takenAt":"2026-12-01T09:00:00+08:00","dueAt":"2026-12-05T00:00:00+08:00","doneAt":null}],"next":"er-1"}""",
                _ => """{"orgId":"c-1","memberId":null,"status":"open","items":[{"id":"er-2","orgId":"c-1","cadreMemberId":"m-2","category":"other","residentName":"李","status":"open","overdue":false,"late":false,"takenAt":"2026-12-02T09:00:00+08:00","dueAt":"2026-12-08T00:00:00+08:00","doneAt":null}],"next":null}""",
            });
        });
        app.MapPut("/api/v1/errands/sla", async context =>
        {
            var body = Encoding.UTF8.GetString(await FakeSilo.ReadBodyAsync(context));
            Record(context, body);
            await FakeSilo.WriteJsonAsync(context, 200, body);
        });
    });

    public async Task DisposeAsync() => await silo.DisposeAsync();

    public void Dispose()
    {
        stdout.Dispose();
        stderr.Dispose();
    }

    [Fact]
    public async Task An_errand_is_taken_with_an_idempotency_key_and_marked_done()
    {
        Assert.Equal(0, await RunAsync("errands", "take", "c-1", "--resident", "张大爷", "--phone", "13812345678", "--category", "medical", "--description", "代办医保报销", "--cadre", "m-1"));
        Assert.Equal(0, await RunAsync("errands", "done", "er-1", "--note", "已报销"));

        Assert.Equal(
            "POST /api/v1/orgs/c-1/errands {\"resident\":{\"name\":\"张大爷\",\"phone\":\"13812345678\"},\"category\":\"medical\",\"description\":\"代办医保报销\",\"cadreMemberId\":\"m-1\"} keyed",
            requests[0]);
        Assert.Equal("POST /api/v1/errands/er-1/done {\"note\":\"已报销\",\"doneAt\":null}", requests[1]);
        var lines = stdout.ToString().ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("er-1\tdue 2026-12-05T00:00:00+08:00", lines[0]);
        Assert.Equal("er-1\tdone (late)", lines[1]);
        Assert.Contains("  resident 张大爷 138****5678", lines);
    }

    [Fact]
    public async Task The_list_follows_every_page()
    {
        Assert.Equal(0, await RunAsync("errands", "list", "c-1", "--status", "open"));

        Assert.Equal(
            "er-1\topen overdue\t2026-12-05T00:00:00+08:00\tm-1\tmedical\t张大爷\n" +
            "er-2\topen\t2026-12-08T00:00:00+08:00\tm-2\tother\t李\n",
            stdout.ToString().ReplaceLineEndings("\n"));
        Assert.Equal(["GET /api/v1/orgs/c-1/errands?status=open ", "GET /api/v1/orgs/c-1/errands?status=open&after=er-1 "], requests);
    }

    [Fact]
    public async Task The_sla_is_set_from_a_default_and_category_rules_and_a_malformed_rule_sends_nothing()
    {
        Assert.NotEqual(0, await RunAsync("errands", "sla-set", "3", "--rule", "medical"));
        Assert.Empty(requests);

        Assert.Equal(0, await RunAsync("errands", "sla-set", "3", "--rule", "medical=1"));
        Assert.Equal("PUT /api/v1/errands/sla {\"default\":{\"amount\":3,\"unit\":\"working-days\"},\"rules\":[{\"category\":\"medical\",\"level\":null,\"amount\":1,\"unit\":\"working-days\"}]}", Assert.Single(requests));
        Assert.Equal("default\t3 working-days\nmedical\t*\t1 working-days\n", stdout.ToString().ReplaceLineEndings("\n"));
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
