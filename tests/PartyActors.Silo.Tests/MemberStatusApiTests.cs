using System.Net;
using PartyActors.Client;

namespace PartyActors.Silo.Tests;

/// <summary>The status pipeline over HTTP: moves, corrections, the history and who may do what (docs/member-status.md).</summary>
[Collection(SiloCollection.Name)]
public sealed class MemberStatusApiTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    [Fact]
    public async Task A_move_along_the_pipeline_is_recorded_and_a_skip_is_409_naming_the_next_steps()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("ms-a", null, "community");
        await Api.EnrollAsync("ms-a-1", "ms-a", status: "candidate");
        var orgAdmin = await Api.TokenAsync("org-admin-ms", ["org-admin"], org: "ms-a");

        using (var skip = await Api.PostAsync("/api/v1/members/ms-a-1/status", orgAdmin, new { status = "full" }))
        {
            var problem = await Problem.AssertAsync(skip, HttpStatusCode.Conflict);
            Assert.Equal("status-skips-step", problem["code"]!.GetValue<string>());
            Assert.Contains("Allowed next: probationary, transferred, left.", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        using (var skipByPut = await Api.PutAsync("/api/v1/members/ms-a-1", orgAdmin, new { name = "党员", status = "applicant", category = "retired", orgId = "ms-a" }))
        {
            Assert.Equal("status-skips-step", (await Problem.AssertAsync(skipByPut, HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        }

        using (var moved = await Api.PostAsync("/api/v1/members/ms-a-1/status", orgAdmin, new { status = "probationary", reason = "支部大会通过", effectiveOn = "2026-07-01" }))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        using (var again = await Api.PostAsync("/api/v1/members/ms-a-1/status", orgAdmin, new { status = "probationary" }))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Contains("\"entry\":null", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var history = await Api.GetJsonAsync("/api/v1/members/ms-a-1/history", admin);
        var items = history["items"]!.AsArray();
        Assert.Equal(2, items.Count);
        Assert.Equal("created", items[0]!["kind"]!.GetValue<string>());
        var move = items[1]!;
        Assert.Equal(("status", "candidate", "probationary", "org-admin-ms", "支部大会通过", "2026-07-01", false),
            (move["kind"]!.GetValue<string>(), move["from"]!.GetValue<string>(), move["to"]!.GetValue<string>(), move["by"]!.GetValue<string>(),
                move["reason"]!.GetValue<string>(), move["effectiveOn"]!.GetValue<string>(), move["correction"]!.GetValue<bool>()));
        Assert.Null(history["next"]);
    }

    [Fact]
    public async Task Only_an_admin_corrects_and_a_correction_needs_a_reason()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("ms-c", null, "community");
        await Api.EnrollAsync("ms-c-1", "ms-c", status: "full");
        var orgAdmin = await Api.TokenAsync("org-admin-msc", ["org-admin"], org: "ms-c");

        using (var notAdmin = await Api.PostAsync("/api/v1/members/ms-c-1/status", orgAdmin, new { status = "candidate", reason = "填错", correction = true }))
        {
            Assert.Equal("correction-not-allowed", (await Problem.AssertAsync(notAdmin, HttpStatusCode.Forbidden))["code"]!.GetValue<string>());
        }

        using (var notAdminByPut = await Api.PutAsync("/api/v1/members/ms-c-1", orgAdmin, new { name = "党员", status = "candidate", category = "retired", orgId = "ms-c", correction = true, reason = "填错" }))
        {
            Assert.Equal("correction-not-allowed", (await Problem.AssertAsync(notAdminByPut, HttpStatusCode.Forbidden))["code"]!.GetValue<string>());
        }

        using (var noReason = await Api.PostAsync("/api/v1/members/ms-c-1/status", admin, new { status = "candidate", correction = true }))
        {
            await Problem.AssertInvalidAsync(noReason, "reason");
        }

        using (var corrected = await Api.PutAsync("/api/v1/members/ms-c-1", admin, new { name = "党员", status = "candidate", category = "retired", orgId = "ms-c", correction = true, reason = "导入时状态填错" }))
        {
            Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        }

        var last = (await Api.GetJsonAsync("/api/v1/members/ms-c-1/history", admin))["items"]!.AsArray()[^1]!;
        Assert.Equal(("full", "candidate", true, "admin-1"), (last["from"]!.GetValue<string>(), last["to"]!.GetValue<string>(), last["correction"]!.GetValue<bool>(), last["by"]!.GetValue<string>()));
        Assert.Equal("candidate", (await Api.GetJsonAsync("/api/v1/members/ms-c-1", admin))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_input_is_400_before_anything_changes()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("ms-b", null, "community");
        await Api.EnrollAsync("ms-b-1", "ms-b", status: "activist");

        using (var unknown = await Api.PostAsync("/api/v1/members/ms-b-1/status", admin, new { status = "boss" }))
        {
            await Problem.AssertInvalidAsync(unknown, "status");
        }

        using (var future = await Api.PostAsync("/api/v1/members/ms-b-1/status", admin, new { status = "candidate", effectiveOn = "2999-01-01" }))
        {
            await Problem.AssertInvalidAsync(future, "effectiveOn");
        }

        using (var blankReason = await Api.PostAsync("/api/v1/members/ms-b-1/status", admin, new { status = "candidate", reason = " " }))
        {
            await Problem.AssertInvalidAsync(blankReason, "reason");
        }

        using (var badAfter = await Api.GetAsync("/api/v1/members/ms-b-1/history?after=x", admin))
        {
            await Problem.AssertInvalidAsync(badAfter, "after");
        }

        using (var badLimit = await Api.GetAsync("/api/v1/members/ms-b-1/history?limit=0", admin))
        {
            await Problem.AssertInvalidAsync(badLimit, "limit");
        }

        using (var unknownMember = await Api.PostAsync("/api/v1/members/ms-b-none/status", admin, new { status = "candidate" }))
        {
            await Problem.AssertAsync(unknownMember, HttpStatusCode.NotFound);
        }

        Assert.Equal("activist", (await Api.GetJsonAsync("/api/v1/members/ms-b-1", admin))["status"]!.GetValue<string>());
        Assert.Single((await Api.GetJsonAsync("/api/v1/members/ms-b-1/history", admin))["items"]!.AsArray());
    }

    [Fact]
    public async Task The_history_is_read_by_the_member_and_in_scope_readers_only()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("ms-h", null, "community");
        await Api.PlaceAsync("ms-h-other", null, "community");
        await Api.EnrollAsync("ms-h-1", "ms-h");
        var self = await Api.TokenAsync("ms-h-1", ["member"], member: "ms-h-1");
        var otherMember = await Api.TokenAsync("ms-h-2", ["member"], member: "ms-h-2");
        var supervisor = await Api.TokenAsync("sup-msh", ["supervisor"], org: "ms-h");
        var outside = await Api.TokenAsync("sup-msh-other", ["supervisor"], org: "ms-h-other");

        foreach (var token in new[] { self, supervisor, admin })
        {
            using var allowed = await Api.GetAsync("/api/v1/members/ms-h-1/history", token);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        foreach (var token in new[] { otherMember, outside })
        {
            using var refused = await Api.GetAsync("/api/v1/members/ms-h-1/history", token);
            await Problem.AssertAsync(refused, HttpStatusCode.Forbidden);
        }

        using (var supervisorMoves = await Api.PostAsync("/api/v1/members/ms-h-1/status", supervisor, new { status = "left" }))
        {
            await Problem.AssertAsync(supervisorMoves, HttpStatusCode.Forbidden);
        }

        using (var memberMoves = await Api.PostAsync("/api/v1/members/ms-h-1/status", self, new { status = "left" }))
        {
            await Problem.AssertAsync(memberMoves, HttpStatusCode.Forbidden);
        }

        using (var anonymous = await Api.GetAsync("/api/v1/members/ms-h-1/history", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
    }

    [Fact]
    public async Task The_client_moves_a_status_corrects_it_and_pages_the_history()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("ms-k", null, "community");
        await Api.EnrollAsync("ms-k-1", "ms-k", status: "applicant");
        var client = new PartyActorsClient(Api.Http, new PartyActorsClientOptions { AccessToken = admin });

        var gated = await Assert.ThrowsAsync<PartyActorsApiException>(() => client.MoveMemberStatusAsync("ms-k-1", new MemberStatusMove(MemberStatuses.Activist)));
        Assert.Equal(HttpStatusCode.Conflict, gated.StatusCode);
        var corrected = await client.MoveMemberStatusAsync("ms-k-1", new MemberStatusMove(MemberStatuses.Activist, "积分线下已核", Correction: true));
        await client.MoveMemberStatusAsync("ms-k-1", new MemberStatusMove(MemberStatuses.Candidate, EffectiveOn: new DateOnly(2026, 1, 5)));
        await client.DeleteMemberAsync("ms-k-1");

        Assert.Equal((MemberStatuses.Applicant, MemberStatuses.Activist, true, "2"), (corrected.From, corrected.To, corrected.Entry!.Correction, corrected.Entry.Id));
        var first = await client.GetMemberHistoryAsync("ms-k-1", limit: 3);
        var second = await client.GetMemberHistoryAsync("ms-k-1", limit: 3, after: first.Next);
        Assert.Equal(["created", "status", "status"], first.Items.Select(e => e.Kind));
        Assert.Equal(["left"], second.Items.Select(e => e.To));
        Assert.Equal(new DateOnly(2026, 1, 5), first.Items[2].EffectiveOn);
        Assert.Null(second.Next);
    }
}
