using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PartyActors.Client.Tests;

/// <summary>The residents' requests routes in the client (docs/requests.md), against a stand-in of the silo answering as it does.</summary>
public sealed class RequestClientTests : IAsyncLifetime
{
    /// <summary>A request as the silo writes it: escalated once, replied, assigned.</summary>
    private const string Request = """
        {"id":"rq-019af0a1b2c3d4e5f6a7","orgId":"410103-002-01-g1","title":"楼道堆放杂物","category":"环境卫生","channel":"grid-patrol","status":"replied",
         "dueAt":"2026-12-09T00:00:00+08:00","overdue":true,"escalatedTo":"410103-002-01","responsibleOrgId":"410103-002-01",
         "filedAt":"2026-12-01T10:00:00+00:00","filedBy":"resident-zhang","sla":{"amount":3,"unit":"working-days"},"overdueSince":"2026-12-04T00:00:00+08:00",
         "assignee":{"memberId":"m-000123","orgId":null,"at":"2026-12-01T11:00:00+00:00","by":"gw-1"},
         "replies":[{"at":"2026-12-05T02:00:00+00:00","text":"已清理","by":"gw-1"}],"satisfaction":null,"closedAt":null,"closedBy":null,
         "escalations":[{"at":"2026-12-03T16:01:00+00:00","fromOrgId":"410103-002-01-g1","toOrgId":"410103-002-01","missedDueAt":"2026-12-04T00:00:00+08:00","dueAt":"2026-12-09T00:00:00+08:00"}],
         "reopenings":[]}
        """;

    private readonly List<(string Key, string Body, string? IdempotencyKey)> requests = [];
    private FakeSilo silo = null!;

    public async Task InitializeAsync() => silo = await FakeSilo.StartAsync(app => app.Map("/{**path}", async context =>
    {
        var body = Encoding.UTF8.GetString(await FakeSilo.ReadBodyAsync(context));
        var key = $"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}";
        lock (requests)
        {
            requests.Add((key, body, context.Request.Headers["Idempotency-Key"].FirstOrDefault()));
        }

        var (status, json) = key switch
        {
            "POST /api/v1/orgs/g1/requests" => (201, """{"id":"rq-019af0a1b2c3d4e5f6a7","dueAt":"2026-12-04T00:00:00+08:00"}"""),
            "GET /api/v1/orgs/410103/requests?status=overdue&limit=2&after=rq-1" => (200, """
                {"orgId":"410103","status":"overdue","items":[{"id":"rq-2","orgId":"g1","title":"路灯","category":"市政","status":"open","overdue":true,
                 "filedAt":"2026-12-01T10:00:00+00:00","dueAt":"2026-12-04T00:00:00+08:00","escalatedTo":"c1","version":3}],"next":"rq-2"}
                """),
            "GET /api/v1/requests/sla" or "PUT /api/v1/requests/sla" => (200, """
                {"default":{"amount":3,"unit":"working-days"},"rules":[{"category":"供暖","level":"grid","amount":24,"unit":"hours"}]}
                """),
            "PUT /api/v1/calendar/2027" or "GET /api/v1/calendar/2027" => (200, """{"year":2027,"holidays":["2027-01-01"],"workdays":[]}"""),
            "POST /api/v1/requests/rq-9/close" => (409, """{"title":"Conflict","status":409,"detail":"no reply","code":"request-not-replied"}"""),
            _ when key.StartsWith("GET /api/v1/requests/", StringComparison.Ordinal) || key.StartsWith("POST /api/v1/requests/", StringComparison.Ordinal) => (200, Request),
            _ => (404, """{"title":"Not Found","status":404}"""),
        };
        await FakeSilo.WriteJsonAsync(context, status, json, status >= 400 ? "application/problem+json" : "application/json");
    }));

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task Filing_sends_title_category_and_channel_and_an_idempotency_key_when_given()
    {
        var client = silo.CreateClient();

        var filed = await client.FileRequestAsync("g1", new FileResidentRequest("楼道堆放杂物", "环境卫生", RequestChannels.GridPatrol), idempotencyKey: "hotline-20261201-17");

        Assert.Equal(("rq-019af0a1b2c3d4e5f6a7", new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.FromHours(8))), (filed.Id, filed.DueAt));
        var sent = Assert.Single(requests);
        Assert.Equal("""{"title":"楼道堆放杂物","category":"环境卫生","channel":"grid-patrol"}""", sent.Body);
        Assert.Equal("hotline-20261201-17", sent.IdempotencyKey);
    }

    [Fact]
    public async Task A_request_reads_its_escalations_replies_and_assignment()
    {
        var client = silo.CreateClient();

        var request = await client.GetRequestAsync("rq-019af0a1b2c3d4e5f6a7");

        Assert.Equal((RequestStatuses.Replied, true, "410103-002-01"), (request.Status, request.Overdue, request.EscalatedTo));
        Assert.Equal(new RequestSlaTerm(3, SlaUnits.WorkingDays), request.Sla);
        Assert.Equal("m-000123", request.Assignee!.MemberId);
        Assert.Equal("已清理", Assert.Single(request.Replies).Text);
        var escalation = Assert.Single(request.Escalations);
        Assert.Equal(("410103-002-01-g1", "410103-002-01"), (escalation.FromOrgId, escalation.ToOrgId));
        Assert.Empty(request.Reopenings);
        Assert.Null(request.Satisfaction);
    }

    [Fact]
    public async Task Reply_assign_close_and_reopen_post_their_bodies_and_refusals_carry_the_code()
    {
        var client = silo.CreateClient();

        await client.ReplyToRequestAsync("rq-1", "已清理");
        await client.AssignRequestAsync("rq-1", new ResidentRequestAssignee(null, "c1"));
        await client.CloseRequestAsync("rq-1", 4);
        await client.ReopenRequestAsync("rq-1", "又堆了");
        var refused = await Assert.ThrowsAsync<PartyActorsApiException>(() => client.CloseRequestAsync("rq-9", 5));

        Assert.Equal("request-not-replied", refused.Problem!.Extensions["code"].GetString());
        Assert.Equal(
        [
            ("POST /api/v1/requests/rq-1/reply", """{"text":"已清理"}"""),
            ("POST /api/v1/requests/rq-1/assign", """{"memberId":null,"orgId":"c1"}"""),
            ("POST /api/v1/requests/rq-1/close", """{"satisfaction":4}"""),
            ("POST /api/v1/requests/rq-1/reopen", """{"reason":"又堆了"}"""),
            ("POST /api/v1/requests/rq-9/close", """{"satisfaction":5}"""),
        ], requests.Select(r => (r.Key, r.Body)));
    }

    [Fact]
    public async Task The_ledger_pages_by_status_and_the_sla_and_calendar_round_trip()
    {
        var client = silo.CreateClient();

        var page = await client.GetRequestLedgerAsync("410103", RequestStatuses.Overdue, limit: 2, after: "rq-1");
        var sla = await client.PutRequestSlaAsync(new RequestSla(new RequestSlaTerm(3, SlaUnits.WorkingDays), [new RequestSlaRule("供暖", OrganizationKinds.Grid, 24, SlaUnits.Hours)]));
        var calendar = await client.PutWorkCalendarAsync(new WorkCalendar(2027, [new DateOnly(2027, 1, 1)], []));

        Assert.Equal(("rq-2", true, "c1", "rq-2"), (Assert.Single(page.Items).Id, page.Items[0].Overdue, page.Items[0].EscalatedTo, page.Next));
        Assert.Equal(SlaUnits.Hours, Assert.Single(sla.Rules).Unit);
        Assert.Equal([new DateOnly(2027, 1, 1)], calendar.Holidays);
        Assert.Equal(
            """{"default":{"amount":3,"unit":"working-days"},"rules":[{"category":"供暖","level":"grid","amount":24,"unit":"hours"}]}""",
            requests.Single(r => r.Key == "PUT /api/v1/requests/sla").Body);
        Assert.Equal("""{"year":2027,"holidays":["2027-01-01"],"workdays":[]}""", requests.Single(r => r.Key == "PUT /api/v1/calendar/2027").Body);
    }
}
