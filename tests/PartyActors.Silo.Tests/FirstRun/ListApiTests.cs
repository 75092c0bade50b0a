using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PartyActors.Silo.Tests.FirstRun;

/// <summary>Issue 15: finding ids — lists and searches of organizations and members, paged, in the caller's scope.</summary>
[Collection(SiloCollection.Name)]
public sealed class ListApiTests(SiloFixture silo)
{
    private static readonly JsonSerializerOptions Plain = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private ApiClient Api => silo.Api;

    /// <summary>A street with two communities, a grid under the first, members in three of them.</summary>
    private async Task PlaceAsync(string prefix)
    {
        await Api.PlaceAsync(prefix, null, "street", "检索街道" + prefix);
        await Api.PlaceAsync(prefix + "-c1", prefix, "community", "东风社区");
        await Api.PlaceAsync(prefix + "-c2", prefix, "community", "Riverside Community");
        await Api.PlaceAsync(prefix + "-c1-g1", prefix + "-c1", "grid", "东风第一网格");
        await Put(prefix + "-m1", "张伟", prefix + "-c1");
        await Put(prefix + "-m2", "李娜", prefix + "-c1", "probationary", "in-service");
        await Put(prefix + "-m3", "张敏", prefix + "-c1-g1");
        await Put(prefix + "-m4", "Wang Fang", prefix + "-c2");
    }

    private async Task Put(string id, string name, string orgId, string status = "full", string category = "retired")
    {
        using var response = await Api.PutAsync($"/api/v1/members/{id}", await Api.AdminAsync(), new { name, status, category, orgId });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<List<string>> IdsAsync(string path, string token)
    {
        var page = await Api.GetJsonAsync(path, token);
        Assert.Null(page["next"]);
        return [.. page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())];
    }

    [Fact]
    public async Task Organizations_are_listed_from_the_scope_down_and_found_by_name_or_id()
    {
        await PlaceAsync("ls-o");
        var admin = await Api.AdminAsync();
        var supervisor = await Api.TokenAsync("ls-o-sup", ["supervisor"], org: "ls-o-c1");

        Assert.Contains("ls-o", await IdsAsync("/api/v1/orgs?limit=1000", admin));
        Assert.DoesNotContain("ls-o-c1", await IdsAsync("/api/v1/orgs?limit=1000", admin));
        Assert.Equal(["ls-o-c1"], await IdsAsync("/api/v1/orgs", supervisor));

        var children = await Api.GetJsonAsync("/api/v1/orgs?parentId=ls-o", admin);
        Assert.Equal(
            """[{"id":"ls-o-c1","name":"东风社区","kind":"community","parentId":"ls-o"},{"id":"ls-o-c2","name":"Riverside Community","kind":"community","parentId":"ls-o"}]""",
            children["items"]!.ToJsonString(Plain));

        Assert.Equal(["ls-o-c1", "ls-o-c1-g1"], await IdsAsync("/api/v1/orgs?parentId=ls-o&q=东风", admin));
        Assert.Equal(["ls-o-c2"], await IdsAsync("/api/v1/orgs?parentId=ls-o&q=riverSIDE", admin));
        Assert.Equal(["ls-o-c1-g1"], await IdsAsync("/api/v1/orgs?q=ls-o-c1-", admin));
        Assert.Equal(["ls-o"], await IdsAsync("/api/v1/orgs?q=检索街道ls-o", admin));

        // In scope only: the supervisor of c1 finds c1 and its grid, not c2 or the street.
        Assert.Equal(["ls-o-c1", "ls-o-c1-g1"], await IdsAsync("/api/v1/orgs?q=ls-o", supervisor));
        await Problem.AssertAsync(await Api.GetAsync("/api/v1/orgs?parentId=ls-o", supervisor), HttpStatusCode.Forbidden);
        await Problem.AssertAsync(await Api.GetAsync("/api/v1/orgs?parentId=ls-o-nowhere", admin), HttpStatusCode.NotFound);

        // A rename and a move show at once.
        await Api.PlaceAsync("ls-o-c1-g1", "ls-o-c2", "grid", "滨河网格");
        Assert.Equal(["ls-o-c1-g1"], await IdsAsync("/api/v1/orgs?parentId=ls-o-c2", admin));
        Assert.Equal(["ls-o-c1"], await IdsAsync("/api/v1/orgs?parentId=ls-o&q=东风", admin));
    }

    [Fact]
    public async Task Members_are_listed_by_organization_of_record_and_found_in_a_subtree()
    {
        await PlaceAsync("ls-m");
        var admin = await Api.AdminAsync();
        var first = await Api.GetJsonAsync("/api/v1/members?orgId=ls-m-c1", admin);
        Assert.Equal(
            """[{"id":"ls-m-m1","name":"张伟","orgId":"ls-m-c1","status":"full","category":"retired"},{"id":"ls-m-m2","name":"李娜","orgId":"ls-m-c1","status":"probationary","category":"in-service"}]""",
            first["items"]!.ToJsonString(Plain));

        Assert.Equal(["ls-m-m1", "ls-m-m3"], await IdsAsync("/api/v1/members?orgId=ls-m&q=张", admin));
        Assert.Equal(["ls-m-m4"], await IdsAsync("/api/v1/members?orgId=ls-m&q=wang", admin));
        Assert.Equal(["ls-m-m3"], await IdsAsync("/api/v1/members?q=ls-m-m3", admin));

        var gridWorker = await Api.TokenAsync("ls-m-gw", ["grid-worker"], org: "ls-m-c1");
        Assert.Equal(["ls-m-m1", "ls-m-m2", "ls-m-m3"], await IdsAsync("/api/v1/members", gridWorker));
        Assert.Empty(await IdsAsync("/api/v1/members?q=Wang", gridWorker));
        await Problem.AssertAsync(await Api.GetAsync("/api/v1/members?orgId=ls-m-c2", gridWorker), HttpStatusCode.Forbidden);

        // Rename, transfer and departure show at once.
        await Put("ls-m-m1", "张卫东", "ls-m-c2");
        using (var leave = await Api.DeleteAsync("/api/v1/members/ls-m-m2", admin))
        {
            Assert.True(leave.IsSuccessStatusCode);
        }

        Assert.Empty(await IdsAsync("/api/v1/members?orgId=ls-m-c1", admin));
        Assert.Equal(["ls-m-m1", "ls-m-m4"], await IdsAsync("/api/v1/members?orgId=ls-m-c2", admin));
        Assert.Equal(["ls-m-m1"], await IdsAsync("/api/v1/members?orgId=ls-m&q=卫东", admin));
    }

    [Fact]
    public async Task Pages_follow_next_and_bad_parameters_are_400()
    {
        await Api.PlaceAsync("ls-p", null, "community", "分页社区");
        for (var i = 1; i <= 5; i++)
        {
            await Put($"ls-p-m{i}", "分页党员" + i, "ls-p");
        }

        var admin = await Api.AdminAsync();
        var seen = new List<string>();
        string? after = null;
        do
        {
            var page = await Api.GetJsonAsync($"/api/v1/members?orgId=ls-p&limit=2{(after is null ? "" : "&after=" + after)}", admin);
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
            after = page["next"]?.GetValue<string>();
        }
        while (after is not null);
        Assert.Equal(["ls-p-m1", "ls-p-m2", "ls-p-m3", "ls-p-m4", "ls-p-m5"], seen);

        foreach (var (path, field) in new[]
        {
            ("/api/v1/orgs?limit=0", "limit"), ("/api/v1/orgs?q=%20", "q"), ("/api/v1/orgs?parentId=bad%20id", "parentId"),
            ("/api/v1/orgs?after=bad%20id", "after"), ("/api/v1/members?orgId=bad%20id", "orgId"), ("/api/v1/members?limit=1001", "limit"),
            ("/api/v1/members?q=" + new string('x', 65), "q"), ("/api/v1/members?limit=ten", "limit"),
        })
        {
            await Problem.AssertInvalidAsync(await Api.GetAsync(path, admin), field);
        }

        await Problem.AssertAsync(await Api.GetAsync("/api/v1/members?orgId=ls-p-nowhere", admin), HttpStatusCode.NotFound);
        var member = await Api.TokenAsync("ls-p-m1", ["member"], member: "ls-p-m1");
        await Problem.AssertAsync(await Api.GetAsync("/api/v1/members", member), HttpStatusCode.Forbidden);
        await Problem.AssertAsync(await Api.GetAsync("/api/v1/orgs", member), HttpStatusCode.Forbidden);
        await Problem.AssertAsync(await Api.GetAsync("/api/v1/orgs", null), HttpStatusCode.Unauthorized);
    }
}
