using System.Net;
using Microsoft.AspNetCore.Builder;

namespace PartyActors.Client.Tests;

public sealed class ProblemDetailsTests
{
    [Fact]
    public async Task A_validation_problem_reaches_the_caller_with_every_field()
    {
        await using var silo = await FakeSilo.StartAsync(app => app.MapPut("/api/v1/orgs/{orgId}", context =>
            FakeSilo.WriteJsonAsync(context, 422, """
                {
                  "type": "https://partyactors.example/problems/unknown-parent",
                  "title": "Unknown parent",
                  "status": 422,
                  "detail": "上级组织 410103 不存在",
                  "errors": { "parentId": ["must name an existing organization"], "kind": ["unknown kind", "required"] },
                  "traceId": "00-abc-01"
                }
                """, "application/problem+json")));
        var client = silo.CreateClient();

        var error = await Assert.ThrowsAsync<PartyActorsApiException>(() =>
            client.PutOrganizationAsync("410103-002", new PutOrganizationRequest("城关街道党工委", "streeet", "410103")));

        Assert.Equal((HttpStatusCode)422, error.StatusCode);
        Assert.Equal("https://partyactors.example/problems/unknown-parent", error.Type);
        Assert.Equal("Unknown parent", error.Title);
        Assert.Equal("上级组织 410103 不存在", error.Detail);
        Assert.Equal(422, error.Problem!.Status);
        Assert.Equal(["must name an existing organization"], error.Errors["parentId"]);
        Assert.Equal(["unknown kind", "required"], error.Errors["kind"]);
        Assert.Equal("00-abc-01", error.Problem.Extensions["traceId"].GetString());
        Assert.Null(error.RetryAfter);
        Assert.Equal("422 Unknown parent: 上级组织 410103 不存在", error.Message);
    }

    [Fact]
    public async Task A_problem_without_validation_errors_has_an_empty_error_dictionary()
    {
        await using var silo = await FakeSilo.StartAsync(app => app.MapGet("/api/v1/members/{memberId}", context =>
            FakeSilo.WriteJsonAsync(context, 404, """{"type":"about:blank","title":"Not Found","status":404,"detail":"No member m-404."}""", "application/problem+json")));
        var client = silo.CreateClient();

        var error = await Assert.ThrowsAsync<PartyActorsApiException>(() => client.GetMemberAsync("m-404"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("No member m-404.", error.Detail);
        Assert.Empty(error.Errors);
    }

    [Fact]
    public async Task A_body_that_is_not_problem_details_still_gives_the_status_and_text()
    {
        await using var silo = await FakeSilo.StartAsync(app => app.MapGet("/api/v1/orgs/{orgId}/rollup", context =>
            FakeSilo.WriteJsonAsync(context, 502, "<html><body>Bad Gateway from the proxy</body></html>", "text/html")));
        var client = silo.CreateClient();

        var error = await Assert.ThrowsAsync<PartyActorsApiException>(() => client.GetRollupAsync("410103"));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Null(error.Problem);
        Assert.Null(error.Title);
        Assert.Contains("Bad Gateway from the proxy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_problem_json_does_not_hide_the_error()
    {
        await using var silo = await FakeSilo.StartAsync(app => app.MapGet("/api/v1/orgs/{orgId}/rollup", context =>
            FakeSilo.WriteJsonAsync(context, 400, "{\"title\": \"Bad", "application/problem+json")));
        var client = silo.CreateClient();

        var error = await Assert.ThrowsAsync<PartyActorsApiException>(() => client.GetRollupAsync("410103"));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Null(error.Problem);
        Assert.Contains("{\"title\": \"Bad", error.Message, StringComparison.Ordinal);
    }
}
