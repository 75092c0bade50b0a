using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;

namespace PartyActors.Silo.Tests;

/// <summary>
/// Roles × scope. The tree: a-d → a-st1 → a-c1 → a-g1, and a-d → a-st2 → a-g2. Scoped callers hold
/// a-st1. Members: a-m1 recorded at a-c1; a-m2 recorded at a-st2, living in a-g1; a-m3 recorded at a-st2.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class AuthorizationTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    public static TheoryData<string, string, string, string?, int> Cases => new()
    {
        // Reading organizations: the scope root and below, for the reading roles.
        { "supervisor", "GET", "/api/v1/orgs/a-st1", null, 200 },
        { "supervisor", "GET", "/api/v1/orgs/a-c1", null, 200 },
        { "supervisor", "GET", "/api/v1/orgs/a-g1/rollup", null, 200 },
        { "supervisor", "GET", "/api/v1/orgs/a-st1/children", null, 200 },
        { "supervisor", "GET", "/api/v1/orgs/a-st2", null, 403 },
        { "supervisor", "GET", "/api/v1/orgs/a-d", null, 403 },
        { "supervisor", "GET", "/api/v1/orgs/a-d/rollup", null, 403 },
        { "supervisor", "GET", "/api/v1/orgs/a-st2/children", null, 403 },
        { "supervisor", "GET", "/api/v1/orgs/a-none", null, 403 },
        { "org-admin", "GET", "/api/v1/orgs/a-g1", null, 200 },
        { "grid-worker", "GET", "/api/v1/orgs/a-c1", null, 200 },
        { "integration", "GET", "/api/v1/orgs/a-g1", null, 200 },
        { "integration", "GET", "/api/v1/orgs/a-st2", null, 403 },
        { "member", "GET", "/api/v1/orgs/a-c1", null, 403 },
        { "resident", "GET", "/api/v1/orgs/a-c1", null, 403 },

        // Reading members: by organization of record or residence grid; a member reads itself.
        { "supervisor", "GET", "/api/v1/members/a-m1", null, 200 },
        { "supervisor", "GET", "/api/v1/members/a-m2", null, 200 },
        { "supervisor", "GET", "/api/v1/members/a-m3", null, 403 },
        { "supervisor", "GET", "/api/v1/members/a-none", null, 403 },
        { "org-admin", "GET", "/api/v1/members/a-m1", null, 200 },
        { "grid-worker", "GET", "/api/v1/members/a-m2", null, 200 },
        { "integration", "GET", "/api/v1/members/a-m1", null, 403 },
        { "member", "GET", "/api/v1/members/a-m1", null, 200 },
        { "member", "GET", "/api/v1/members/a-m2", null, 403 },
        { "resident", "GET", "/api/v1/members/a-m1", null, 403 },

        // Writing organizations: org-admins and grid workers, in scope, never above their root.
        { "org-admin", "PUT", "/api/v1/orgs/a-new-oa", """{"name":"新支部","kind":"branch","parentId":"a-c1"}""", 201 },
        { "grid-worker", "PUT", "/api/v1/orgs/a-new-gw", """{"name":"党小组","kind":"party-group","parentId":"a-g1"}""", 201 },
        { "org-admin", "PUT", "/api/v1/orgs/a-st1", """{"name":"一街道党工委","kind":"street","parentId":"a-d"}""", 200 },
        { "supervisor", "PUT", "/api/v1/orgs/a-new-sup", """{"name":"x","kind":"branch","parentId":"a-c1"}""", 403 },
        { "integration", "PUT", "/api/v1/orgs/a-new-int", """{"name":"x","kind":"branch","parentId":"a-c1"}""", 403 },
        { "member", "PUT", "/api/v1/orgs/a-new-mem", """{"name":"x","kind":"branch","parentId":"a-c1"}""", 403 },
        { "org-admin", "PUT", "/api/v1/orgs/a-new-out", """{"name":"x","kind":"branch","parentId":"a-st2"}""", 403 },
        { "org-admin", "PUT", "/api/v1/orgs/a-new-root", """{"name":"x","kind":"district","parentId":null}""", 403 },
        { "org-admin", "PUT", "/api/v1/orgs/a-c1", """{"name":"社区","kind":"community","parentId":"a-st2"}""", 403 },
        { "org-admin", "PUT", "/api/v1/orgs/a-st2", """{"name":"x","kind":"street","parentId":"a-d"}""", 403 },
        { "org-admin", "DELETE", "/api/v1/orgs/a-st1", null, 403 },
        { "org-admin", "DELETE", "/api/v1/orgs/a-g2", null, 403 },
        { "org-admin", "DELETE", "/api/v1/orgs/a-leaf", null, 204 },
        { "supervisor", "DELETE", "/api/v1/orgs/a-leaf2", null, 403 },

        // Writing members: the member must be in scope before and after; members only report themselves in.
        { "org-admin", "PUT", "/api/v1/members/a-new-m1", """{"name":"甲","status":"full","category":"retired","orgId":"a-c1"}""", 201 },
        { "org-admin", "PUT", "/api/v1/members/a-new-m2", """{"name":"乙","status":"full","category":"retired","orgId":"a-st2","residenceGridId":"a-g1"}""", 201 },
        { "org-admin", "PUT", "/api/v1/members/a-new-m3", """{"name":"丙","status":"full","category":"retired","orgId":"a-st2"}""", 403 },
        { "org-admin", "PUT", "/api/v1/members/a-m3", """{"name":"丁","status":"full","category":"retired","orgId":"a-c1"}""", 403 },
        { "grid-worker", "PUT", "/api/v1/members/a-new-m4", """{"name":"戊","status":"activist","category":"student","orgId":"a-g1"}""", 201 },
        { "supervisor", "PUT", "/api/v1/members/a-new-m5", """{"name":"己","status":"full","category":"retired","orgId":"a-c1"}""", 403 },
        { "member", "PUT", "/api/v1/members/a-m1", """{"name":"庚","status":"full","category":"retired","orgId":"a-c1"}""", 403 },
        { "member", "POST", "/api/v1/members/a-m1/report-in", """{"gridId":"a-g1"}""", 200 },
        { "member", "DELETE", "/api/v1/members/a-m1/report-in", null, 204 },
        { "member", "POST", "/api/v1/members/a-m2/report-in", """{"gridId":"a-g1"}""", 403 },
        { "member", "DELETE", "/api/v1/members/a-m1", null, 403 },
        { "grid-worker", "POST", "/api/v1/members/a-m2/report-in", """{"gridId":"a-g1"}""", 200 },
        { "grid-worker", "POST", "/api/v1/members/a-m3/report-in", """{"gridId":"a-g1"}""", 403 },
        { "grid-worker", "DELETE", "/api/v1/members/a-m3", null, 403 },
        { "integration", "DELETE", "/api/v1/members/a-m1", null, 403 },
        { "resident", "POST", "/api/v1/members/a-m1/report-in", """{"gridId":"a-g1"}""", 403 },

        // The audit trail: admins, and org-admins in scope.
        { "org-admin", "GET", "/api/v1/audit?orgId=a-c1", null, 200 },
        { "org-admin", "GET", "/api/v1/audit", null, 200 },
        { "org-admin", "GET", "/api/v1/audit?orgId=a-st2", null, 403 },
        { "supervisor", "GET", "/api/v1/audit?orgId=a-c1", null, 403 },
        { "integration", "GET", "/api/v1/audit?orgId=a-c1", null, 403 },

        // Admins reach everything.
        { "admin", "GET", "/api/v1/orgs/a-st2", null, 200 },
        { "admin", "GET", "/api/v1/members/a-m3", null, 200 },
        { "admin", "GET", "/api/v1/audit?orgId=a-st2", null, 200 },
        { "admin", "PUT", "/api/v1/orgs/a-new-admin", """{"name":"x","kind":"street","parentId":"a-d"}""", 201 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Roles_reach_their_scope_and_nothing_else(string role, string method, string path, string? body, int expected)
    {
        await EnsureTreeAsync();
        var token = role switch
        {
            "admin" => await Api.AdminAsync(),
            "member" => await Api.TokenAsync("a-member", ["member"], member: "a-m1"),
            _ => await Api.TokenAsync("a-" + role, [role], org: "a-st1"),
        };
        using var response = await Api.SendAsync(new HttpMethod(method), path, token, body is null ? null : ApiClient.Raw(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == (int)response.StatusCode, $"{role} {method} {path}: expected {expected}, got {(int)response.StatusCode} {text}");
        if (expected == 403)
        {
            await Problem.AssertAsync(response, HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task Several_roles_in_one_token_add_up()
    {
        await EnsureTreeAsync();
        var token = await Api.TokenAsync("a-both", ["member", "supervisor"], org: "a-st1", member: "a-m3");
        using var self = await Api.GetAsync("/api/v1/members/a-m3", token);
        Assert.Equal(HttpStatusCode.OK, self.StatusCode);
        using var scoped = await Api.GetAsync("/api/v1/orgs/a-c1", token);
        Assert.Equal(HttpStatusCode.OK, scoped.StatusCode);
    }

    public static TheoryData<string, string?> BadTokens => new()
    {
        { "none", null },
        { "garbage", "not-a-jwt" },
        { "wrong key", SignedTokens.Sign(key: "another-key-that-is-long-enough-to-sign-with!!") },
        { "expired", SignedTokens.Sign(expires: DateTime.UtcNow.AddMinutes(-10)) },
        { "wrong audience", SignedTokens.Sign(audience: "someone-else") },
        { "wrong issuer", SignedTokens.Sign(issuer: "someone-else") },
        { "no subject", SignedTokens.Sign(subject: null) },
        { "unsigned", new JsonWebTokenHandler().CreateToken("""{"sub":"x","role":"admin","iss":"partyactors","aud":"partyactors-api","exp":4102444800}""") },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Missing_or_bad_tokens_are_401_problems(string what, string? token)
    {
        using var response = await Api.GetAsync("/api/v1/orgs/a-d", token);
        var problem = await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.NotNull(problem);
        Assert.True(response.Headers.WwwAuthenticate.Count > 0, what);
    }

    [Fact]
    public async Task A_token_from_the_configured_issuer_is_accepted_with_its_claims_as_sent()
    {
        await EnsureTreeAsync();
        var token = SignedTokens.Sign(roles: ["supervisor"], org: "a-st1");
        using var inScope = await Api.GetAsync("/api/v1/orgs/a-c1", token);
        Assert.Equal(HttpStatusCode.OK, inScope.StatusCode);
        using var outOfScope = await Api.GetAsync("/api/v1/orgs/a-st2", token);
        Assert.Equal(HttpStatusCode.Forbidden, outOfScope.StatusCode);
    }

    [Theory]
    [InlineData("roles", """{"sub":"x","roles":[]}""")]
    [InlineData("roles", """{"sub":"x","roles":["emperor"]}""")]
    [InlineData("sub", """{"roles":["admin"]}""")]
    [InlineData("org", """{"sub":"x","roles":["supervisor"]}""")]
    [InlineData("org", """{"sub":"x","roles":["supervisor"],"org":"bad org"}""")]
    [InlineData("member", """{"sub":"x","roles":["member"]}""")]
    public async Task Dev_token_requests_are_validated(string field, string json)
    {
        using var response = await Api.SendAsync(HttpMethod.Post, "/api/v1/auth/dev-token", null, ApiClient.Raw(json));
        await Problem.AssertInvalidAsync(response, field);
    }

    private async Task EnsureTreeAsync()
    {
        await Api.PlaceAsync("a-d", null, "district");
        await Api.PlaceAsync("a-st1", "a-d", "street");
        await Api.PlaceAsync("a-c1", "a-st1", "community");
        await Api.PlaceAsync("a-g1", "a-c1", "grid");
        await Api.PlaceAsync("a-st2", "a-d", "street");
        await Api.PlaceAsync("a-g2", "a-st2", "grid");
        await Api.PlaceAsync("a-leaf", "a-c1", "party-group");
        await Api.PlaceAsync("a-leaf2", "a-c1", "party-group");
        await Api.EnrollAsync("a-m1", "a-c1");
        await Api.EnrollAsync("a-m2", "a-st2", residenceGridId: "a-g1");
        await Api.EnrollAsync("a-m3", "a-st2");
    }
}
