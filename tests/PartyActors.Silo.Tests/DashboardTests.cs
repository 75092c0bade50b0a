using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.Net.Http.Headers;

namespace PartyActors.Silo.Tests;

/// <summary>The Orleans Dashboard at /orleans: admins only, by bearer token or by a session cookie opened with one.</summary>
[Collection(SiloCollection.Name)]
public sealed class DashboardTests(SiloFixture silo) : IDisposable
{
    private const string Cookie = "PartyActors.Dashboard";

    // Redirects are what these tests look at, so they are not followed.
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = silo.Api.BaseAddress };

    private ApiClient Api => silo.Api;

    [Fact]
    public async Task Only_admins_reach_the_dashboard_and_its_data()
    {
        using (var anonymous = await _http.GetAsync("/orleans/DashboardCounters"))
        {
            await Problem.AssertAsync(anonymous, HttpStatusCode.Unauthorized);
        }

        using (var browser = await SendAsync(HttpMethod.Get, "/orleans/", r => r.Headers.Accept.ParseAdd("text/html")))
        {
            Assert.Equal(HttpStatusCode.Redirect, browser.StatusCode);
            Assert.Equal("/orleans/sign-in", browser.Headers.Location?.OriginalString);
        }

        var supervisor = await Api.TokenAsync("d-supervisor", ["supervisor"], "d-root");
        using (var refused = await SendAsync(HttpMethod.Get, "/orleans/", Bearer(supervisor)))
        {
            await Problem.AssertAsync(refused, HttpStatusCode.Forbidden);
        }

        var admin = await Api.AdminAsync();
        using (var page = await SendAsync(HttpMethod.Get, "/orleans/", Bearer(admin)))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<title>Orleans Dashboard</title>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The dashboard grain samples the cluster every second.
        var counters = await EventuallyAsync("/orleans/DashboardCounters", Bearer(admin), c => c["totalActiveHostCount"]!.GetValue<int>() >= 1);
        Assert.Equal("Active", counters["hosts"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_admin_signs_in_once_and_the_session_cookie_opens_the_dashboard_and_nothing_else()
    {
        using (var form = await _http.GetAsync("/orleans/sign-in"))
        {
            Assert.Equal(HttpStatusCode.OK, form.StatusCode);
            Assert.Equal("text/html", form.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<form method=\"post\" action=\"/orleans/sign-in\">", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var admin = await Api.AdminAsync();
        string session;
        using (var signedIn = await SignInAsync(admin))
        {
            Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
            Assert.Equal("/orleans/", signedIn.Headers.Location?.OriginalString);
            var cookie = SessionCookie(signedIn);
            Assert.Equal("/orleans", cookie.Path.ToString());
            Assert.True(cookie.HttpOnly, "HttpOnly");
            Assert.Equal(SameSiteMode.Strict, cookie.SameSite);
            session = cookie.Value.ToString();

            // A short session of its own, not a copy of the API token.
            var token = new JsonWebToken(session);
            Assert.Equal(["partyactors-dashboard"], token.Audiences);
            Assert.Equal("admin-1", token.Subject);
            Assert.Equal(TimeSpan.FromMinutes(15), token.ValidTo - token.IssuedAt);
            Assert.Equal(token.ValidTo, cookie.Expires!.Value.UtcDateTime, TimeSpan.FromSeconds(1));
        }

        var withCookie = WithCookie(session);
        using (var page = await SendAsync(HttpMethod.Get, "/orleans/", r => { withCookie(r); r.Headers.Accept.ParseAdd("text/html"); }))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        await EventuallyAsync("/orleans/DashboardCounters", withCookie, c => c["hosts"] is JsonArray);

        // The API takes neither the cookie nor the session as a bearer token.
        await Api.PlaceAsync("d-cookie", null, "street");
        using (var api = await SendAsync(HttpMethod.Get, "/api/v1/orgs/d-cookie", withCookie))
        {
            await Problem.AssertAsync(api, HttpStatusCode.Unauthorized);
        }

        using (var bearer = await SendAsync(HttpMethod.Get, "/api/v1/orgs/d-cookie", Bearer(session)))
        {
            await Problem.AssertAsync(bearer, HttpStatusCode.Unauthorized);
        }

        using var signedOut = await SendAsync(HttpMethod.Post, "/orleans/sign-out", withCookie);
        Assert.Equal(HttpStatusCode.SeeOther, signedOut.StatusCode);
        var cleared = SessionCookie(signedOut);
        Assert.Equal(string.Empty, cleared.Value.ToString());
        Assert.True(cleared.Expires < DateTimeOffset.UtcNow, "the cookie is expired");
    }

    [Fact]
    public async Task Sign_in_refuses_other_roles_and_bad_tokens_and_a_session_never_outlives_its_token()
    {
        var supervisor = await Api.TokenAsync("d-supervisor", ["supervisor"], "d-root");
        using (var refused = await SignInAsync(supervisor))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("no admin role", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.False(refused.Headers.Contains(HeaderNames.SetCookie));
        }

        using (var garbage = await SignInAsync("not-a-token"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode);
            Assert.False(garbage.Headers.Contains(HeaderNames.SetCookie));
        }

        // A bearer header works too (scripts); refusals are then problems.
        using (var wrongKey = await SendAsync(HttpMethod.Post, "/orleans/sign-in", Bearer(SignedTokens.Sign(key: "another-issuers-signing-key-0123456789"))))
        {
            var problem = await Problem.AssertAsync(wrongKey, HttpStatusCode.Unauthorized);
            Assert.Equal("invalid-token", problem["code"]!.GetValue<string>());
        }

        var soon = DateTime.UtcNow.AddMinutes(2);
        using var shortLived = await SendAsync(HttpMethod.Post, "/orleans/sign-in", Bearer(SignedTokens.Sign(expires: soon)));
        Assert.Equal(HttpStatusCode.SeeOther, shortLived.StatusCode);
        Assert.Equal(soon, new JsonWebToken(SessionCookie(shortLived).Value.ToString()).ValidTo, TimeSpan.FromSeconds(1));
    }

    public void Dispose() => _http.Dispose();

    private static Action<HttpRequestMessage> Bearer(string token) => r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

    private static Action<HttpRequestMessage> WithCookie(string session) => r => r.Headers.Add(HeaderNames.Cookie, $"{Cookie}={session}");

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Action<HttpRequestMessage> configure)
    {
        using var request = new HttpRequestMessage(method, path);
        configure(request);
        return await _http.SendAsync(request);
    }

    private Task<HttpResponseMessage> SignInAsync(string token) =>
        _http.PostAsync("/orleans/sign-in", new FormUrlEncodedContent([new("token", token)]));

    private static SetCookieHeaderValue SessionCookie(HttpResponseMessage response) =>
        SetCookieHeaderValue.ParseList([.. response.Headers.GetValues(HeaderNames.SetCookie)]).Single(c => c.Name == Cookie);

    private async Task<JsonObject> EventuallyAsync(string path, Action<HttpRequestMessage> configure, Func<JsonObject, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            using var response = await SendAsync(HttpMethod.Get, path, configure);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
            var json = JsonNode.Parse(text)!.AsObject();
            if (condition(json))
            {
                return json;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting on {path}; last answer: {text}");
            await Task.Delay(100);
        }
    }
}
