using System.Net;
using System.Text.Json.Nodes;
using PartyActors.Grains;

namespace PartyActors.Silo.Tests;

/// <summary>Organizational life over HTTP (docs/organizational-life.md): meetings, templates, compliance, access and bad input per route.</summary>
[Collection(SiloCollection.Name)]
public sealed class LifeApiTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    /// <summary>Today in China Standard Time, where meeting dates are days.</summary>
    private static DateOnly Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);

    private static string ThisMonth => ReportPeriod.Containing(PeriodGranularity.Month, DateTimeOffset.UtcNow).ToString();

    private static object Meeting(string type = "committee-meeting", string[]? attendees = null, string? date = null, string minutes = "传达学习上级会议精神。", string? topic = null) =>
        new { type, date = date ?? Today.ToString("yyyy-MM-dd"), attendees = attendees ?? [], minutes, topic };

    /// <summary>A community <paramref name="prefix"/> with a branch <c>{prefix}-b</c> of three full members <c>{prefix}-m1..3</c>.</summary>
    private async Task PlaceAsync(string prefix)
    {
        await Api.PlaceAsync(prefix, null, "community");
        await Api.PlaceAsync(prefix + "-b", prefix, "branch");
        for (var i = 1; i <= 3; i++)
        {
            await Api.EnrollAsync($"{prefix}-m{i}", prefix + "-b");
        }
    }

    [Fact]
    public async Task A_meeting_is_recorded_with_its_quorum_listed_and_counted_in_the_roll_up()
    {
        await PlaceAsync("lf-r");
        var orgAdmin = await Api.TokenAsync("oa", ["org-admin"], org: "lf-r");
        await Api.EventuallyAsync("/api/v1/orgs/lf-r/rollup", orgAdmin,
            r => r["metrics"]!["meetingsRequired"]!.GetValue<long>() == 3 + 5 && r["metrics"]!["meetingsHeld"]!.GetValue<long>() == 0, "the defaults count at once");

        using var response = await Api.PostAsync("/api/v1/orgs/lf-r-b/meetings", orgAdmin, Meeting(attendees: ["lf-r-m1", "lf-r-m2"], topic: "支委会"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var created = JsonNode.Parse(text)!.AsObject();
        var id = created["id"]!.GetValue<string>();
        Assert.StartsWith("mt-" + Today.ToString("yyyyMMdd") + "-", id, StringComparison.Ordinal);
        Assert.Equal($"/api/v1/meetings/{id}", response.Headers.Location?.OriginalString);
        Assert.True(created["counts"]!.GetValue<bool>());
        Assert.Equal((2, 3, 2, true), (created["quorum"]!["attendees"]!.GetValue<int>(), created["quorum"]!["members"]!.GetValue<int>(),
            created["quorum"]!["needed"]!.GetValue<int>(), created["quorum"]!["met"]!.GetValue<bool>()));

        using (var alone = await Api.PostAsync("/api/v1/orgs/lf-r-b/meetings", orgAdmin, Meeting("party-lesson", ["lf-r-m3"])))
        {
            Assert.Equal(HttpStatusCode.Created, alone.StatusCode);
            Assert.False(JsonNode.Parse(await alone.Content.ReadAsStringAsync())!["counts"]!.GetValue<bool>());
        }

        var read = await Api.GetJsonAsync($"/api/v1/meetings/{id}", orgAdmin);
        Assert.Equal(("lf-r-b", "committee-meeting", "支委会"), (read["orgId"]!.GetValue<string>(), read["type"]!.GetValue<string>(), read["topic"]!.GetValue<string>()));
        var page = await Api.GetJsonAsync($"/api/v1/orgs/lf-r-b/meetings?period={ThisMonth}&limit=1", orgAdmin);
        Assert.Single(page["items"]!.AsArray());
        var rest = await Api.GetJsonAsync($"/api/v1/orgs/lf-r-b/meetings?period={ThisMonth}&after={page["next"]!.GetValue<string>()}", orgAdmin);
        Assert.Single(rest["items"]!.AsArray());
        Assert.Null(rest["next"]);

        await Api.EventuallyAsync("/api/v1/orgs/lf-r/rollup", orgAdmin,
            r => r["metrics"]!["meetingsRequired"]!.GetValue<long>() == 8 && r["metrics"]!["meetingsHeld"]!.GetValue<long>() == 1, "the committee meeting counts, the lesson without quorum does not");
        var life = await Api.GetJsonAsync("/api/v1/orgs/lf-r-b/life", orgAdmin);
        Assert.Equal((5, 1), (life["meetingsRequired"]!.GetValue<long>(), life["meetingsHeld"]!.GetValue<long>()));
        Assert.Equal("branch", life["kind"]!.GetValue<string>());

        var compliance = await Api.GetJsonAsync($"/api/v1/orgs/lf-r-b/life/compliance?period={ThisMonth}", orgAdmin);
        var committee = compliance["items"]!.AsArray().Single(i => i!["activity"]!.GetValue<string>() == "committee-meeting")!;
        Assert.Equal("met", committee["cycles"]![0]!["status"]!.GetValue<string>());
        var lesson = compliance["items"]!.AsArray().Single(i => i!["activity"]!.GetValue<string>() == "party-lesson")!;
        Assert.Equal("due", lesson["cycles"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_subtree_lists_the_organizations_that_missed_an_activity_in_a_period()
    {
        await PlaceAsync("lf-n");
        await Api.PlaceAsync("lf-n-b2", "lf-n", "branch");
        var supervisor = await Api.TokenAsync("sv", ["supervisor"], org: "lf-n");
        var lastMonth = ReportPeriod.Containing(PeriodGranularity.Month, ReportPeriod.LastBoundary(DateTimeOffset.UtcNow).AddTicks(-1));
        var lastDay = DateOnly.FromDateTime(lastMonth.End.AddDays(-1).DateTime);
        using (var held = await Api.PostAsync("/api/v1/orgs/lf-n-b/meetings", await Api.AdminAsync(),
            Meeting(attendees: ["lf-n-m1", "lf-n-m2"], date: lastDay.ToString("yyyy-MM-dd"))))
        {
            Assert.Equal(HttpStatusCode.Created, held.StatusCode);
        }

        var report = await Api.GetJsonAsync($"/api/v1/orgs/lf-n/life/noncompliant?period={lastMonth}", supervisor);
        Assert.Equal(3, report["organizations"]!.GetValue<int>());
        var missed = report["items"]!.AsArray().ToDictionary(i => i!["orgId"]!.GetValue<string>(), i => i!["missed"]!.GetValue<int>());
        Assert.True(missed.ContainsKey("lf-n") && missed.ContainsKey("lf-n-b2"), report.ToJsonString());
        Assert.Equal(missed.GetValueOrDefault("lf-n-b") + 1, missed["lf-n-b2"]);
        Assert.Equal(3 - missed.Count, report["compliant"]!.GetValue<int>());

        var nextYear = ReportPeriod.OfYear(DateTimeOffset.UtcNow.Year + 1);
        var future = await Api.GetJsonAsync($"/api/v1/orgs/lf-n/life/noncompliant?period={nextYear}", supervisor);
        Assert.Empty(future["items"]!.AsArray());
        Assert.Equal(3, future["compliant"]!.GetValue<int>());

        using var outside = await Api.GetAsync($"/api/v1/orgs/lf-n/life/noncompliant?period={lastMonth}", await Api.TokenAsync("sv", ["supervisor"], org: "lf-n-b"));
        await Problem.AssertAsync(outside, HttpStatusCode.Forbidden);
        using var noPeriod = await Api.GetAsync("/api/v1/orgs/lf-n/life/noncompliant", supervisor);
        await Problem.AssertInvalidAsync(noPeriod, "period");
        using var unknown = await Api.GetAsync($"/api/v1/orgs/lf-n-nowhere/life/noncompliant?period={lastMonth}", await Api.AdminAsync());
        await Problem.AssertAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Templates_are_set_read_with_where_they_come_from_and_removed()
    {
        await PlaceAsync("lf-t");
        var orgAdmin = await Api.TokenAsync("oa", ["org-admin"], org: "lf-t");
        var defaults = await Api.GetJsonAsync("/api/v1/orgs/lf-t-b/life/template", orgAdmin);
        Assert.Null(defaults["definedAt"]);
        Assert.Null(defaults["own"]);
        Assert.Equal(5, defaults["requirements"]!.AsArray().Count);

        var template = new { kinds = new object[] { new { kind = "branch", requirements = new[] { new { activity = "party-day", cadence = "monthly" } } } } };
        using (var put = await Api.PutAsync("/api/v1/orgs/lf-t/life/template", orgAdmin, template))
        {
            var text = await put.Content.ReadAsStringAsync();
            Assert.True(put.StatusCode == HttpStatusCode.OK, text);
            var answer = JsonNode.Parse(text)!;
            Assert.Equal(2, answer["refreshed"]!.GetValue<int>());
            Assert.Equal("party-day", answer["own"]!["kinds"]![0]!["requirements"]![0]!["activity"]!.GetValue<string>());
        }

        var inherited = await Api.GetJsonAsync("/api/v1/orgs/lf-t-b/life/template", orgAdmin);
        Assert.Equal("lf-t", inherited["definedAt"]!.GetValue<string>());
        Assert.Equal("monthly", inherited["requirements"]![0]!["cadence"]!.GetValue<string>());
        await Api.EventuallyAsync("/api/v1/orgs/lf-t/rollup", orgAdmin, r => r["metrics"]!["meetingsRequired"]!.GetValue<long>() == 3 + 1, "the branch requires one");

        using (var delete = await Api.DeleteAsync("/api/v1/orgs/lf-t/life/template", orgAdmin))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        Assert.Null((await Api.GetJsonAsync("/api/v1/orgs/lf-t-b/life/template", orgAdmin))["definedAt"]);
        await Api.EventuallyAsync("/api/v1/orgs/lf-t/rollup", orgAdmin, r => r["metrics"]!["meetingsRequired"]!.GetValue<long>() == 3 + 5, "the defaults again");
    }

    [Theory]
    [InlineData("type", """{"type":"tea-party","date":"2026-12-01","attendees":[],"minutes":"x"}""")]
    [InlineData("type", """{"date":"2026-12-01","attendees":[],"minutes":"x"}""")]
    [InlineData("date", """{"type":"committee-meeting","attendees":[],"minutes":"x"}""")]
    [InlineData("date", """{"type":"committee-meeting","date":"2099-01-01","attendees":[],"minutes":"x"}""")]
    [InlineData("date", """{"type":"committee-meeting","date":"2020-01-01","attendees":[],"minutes":"x"}""")]
    [InlineData("attendees", """{"type":"committee-meeting","date":"2026-12-01","minutes":"x"}""")]
    [InlineData("attendees", """{"type":"committee-meeting","date":"2026-12-01","attendees":["lf-v-m1","lf-v-m1"],"minutes":"x"}""")]
    [InlineData("attendees", """{"type":"committee-meeting","date":"2026-12-01","attendees":["bad id!"],"minutes":"x"}""")]
    [InlineData("minutes", """{"type":"committee-meeting","date":"2026-12-01","attendees":[],"minutes":"  "}""")]
    [InlineData("topic", """{"type":"committee-meeting","date":"2026-12-01","attendees":[],"minutes":"x","topic":""}""")]
    public async Task Bad_meetings_are_400_naming_the_field(string field, string json)
    {
        await PlaceAsync("lf-v");

        using var response = await Api.PostAsync("/api/v1/orgs/lf-v-b/meetings", await Api.AdminAsync(), ApiClient.Raw(json));

        await Problem.AssertInvalidAsync(response, field);
    }

    [Theory]
    [InlineData("kinds", """{}""")]
    [InlineData("kinds[0].kind", """{"kinds":[{"kind":"castle","requirements":[]}]}""")]
    [InlineData("kinds[0].requirements", """{"kinds":[{"kind":"branch"}]}""")]
    [InlineData("kinds[0].requirements[0].cadence", """{"kinds":[{"kind":"branch","requirements":[{"activity":"party-day","cadence":"weekly"}]}]}""")]
    [InlineData("kinds[0].requirements[1].activity", """{"kinds":[{"kind":"branch","requirements":[{"activity":"party-day","cadence":"monthly"},{"activity":"party-day","cadence":"yearly"}]}]}""")]
    [InlineData("kinds[1].kind", """{"kinds":[{"kind":"grid","requirements":[]},{"kind":"grid","requirements":[]}]}""")]
    public async Task Bad_templates_are_400_naming_the_field(string field, string json)
    {
        await Api.PlaceAsync("lf-bt", null, "community");

        using var response = await Api.PutAsync("/api/v1/orgs/lf-bt/life/template", await Api.AdminAsync(), ApiClient.Raw(json));

        await Problem.AssertInvalidAsync(response, field);
    }

    [Fact]
    public async Task Strangers_are_422_naming_them_and_unknown_things_404_and_bad_queries_400()
    {
        await PlaceAsync("lf-u");
        await Api.EnrollAsync("lf-u-cm", "lf-u");
        await Api.EnrollAsync("lf-u-app", "lf-u-b", status: "applicant");
        var admin = await Api.AdminAsync();

        using (var strangers = await Api.PostAsync("/api/v1/orgs/lf-u-b/meetings", admin, Meeting(attendees: ["lf-u-m1", "lf-u-cm", "lf-u-app", "lf-u-nobody"])))
        {
            var problem = await Problem.AssertAsync(strangers, HttpStatusCode.UnprocessableEntity);
            Assert.Equal(LifeRules.NotAMember, problem["code"]!.GetValue<string>());
            var message = problem["errors"]!["attendees"]![0]!.GetValue<string>();
            Assert.Contains("lf-u-cm", message, StringComparison.Ordinal);
            Assert.Contains("lf-u-app", message, StringComparison.Ordinal);
            Assert.Contains("lf-u-nobody", message, StringComparison.Ordinal);
            Assert.DoesNotContain("lf-u-m1", message, StringComparison.Ordinal);
        }

        Assert.Empty((await Api.GetJsonAsync("/api/v1/orgs/lf-u-b/meetings", admin))["items"]!.AsArray());
        using (var unknownOrg = await Api.PostAsync("/api/v1/orgs/lf-u-nowhere/meetings", admin, Meeting()))
        {
            await Problem.AssertAsync(unknownOrg, HttpStatusCode.NotFound);
        }

        foreach (var path in new[] { "/api/v1/orgs/lf-u-nowhere/life", "/api/v1/orgs/lf-u-nowhere/life/template", "/api/v1/orgs/lf-u-nowhere/life/compliance?period=2026", "/api/v1/meetings/mt-nothing" })
        {
            using var missing = await Api.GetAsync(path, admin);
            await Problem.AssertAsync(missing, HttpStatusCode.NotFound);
        }

        foreach (var (path, field) in new[]
        {
            ("/api/v1/orgs/lf-u-b/life/compliance", "period"),
            ("/api/v1/orgs/lf-u-b/life/compliance?period=2026-13", "period"),
            ("/api/v1/orgs/lf-u-b/meetings?period=last-week", "period"),
            ("/api/v1/orgs/lf-u-b/meetings?limit=0", "limit"),
            ("/api/v1/orgs/lf-u-b/meetings?after=bad%20id", "after"),
            ("/api/v1/orgs/bad%20id/life", "orgId"),
            ("/api/v1/meetings/bad%20id", "meetingId"),
        })
        {
            using var bad = await Api.GetAsync(path, admin);
            await Problem.AssertInvalidAsync(bad, field);
        }
    }

    [Fact]
    public async Task Readers_read_in_scope_writers_write_in_scope_and_everyone_else_is_403()
    {
        await PlaceAsync("lf-a");
        await Api.PlaceAsync("lf-a-other", null, "community");
        var admin = await Api.AdminAsync();
        using var made = await Api.PostAsync("/api/v1/orgs/lf-a-b/meetings", admin, Meeting(attendees: ["lf-a-m1", "lf-a-m2"]));
        var meetingId = JsonNode.Parse(await made.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        var template = new { kinds = new object[] { new { kind = "branch", requirements = Array.Empty<object>() } } };
        string[] reads = ["/api/v1/orgs/lf-a-b/life", "/api/v1/orgs/lf-a-b/life/template", $"/api/v1/orgs/lf-a-b/life/compliance?period={ThisMonth}", "/api/v1/orgs/lf-a-b/meetings", $"/api/v1/meetings/{meetingId}"];

        foreach (var role in new[] { "supervisor", "grid-worker", "org-admin" })
        {
            var token = await Api.TokenAsync("in", [role], org: "lf-a");
            foreach (var path in reads)
            {
                using var ok = await Api.GetAsync(path, token);
                Assert.True(ok.StatusCode == HttpStatusCode.OK, $"{role} {path}: {(int)ok.StatusCode}");
            }

            var outside = await Api.TokenAsync("out", [role], org: "lf-a-other");
            foreach (var path in reads)
            {
                using var refused = await Api.GetAsync(path, outside);
                await Problem.AssertAsync(refused, HttpStatusCode.Forbidden);
            }
        }

        foreach (var role in new[] { "member", "resident" })
        {
            var token = await Api.TokenAsync("m", [role], org: "lf-a", member: "lf-a-m1");
            foreach (var path in reads)
            {
                using var refused = await Api.GetAsync(path, token);
                await Problem.AssertAsync(refused, HttpStatusCode.Forbidden);
            }
        }

        foreach (var (role, allowed) in new[] { ("supervisor", false), ("member", false), ("integration", false), ("grid-worker", true), ("org-admin", true) })
        {
            using var record = await Api.PostAsync("/api/v1/orgs/lf-a-b/meetings", await Api.TokenAsync("w", [role], org: "lf-a", member: "lf-a-m1"), Meeting("party-day", ["lf-a-m1"]));
            if (allowed)
            {
                Assert.Equal(HttpStatusCode.Created, record.StatusCode);
            }
            else
            {
                await Problem.AssertAsync(record, HttpStatusCode.Forbidden);
            }
        }

        foreach (var (role, allowed) in new[] { ("supervisor", false), ("grid-worker", false), ("member", false), ("org-admin", true) })
        {
            var token = await Api.TokenAsync("w", [role], org: "lf-a", member: "lf-a-m1");
            using var put = await Api.PutAsync("/api/v1/orgs/lf-a-b/life/template", token, template);
            using var delete = await Api.DeleteAsync("/api/v1/orgs/lf-a-b/life/template", token);
            if (allowed)
            {
                Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NoContent), (put.StatusCode, delete.StatusCode));
            }
            else
            {
                await Problem.AssertAsync(put, HttpStatusCode.Forbidden);
                await Problem.AssertAsync(delete, HttpStatusCode.Forbidden);
            }
        }

        var outsider = await Api.TokenAsync("oa", ["org-admin"], org: "lf-a-other");
        using (var record = await Api.PostAsync("/api/v1/orgs/lf-a-b/meetings", outsider, Meeting()))
        {
            await Problem.AssertAsync(record, HttpStatusCode.Forbidden);
        }

        using (var put = await Api.PutAsync("/api/v1/orgs/lf-a-b/life/template", outsider, template))
        {
            await Problem.AssertAsync(put, HttpStatusCode.Forbidden);
        }
    }
}
