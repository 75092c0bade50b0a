using System.Net;
using System.Text.Json.Nodes;

namespace PartyActors.Silo.Tests;

[Collection(SiloCollection.Name)]
public sealed class MemberApiTests(SiloFixture silo)
{
    private const string Phone = "13812345678";
    private const string IdNumber = "41010319800101123X";

    private ApiClient Api => silo.Api;

    [Fact]
    public async Task Put_creates_with_201_then_replaces_with_200_and_every_answer_masks_personal_data()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("m-put", null, "community");
        await Api.PlaceAsync("m-put-grid", "m-put", "grid");
        var body = new
        {
            name = "张三", status = "full", category = "in-service", orgId = "m-put", residenceGridId = "m-put-grid",
            gender = "female", birthYear = 1980, joinedOn = "2005-07-01", phone = Phone, idNumber = IdNumber, skills = new[] { "义诊", "法律咨询" },
        };
        using (var created = await Api.PutAsync("/api/v1/members/m-put-1", admin, body))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal("/api/v1/members/m-put-1", created.Headers.Location?.OriginalString);
            AssertMasked(await created.Content.ReadAsStringAsync());
        }

        using (var replaced = await Api.PutAsync("/api/v1/members/m-put-1", admin, body with { }))
        {
            Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
            AssertMasked(await replaced.Content.ReadAsStringAsync());
        }

        using var read = await Api.GetAsync("/api/v1/members/m-put-1", admin);
        var text = await read.Content.ReadAsStringAsync();
        AssertMasked(text);
        var member = JsonNode.Parse(text)!.AsObject();
        Assert.Equal("m-put-1", member["id"]!.GetValue<string>());
        Assert.Equal("张三", member["name"]!.GetValue<string>());
        Assert.Equal("full", member["status"]!.GetValue<string>());
        Assert.Equal("in-service", member["category"]!.GetValue<string>());
        Assert.Equal("m-put", member["orgId"]!.GetValue<string>());
        Assert.Equal("m-put-grid", member["residenceGridId"]!.GetValue<string>());
        Assert.Equal("female", member["gender"]!.GetValue<string>());
        Assert.Equal(1980, member["birthYear"]!.GetValue<int>());
        Assert.Equal("2005-07-01", member["joinedOn"]!.GetValue<string>());
        Assert.Equal("138****5678", member["phone"]!.GetValue<string>());
        Assert.Equal("410***********123X", member["idNumber"]!.GetValue<string>());
        Assert.Equal(["义诊", "法律咨询"], member["skills"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Null(member["reportedIn"]);
        Assert.True(member.ContainsKey("reportedIn"));
        var points = member["points"]!.AsObject();
        Assert.True(points.ContainsKey("total") && points.ContainsKey("thisMonth") && points.ContainsKey("thisYear"));
    }

    [Fact]
    public async Task Optional_fields_left_out_are_cleared()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("m-clear", null, "community");
        await Api.EnrollAsync("m-clear-1", "m-clear", phone: Phone, idNumber: IdNumber);
        await Api.EnrollAsync("m-clear-1", "m-clear");
        var member = await Api.GetJsonAsync("/api/v1/members/m-clear-1", admin);
        Assert.Null(member["phone"]);
        Assert.Null(member["idNumber"]);
    }

    [Fact]
    public async Task Unknown_organization_or_grid_is_422()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("m-ref", null, "community");
        using (var unknownOrg = await Api.PutAsync("/api/v1/members/m-ref-1", admin, new { name = "李四", status = "full", category = "retired", orgId = "m-ref-none" }))
        {
            await Problem.AssertAsync(unknownOrg, HttpStatusCode.UnprocessableEntity);
        }

        using (var unknownGrid = await Api.PutAsync("/api/v1/members/m-ref-1", admin,
            new { name = "李四", status = "full", category = "retired", orgId = "m-ref", residenceGridId = "m-ref-none" }))
        {
            await Problem.AssertAsync(unknownGrid, HttpStatusCode.UnprocessableEntity);
        }

        using (var notAGrid = await Api.PutAsync("/api/v1/members/m-ref-1", admin,
            new { name = "李四", status = "full", category = "retired", orgId = "m-ref", residenceGridId = "m-ref" }))
        {
            var problem = await Problem.AssertAsync(notAGrid, HttpStatusCode.UnprocessableEntity);
            Assert.Equal("not-a-grid", problem["code"]!.GetValue<string>());
        }

        using var missing = await Api.GetAsync("/api/v1/members/m-ref-1", admin);
        await Problem.AssertAsync(missing, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("name", """{"status":"full","category":"retired","orgId":"m-v"}""")]
    [InlineData("name", """{"name":"  ","status":"full","category":"retired","orgId":"m-v"}""")]
    [InlineData("status", """{"name":"王五","category":"retired","orgId":"m-v"}""")]
    [InlineData("status", """{"name":"王五","status":"boss","category":"retired","orgId":"m-v"}""")]
    [InlineData("status", """{"name":"王五","status":3,"category":"retired","orgId":"m-v"}""")]
    [InlineData("category", """{"name":"王五","status":"full","category":"In-Service","orgId":"m-v"}""")]
    [InlineData("orgId", """{"name":"王五","status":"full","category":"retired"}""")]
    [InlineData("orgId", """{"name":"王五","status":"full","category":"retired","orgId":"bad id"}""")]
    [InlineData("residenceGridId", """{"name":"王五","status":"full","category":"retired","orgId":"m-v","residenceGridId":"-grid"}""")]
    [InlineData("gender", """{"name":"王五","status":"full","category":"retired","orgId":"m-v","gender":"x"}""")]
    [InlineData("birthYear", """{"name":"王五","status":"full","category":"retired","orgId":"m-v","birthYear":1800}""")]
    [InlineData("birthYear", """{"name":"王五","status":"full","category":"retired","orgId":"m-v","birthYear":"nineteen"}""")]
    [InlineData("joinedOn", """{"name":"王五","status":"full","category":"retired","orgId":"m-v","joinedOn":"2999-01-01"}""")]
    [InlineData("joinedOn", """{"name":"王五","status":"full","category":"retired","orgId":"m-v","joinedOn":"not a date"}""")]
    [InlineData("phone", """{"name":"王五","status":"full","category":"retired","orgId":"m-v","phone":"call me 13812345678"}""")]
    [InlineData("idNumber", """{"name":"王五","status":"full","category":"retired","orgId":"m-v","idNumber":"41010319800101123Y"}""")]
    [InlineData("skills", """{"name":"王五","status":"full","category":"retired","orgId":"m-v","skills":[""]}""")]
    [InlineData("skills", """{"name":"王五","status":"full","category":"retired","orgId":"m-v","skills":"cooking"}""")]
    [InlineData("body", """["not","an","object"]""")]
    [InlineData("body", """{"name":"王五",""")]
    public async Task Invalid_profiles_are_400_naming_the_field_and_change_nothing(string field, string json)
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("m-v", null, "community");
        using var response = await Api.SendAsync(HttpMethod.Put, "/api/v1/members/m-invalid", admin, ApiClient.Raw(json));
        var problem = await Problem.AssertInvalidAsync(response, field);
        Assert.DoesNotContain("13812345678", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("41010319800101123Y", problem.ToJsonString(), StringComparison.Ordinal);
        using var missing = await Api.GetAsync("/api/v1/members/m-invalid", admin);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Delete_makes_the_member_leave_and_its_counts_go()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("m-leave", null, "community");
        await Api.EnrollAsync("m-leave-1", "m-leave");
        await Api.EventuallyAsync("/api/v1/orgs/m-leave/rollup", admin, r => r["metrics"]!["members"]!.GetValue<long>() == 1, "the member counts");
        using (var left = await Api.DeleteAsync("/api/v1/members/m-leave-1", admin))
        {
            Assert.Equal(HttpStatusCode.NoContent, left.StatusCode);
        }

        Assert.Equal("left", (await Api.GetJsonAsync("/api/v1/members/m-leave-1", admin))["status"]!.GetValue<string>());
        await Api.EventuallyAsync("/api/v1/orgs/m-leave/rollup", admin, r => r["metrics"]!["members"]!.GetValue<long>() == 0, "the member no longer counts");
        using var unknown = await Api.DeleteAsync("/api/v1/members/m-leave-none", admin);
        await Problem.AssertAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Report_in_moves_with_another_grid_and_can_be_withdrawn()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("m-ri", null, "street");
        await Api.PlaceAsync("m-ri-c", "m-ri", "community");
        await Api.PlaceAsync("m-ri-g1", "m-ri-c", "grid");
        await Api.PlaceAsync("m-ri-g2", "m-ri-c", "grid");
        await Api.PlaceAsync("m-ri-unit", null, "agency");
        await Api.EnrollAsync("m-ri-1", "m-ri-unit", category: "in-service");

        using (var reported = await Api.PostAsync("/api/v1/members/m-ri-1/report-in", admin, new { gridId = "m-ri-g1" }))
        {
            Assert.Equal(HttpStatusCode.OK, reported.StatusCode);
            var report = JsonNode.Parse(await reported.Content.ReadAsStringAsync())!.AsObject();
            Assert.Equal("m-ri-g1", report["gridId"]!.GetValue<string>());
            Assert.Equal("m-ri-c", report["communityId"]!.GetValue<string>());
            Assert.True(DateTimeOffset.TryParse(report["at"]!.GetValue<string>(), out _));
        }

        await Api.EventuallyAsync("/api/v1/orgs/m-ri-g1/rollup", admin, r => r["metrics"]!["reportedHere"]!.GetValue<long>() == 1, "the grid counts the report");
        using (var moved = await Api.PostAsync("/api/v1/members/m-ri-1/report-in", admin, new { gridId = "m-ri-g2" }))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        Assert.Equal("m-ri-g2", (await Api.GetJsonAsync("/api/v1/members/m-ri-1", admin))["reportedIn"]!["gridId"]!.GetValue<string>());
        await Api.EventuallyAsync("/api/v1/orgs/m-ri-g1/rollup", admin, r => r["metrics"]!["reportedHere"]!.GetValue<long>() == 0, "the first grid lets go");
        await Api.EventuallyAsync("/api/v1/orgs/m-ri-unit/rollup", admin, r => r["metrics"]!["reportedIn"]!.GetValue<long>() == 1, "the work unit sees the report");

        using (var withdrawn = await Api.DeleteAsync("/api/v1/members/m-ri-1/report-in", admin))
        {
            Assert.Equal(HttpStatusCode.NoContent, withdrawn.StatusCode);
        }

        Assert.Null((await Api.GetJsonAsync("/api/v1/members/m-ri-1", admin))["reportedIn"]);

        using (var unknownGrid = await Api.PostAsync("/api/v1/members/m-ri-1/report-in", admin, new { gridId = "m-ri-none" }))
        {
            await Problem.AssertAsync(unknownGrid, HttpStatusCode.UnprocessableEntity);
        }

        using (var missingGrid = await Api.PostAsync("/api/v1/members/m-ri-1/report-in", admin, new { }))
        {
            await Problem.AssertInvalidAsync(missingGrid, "gridId");
        }

        using var unknownMember = await Api.PostAsync("/api/v1/members/m-ri-none/report-in", admin, new { gridId = "m-ri-g1" });
        await Problem.AssertAsync(unknownMember, HttpStatusCode.NotFound);
    }

    private static void AssertMasked(string json)
    {
        Assert.DoesNotContain(Phone, json, StringComparison.Ordinal);
        Assert.DoesNotContain(IdNumber, json, StringComparison.Ordinal);
        Assert.Contains("138****5678", json, StringComparison.Ordinal);
    }
}
