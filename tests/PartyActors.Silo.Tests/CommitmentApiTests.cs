using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartyActors.Grains;

namespace PartyActors.Silo.Tests;

[Collection(SiloCollection.Name)]
public sealed class CommitmentApiTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    /// <summary>Today in China Standard Time, where due dates are days.</summary>
    private static DateOnly Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);

    private static object Body(int daysAhead = 7, string title = "为独居老人代买药品", decimal target = 12, string unit = "次") =>
        new { title, target, unit, dueOn = Today.AddDays(daysAhead).ToString("yyyy-MM-dd") };

    /// <summary>A community <paramref name="prefix"/> with a branch <c>{prefix}-b</c> and its member <c>{prefix}-m</c>.</summary>
    private async Task PlaceAsync(string prefix)
    {
        await Api.PlaceAsync(prefix, null, "community");
        await Api.PlaceAsync(prefix + "-b", prefix, "branch");
        await Api.EnrollAsync(prefix + "-m", prefix + "-b");
    }

    private async Task<string> MakeAsync(string path, string token, object? body = null)
    {
        using var response = await Api.PostAsync(path, token, body ?? Body());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var id = JsonNode.Parse(text)!["id"]!.GetValue<string>();
        Assert.Equal($"/api/v1/commitments/{id}", response.Headers.Location?.OriginalString);
        return id;
    }

    [Fact]
    public async Task Making_validates_each_field_and_answers_201_with_the_location()
    {
        var admin = await Api.AdminAsync();
        await PlaceAsync("cm-v");
        const string path = "/api/v1/members/cm-v-m/commitments";
        foreach (var (body, field) in new (object, string)[]
        {
            (Body(title: " "), "title"),
            (Body(title: new string('长', CommitmentRules.MaxTitleLength + 1)), "title"),
            (Body(target: 0), "target"),
            (Body(target: -3), "target"),
            (Body(unit: ""), "unit"),
            (Body(daysAhead: -1), "dueOn"),
            (new { title = "学习", target = 1, unit = "次" }, "dueOn"),
        })
        {
            using var response = await Api.PostAsync(path, admin, body);
            await Problem.AssertInvalidAsync(response, field);
        }

        using (var badId = await Api.PostAsync("/api/v1/members/bad id!/commitments", admin, Body()))
        {
            await Problem.AssertInvalidAsync(badId, "memberId");
        }

        using (var unknownMember = await Api.PostAsync("/api/v1/members/cm-v-nobody/commitments", admin, Body()))
        {
            await Problem.AssertAsync(unknownMember, HttpStatusCode.NotFound);
        }

        using (var unknownOrg = await Api.PostAsync("/api/v1/orgs/cm-v-nowhere/commitments", admin, Body()))
        {
            await Problem.AssertAsync(unknownOrg, HttpStatusCode.NotFound);
        }

        var id = await MakeAsync(path, admin, Body(daysAhead: 0));
        var made = await Api.GetJsonAsync($"/api/v1/commitments/{id}", admin);
        Assert.StartsWith("c-", id, StringComparison.Ordinal);
        Assert.Equal(id, made["id"]!.GetValue<string>());
        Assert.Equal("member", made["owner"]!["kind"]!.GetValue<string>());
        Assert.Equal("cm-v-m", made["owner"]!["id"]!.GetValue<string>());
        Assert.Equal("cm-v-b", made["orgId"]!.GetValue<string>());
        Assert.Equal("为独居老人代买药品", made["title"]!.GetValue<string>());
        Assert.Equal(12m, made["target"]!.GetValue<decimal>());
        Assert.Equal("次", made["unit"]!.GetValue<string>());
        Assert.Equal(0m, made["progress"]!.GetValue<decimal>());
        Assert.Equal(Today.ToString("yyyy-MM-dd"), made["dueOn"]!.GetValue<string>());
        Assert.Equal("open", made["status"]!.GetValue<string>());
        Assert.NotNull(made["createdAt"]);
        Assert.Null(made["completedAt"]);
        Assert.Empty(made["entries"]!.AsArray());
        Assert.Empty(made["reviews"]!.AsArray());

        var orgsOwn = await MakeAsync("/api/v1/orgs/cm-v/commitments", admin);
        Assert.Equal("org", (await Api.GetJsonAsync($"/api/v1/commitments/{orgsOwn}", admin))["owner"]!["kind"]!.GetValue<string>());
        using var unknown = await Api.GetAsync("/api/v1/commitments/c-0000000000000000", admin);
        await Problem.AssertAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Progress_completion_and_reviews_move_the_commitment_and_the_rollup()
    {
        var admin = await Api.AdminAsync();
        await PlaceAsync("cm-r");
        var mine = await MakeAsync("/api/v1/members/cm-r-m/commitments", admin);
        await MakeAsync("/api/v1/orgs/cm-r/commitments", admin);
        await Api.EventuallyAsync("/api/v1/orgs/cm-r/rollup", admin,
            r => r["metrics"]!["commitmentsOpen"]!.GetValue<long>() == 2 && r["metrics"]!["commitmentsDone"]!.GetValue<long>() == 0, "both commitments count open");

        using (var zero = await Api.PostAsync($"/api/v1/commitments/{mine}/progress", admin, new { amount = 0, note = "无" }))
        {
            await Problem.AssertInvalidAsync(zero, "amount");
        }

        using (var progress = await Api.PostAsync($"/api/v1/commitments/{mine}/progress", admin, new { amount = 5, note = "代买 5 次" }))
        {
            Assert.Equal(HttpStatusCode.OK, progress.StatusCode);
        }

        using (var badBy = await Api.PostAsync($"/api/v1/commitments/{mine}/reviews", admin, new { by = "boss", score = 4 }))
        {
            await Problem.AssertInvalidAsync(badBy, "by");
        }

        using (var badScore = await Api.PostAsync($"/api/v1/commitments/{mine}/reviews", admin, new { by = "leader", score = 6 }))
        {
            await Problem.AssertInvalidAsync(badScore, "score");
        }

        using (var review = await Api.PostAsync($"/api/v1/commitments/{mine}/reviews", admin, new { by = "public", score = 5, note = "群众满意" }))
        {
            Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        }

        using (var complete = await Api.PostAsync($"/api/v1/commitments/{mine}/complete", admin))
        {
            Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        }

        var done = await Api.GetJsonAsync($"/api/v1/commitments/{mine}", admin);
        Assert.Equal("done", done["status"]!.GetValue<string>());
        Assert.Equal(5m, done["progress"]!.GetValue<decimal>());
        Assert.NotNull(done["completedAt"]);
        Assert.Equal("代买 5 次", Assert.Single(done["entries"]!.AsArray())!["note"]!.GetValue<string>());
        var review0 = Assert.Single(done["reviews"]!.AsArray())!;
        Assert.Equal(("public", 5), (review0["by"]!.GetValue<string>(), review0["score"]!.GetValue<int>()));
        await Api.EventuallyAsync("/api/v1/orgs/cm-r/rollup", admin,
            r => r["metrics"]!["commitmentsOpen"]!.GetValue<long>() == 1 && r["metrics"]!["commitmentsDone"]!.GetValue<long>() == 1
                && r["metrics"]!["commitmentsOverdue"]!.GetValue<long>() == 0, "one open, one done");

        using (var late = await Api.PostAsync($"/api/v1/commitments/{mine}/progress", admin, new { amount = 1 }))
        {
            await Problem.AssertAsync(late, HttpStatusCode.Conflict);
        }

        // The public list: an organization's own commitments and its members', by status.
        var branch = (await Api.GetJsonAsync("/api/v1/orgs/cm-r-b/commitments", admin))["items"]!.AsArray();
        Assert.Equal(mine, Assert.Single(branch)!["id"]!.GetValue<string>());
        Assert.Empty((await Api.GetJsonAsync("/api/v1/orgs/cm-r-b/commitments?status=open", admin))["items"]!.AsArray());
        Assert.Single((await Api.GetJsonAsync("/api/v1/orgs/cm-r/commitments?status=open", admin))["items"]!.AsArray());
        using var badStatus = await Api.GetAsync("/api/v1/orgs/cm-r/commitments?status=late", admin);
        await Problem.AssertInvalidAsync(badStatus, "status");
    }

    [Fact]
    public async Task Members_write_their_own_workers_within_scope_supervisors_read_and_the_audit_names_the_organization()
    {
        var admin = await Api.AdminAsync();
        await PlaceAsync("cm-a");
        await PlaceAsync("cm-x");
        var member = await Api.TokenAsync("cm-a-m", ["member"], member: "cm-a-m");
        var worker = await Api.TokenAsync("cm-a-gw", ["grid-worker"], org: "cm-a");
        var outsider = await Api.TokenAsync("cm-x-oa", ["org-admin"], org: "cm-x");
        var supervisor = await Api.TokenAsync("cm-a-sup", ["supervisor"], org: "cm-a");

        var own = await MakeAsync("/api/v1/members/cm-a-m/commitments", member);
        using (var others = await Api.PostAsync("/api/v1/members/cm-x-m/commitments", member, Body()))
        {
            await Problem.AssertAsync(others, HttpStatusCode.Forbidden);
        }

        using (var progress = await Api.PostAsync($"/api/v1/commitments/{own}/progress", member, new { amount = 1 }))
        {
            Assert.Equal(HttpStatusCode.OK, progress.StatusCode);
        }

        using (var selfReview = await Api.PostAsync($"/api/v1/commitments/{own}/reviews", member, new { by = "leader", score = 5 }))
        {
            await Problem.AssertAsync(selfReview, HttpStatusCode.Forbidden);
        }

        var orgs = await MakeAsync("/api/v1/orgs/cm-a-b/commitments", worker);
        using (var notMine = await Api.PostAsync($"/api/v1/commitments/{orgs}/complete", member))
        {
            await Problem.AssertAsync(notMine, HttpStatusCode.Forbidden);
        }

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Post, "/api/v1/members/cm-a-m/commitments"),
            (HttpMethod.Post, "/api/v1/orgs/cm-a/commitments"),
            (HttpMethod.Get, $"/api/v1/commitments/{own}"),
            (HttpMethod.Post, $"/api/v1/commitments/{own}/progress"),
            (HttpMethod.Post, $"/api/v1/commitments/{own}/complete"),
            (HttpMethod.Get, "/api/v1/orgs/cm-a/commitments"),
            (HttpMethod.Get, "/api/v1/orgs/cm-a/supervision"),
        })
        {
            using var response = await Api.SendAsync(method, path, outsider, method == HttpMethod.Get ? null : new { title = "t", target = 1, unit = "次", dueOn = Today.ToString("yyyy-MM-dd"), amount = 1 });
            await Problem.AssertAsync(response, HttpStatusCode.Forbidden);
        }

        Assert.Equal(own, (await Api.GetJsonAsync($"/api/v1/commitments/{own}", supervisor))["id"]!.GetValue<string>());
        Assert.Equal(2, (await Api.GetJsonAsync("/api/v1/orgs/cm-a-b/commitments", supervisor))["items"]!.AsArray().Count);
        using (var supervisorWrites = await Api.PostAsync($"/api/v1/commitments/{own}/complete", supervisor))
        {
            await Problem.AssertAsync(supervisorWrites, HttpStatusCode.Forbidden);
        }

        using (var supervisorMakes = await Api.PostAsync("/api/v1/orgs/cm-a/commitments", supervisor, Body()))
        {
            await Problem.AssertAsync(supervisorMakes, HttpStatusCode.Forbidden);
        }

        using (var workerCompletes = await Api.PostAsync($"/api/v1/commitments/{own}/complete", worker))
        {
            Assert.Equal(HttpStatusCode.OK, workerCompletes.StatusCode);
        }

        // Writes on a commitment land in the trail of the organization where it is counted.
        var trail = (await Api.GetJsonAsync("/api/v1/audit?orgId=cm-a-b", admin))["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Contains(trail, e => e["route"]!.GetValue<string>() == "/api/v1/members/{memberId}/commitments" && e["resourceId"]!.GetValue<string>() == own && e["status"]!.GetValue<int>() == 201);
        Assert.Contains(trail, e => e["path"]!.GetValue<string>() == $"/api/v1/commitments/{own}/complete" && e["sub"]!.GetValue<string>() == "cm-a-gw");
    }

    [Fact]
    public async Task Supervision_lists_the_subtrees_open_items_and_closing_needs_a_note_and_scope()
    {
        var admin = await Api.AdminAsync();
        await PlaceAsync("cm-s");
        await Api.PlaceAsync("cm-s-g", "cm-s-b", "grid");
        var commitment = await MakeAsync("/api/v1/orgs/cm-s-g/commitments", admin);

        // Going overdue takes a day of waiting (the grain tests drive it with a clock): open its item directly.
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        var item = await grains.GetGrain<ISupervisionItemGrain>("sv-cm-s").Open(new SupervisionItem(
            "sv-cm-s", "cm-s-b", commitment, "cm-s-g", "为独居老人代买药品", Today, DateTimeOffset.UtcNow));

        var listed = (await Api.GetJsonAsync("/api/v1/orgs/cm-s/supervision", admin))["items"]!.AsArray();
        Assert.Equal(("sv-cm-s", "cm-s-b", commitment), (listed[0]!["id"]!.GetValue<string>(), listed[0]!["orgId"]!.GetValue<string>(), listed[0]!["commitmentId"]!.GetValue<string>()));
        Assert.Single(listed);
        Assert.Empty((await Api.GetJsonAsync("/api/v1/orgs/cm-s-g/supervision", admin))["items"]!.AsArray());

        using (var noNote = await Api.PostAsync("/api/v1/supervision/sv-cm-s/close", admin, new { note = " " }))
        {
            await Problem.AssertInvalidAsync(noNote, "note");
        }

        using (var unknown = await Api.PostAsync("/api/v1/supervision/sv-none/close", admin, new { note = "已处理" }))
        {
            await Problem.AssertAsync(unknown, HttpStatusCode.NotFound);
        }

        var below = await Api.TokenAsync("cm-s-g-oa", ["org-admin"], org: "cm-s-g");
        using (var outside = await Api.PostAsync("/api/v1/supervision/sv-cm-s/close", below, new { note = "已处理" }))
        {
            await Problem.AssertAsync(outside, HttpStatusCode.Forbidden);
        }

        var holder = await Api.TokenAsync("cm-s-b-oa", ["org-admin"], org: "cm-s-b");
        using (var closed = await Api.PostAsync("/api/v1/supervision/sv-cm-s/close", holder, new { note = "已约谈，限期整改" }))
        {
            Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        }

        Assert.Empty((await Api.GetJsonAsync("/api/v1/orgs/cm-s/supervision", admin))["items"]!.AsArray());
        Assert.Equal(item.Id, (await grains.GetGrain<ISupervisionItemGrain>("sv-cm-s").GetDetails())!.Id);
        var trail = (await Api.GetJsonAsync("/api/v1/audit?orgId=cm-s-b", admin))["items"]!.AsArray();
        Assert.Contains(trail, e => e!["path"]!.GetValue<string>() == "/api/v1/supervision/sv-cm-s/close" && e["status"]!.GetValue<int>() == 200);
    }
}
