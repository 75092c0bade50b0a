using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace PartyActors.Silo.Tests;

/// <summary>
/// What the supervisors' dashboard and the member page add to the API (docs/dashboard.md): stream
/// tickets for a browser's EventSource (scope, routes, expiry), the thresholds, a member's
/// commitments and rank, and the pages themselves.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class WebUiApiTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    [Fact]
    public async Task A_ticket_opens_the_stream_of_an_organization_in_the_callers_scope_and_no_other()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("wt-root", null, "district");
        await Api.PlaceAsync("wt-street-a", "wt-root", "street");
        await Api.PlaceAsync("wt-street-b", "wt-root", "street");
        await Api.PlaceAsync("wt-grid-a", "wt-street-a", "grid");
        var supervisor = await Api.TokenAsync("sup-a", ["supervisor"], org: "wt-street-a");

        var ticket = await TicketAsync(supervisor);
        Assert.True(DateTimeOffset.Parse(ticket["expiresAt"]!.GetValue<string>(), CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow);
        var value = ticket["ticket"]!.GetValue<string>();

        using (var below = await OpenWithTicketAsync("wt-grid-a", value))
        {
            Assert.Equal(HttpStatusCode.OK, below.StatusCode);
            Assert.Equal("text/event-stream", below.Content.Headers.ContentType?.MediaType);
            using var reader = new StreamReader(await below.Content.ReadAsStreamAsync());
            Assert.Equal("event: rollup", await reader.ReadLineAsync());
        }

        using (var sibling = await OpenWithTicketAsync("wt-street-b", value))
        {
            await Problem.AssertAsync(sibling, HttpStatusCode.Forbidden);
        }

        using (var above = await OpenWithTicketAsync("wt-root", value))
        {
            await Problem.AssertAsync(above, HttpStatusCode.Forbidden);
        }

        // An admin's ticket reaches everything, as its token does.
        using var anywhere = await OpenWithTicketAsync("wt-street-b", (await TicketAsync(admin))["ticket"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, anywhere.StatusCode);
    }

    [Fact]
    public async Task A_ticket_is_accepted_only_on_stream_routes_and_only_in_the_query()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("wt-only", null, "community");
        var ticket = (await TicketAsync(admin))["ticket"]!.GetValue<string>();

        // Not on another route, not even a read.
        using (var read = await Api.Http.GetAsync(new Uri($"/api/v1/orgs/wt-only?ticket={ticket}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        }

        // Not as a bearer token.
        using (var asBearer = await Api.GetAsync("/api/v1/orgs/wt-only/rollup/stream", ticket))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, asBearer.StatusCode);
        }

        // An API token is not a ticket.
        using (var tokenAsTicket = await OpenWithTicketAsync("wt-only", admin))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, tokenAsTicket.StatusCode);
        }

        using (var forged = await OpenWithTicketAsync("wt-only", ticket[..^4] + "AAAA"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }

        // The bearer header still opens the stream.
        await using var stream = await EventStreamReader.OpenAsync(Api.Http, "wt-only", admin);
    }

    [Fact]
    public async Task Tickets_are_for_callers_who_read_organizations()
    {
        await Api.PlaceAsync("wt-member-org", null, "branch");
        var member = await Api.TokenAsync("m-1", ["member"], member: "wt-m-1");
        using var refused = await Api.PostAsync("/api/v1/streams/tickets", member, new { });
        await Problem.AssertAsync(refused, HttpStatusCode.Forbidden);

        using var anonymous = await Api.PostAsync("/api/v1/streams/tickets", null, new { });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task An_expired_ticket_opens_nothing()
    {
        await using var factory = new SiloFactory(new Dictionary<string, string?>
        {
            ["WebUi:StreamTicketLifetime"] = "00:00:02",
            ["Auth:ClockSkew"] = "00:00:00",
        });
        using var api = factory.Start();
        var admin = await api.AdminAsync();
        await api.PlaceAsync("wt-expiring", null, "community");
        using var response = await api.PostAsync("/api/v1/streams/tickets", admin, new { });
        var ticket = (await ReadOkAsync(response))["ticket"]!.GetValue<string>();

        using (var fresh = await OpenWithTicketAsync(api.Http, "wt-expiring", ticket))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        // Polls past the two-second lifetime (a JWT's expiry is in whole seconds): the same ticket is then refused.
        var clock = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            await Task.Delay(250);
            using var again = await OpenWithTicketAsync(api.Http, "wt-expiring", ticket);
            status = again.StatusCode;
        }
        while (status == HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task The_settings_carry_the_thresholds_with_their_documented_defaults()
    {
        var supervisor = await Api.TokenAsync("sup-settings", ["supervisor"], org: "wt-root");
        var settings = await Api.GetJsonAsync("/api/v1/dashboard/settings", supervisor);
        var reportIn = settings["thresholds"]!["reportInRate"]!;
        Assert.Equal(90, reportIn["green"]!.GetValue<double>());
        Assert.Equal(70, reportIn["yellow"]!.GetValue<double>());
        Assert.Equal("higher", reportIn["better"]!.GetValue<string>());
        Assert.Equal("lower", settings["thresholds"]!["commitmentsOverdueRate"]!["better"]!.GetValue<string>());
        Assert.Equal(4.5, settings["thresholds"]!["satisfaction"]!["green"]!.GetValue<double>());
        Assert.Equal("lower", settings["thresholds"]!["errandsOverdueRate"]!["better"]!.GetValue<string>());
        Assert.Equal(10, settings["thresholds"]!["agreementItemsOverdueRate"]!["yellow"]!.GetValue<double>());
        Assert.Equal(60, settings["streamTicketLifetimeSeconds"]!.GetValue<double>());

        using var anonymous = await Api.GetAsync("/api/v1/dashboard/settings", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Thresholds_are_configurable_and_a_green_on_the_wrong_side_of_yellow_is_refused_at_start()
    {
        await using (var configured = new SiloFactory(new Dictionary<string, string?> { ["WebUi:Thresholds:ReportInRate:Green"] = "95" }))
        {
            using var api = configured.Start();
            var settings = await api.GetJsonAsync("/api/v1/dashboard/settings", await api.AdminAsync());
            Assert.Equal(95, settings["thresholds"]!["reportInRate"]!["green"]!.GetValue<double>());
        }

        await using var wrong = new SiloFactory(new Dictionary<string, string?> { ["WebUi:Thresholds:CommitmentsOverdueRate:Green"] = "50" });
        var failure = Assert.ThrowsAny<Exception>(() => wrong.Start());
        Assert.Contains("WebUi:Thresholds", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_reads_its_own_commitments_and_rank_and_not_another_members()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("wt-branch", null, "branch");
        await Api.EnrollAsync("wt-m-a", "wt-branch");
        await Api.EnrollAsync("wt-m-b", "wt-branch");
        var dueOn = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using (var made = await Api.PostAsync("/api/v1/members/wt-m-a/commitments", admin, new { title = "义务巡逻", target = 4, unit = "次", dueOn }))
        {
            Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        }

        using (var award = await Api.PostAsync("/api/v1/members/wt-m-b/points", admin, new { points = 5, reason = "服务", sourceId = "wt-award-1" }))
        {
            Assert.True(award.IsSuccessStatusCode, await award.Content.ReadAsStringAsync());
        }

        var self = await Api.TokenAsync("wt-m-a", ["member"], member: "wt-m-a");
        var commitments = await Api.GetJsonAsync("/api/v1/members/wt-m-a/commitments", self);
        var item = Assert.Single(commitments["items"]!.AsArray());
        Assert.Equal("义务巡逻", item!["title"]!.GetValue<string>());
        Assert.Equal("open", item["status"]!.GetValue<string>());

        var rank = await Api.GetJsonAsync("/api/v1/members/wt-m-a/rank", self);
        Assert.Equal(2, rank["rank"]!.GetValue<int>());
        Assert.Equal(2, rank["of"]!.GetValue<int>());
        Assert.Equal("wt-branch", rank["orgId"]!.GetValue<string>());
        var other = await Api.GetJsonAsync("/api/v1/members/wt-m-b/rank", admin);
        Assert.Equal(1, other["rank"]!.GetValue<int>());
        Assert.Equal(5, other["points"]!.GetValue<long>());

        using (var notMine = await Api.GetAsync("/api/v1/members/wt-m-b/commitments", self))
        {
            await Problem.AssertAsync(notMine, HttpStatusCode.Forbidden);
        }

        using (var notMyRank = await Api.GetAsync("/api/v1/members/wt-m-b/rank", self))
        {
            await Problem.AssertAsync(notMyRank, HttpStatusCode.Forbidden);
        }

        using (var badPeriod = await Api.GetAsync("/api/v1/members/wt-m-a/rank?period=last-week", self))
        {
            await Problem.AssertInvalidAsync(badPeriod, "period");
        }

        using var badStatus = await Api.GetAsync("/api/v1/members/wt-m-a/commitments?status=late", self);
        await Problem.AssertInvalidAsync(badStatus, "status");
    }

    [Fact]
    public async Task The_pages_are_served_at_the_root_and_at_m_with_their_assets_and_no_cdn()
    {
        using var dashboard = await Api.Http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal("text/html", dashboard.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", dashboard.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await dashboard.Content.ReadAsStringAsync();
        Assert.Contains("<pa-dashboard>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);

        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(/assets/[^\"]+\\.js)\"").Groups[1].Value;
        using var asset = await Api.Http.GetAsync(new Uri(script, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Contains("immutable", asset.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, script);
        conditional.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(asset.Headers.ETag!.ToString()));
        using var notModified = await Api.Http.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var member = await Api.Http.GetAsync(new Uri("/m/", UriKind.Relative));
        Assert.Contains("<pa-member>", await member.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var noSlash = await new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Api.Http.BaseAddress }
            .GetAsync(new Uri("/m", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, noSlash.StatusCode);
        Assert.Equal("/m/", noSlash.Headers.Location?.OriginalString);

        using var missing = await Api.Http.GetAsync(new Uri("/assets/nothing-here.js", UriKind.Relative));
        await Problem.AssertAsync(missing, HttpStatusCode.NotFound);
    }

    private async Task<JsonObject> TicketAsync(string token)
    {
        using var response = await Api.PostAsync("/api/v1/streams/tickets", token, new { });
        return await ReadOkAsync(response);
    }

    private static async Task<JsonObject> ReadOkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private Task<HttpResponseMessage> OpenWithTicketAsync(string orgId, string ticket) => OpenWithTicketAsync(Api.Http, orgId, ticket);

    private static Task<HttpResponseMessage> OpenWithTicketAsync(HttpClient http, string orgId, string ticket)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orgs/{orgId}/rollup/stream?ticket={Uri.EscapeDataString(ticket)}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
