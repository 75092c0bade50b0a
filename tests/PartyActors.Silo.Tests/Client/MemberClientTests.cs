using System.Net;
using PartyActors.Client;

namespace PartyActors.Silo.Tests.Client;

/// <summary>The client's whole-profile PUT carries a status correction as the API takes it (docs/member-status.md).</summary>
[Collection(SiloCollection.Name)]
public sealed class MemberClientTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    [Fact]
    public async Task A_put_with_a_correction_moves_past_the_pipeline_only_for_an_admin_and_is_kept_in_the_history()
    {
        await Api.PlaceAsync("cmc", null, "community");
        await Api.EnrollAsync("cmc-1", "cmc", status: "full");
        var orgAdmin = await Api.ClientAsync("cmc-oa", ["org-admin"], org: "cmc");
        var admin = await Api.ClientAsync("cmc-admin", ["admin"]);
        var back = new PutMemberRequest("党员", MemberStatuses.Candidate, MemberCategories.Retired, "cmc");

        // Back from full to candidate is no step of the pipeline; without the correction it is refused for anyone.
        await ClientSupport.RefusedAsync(HttpStatusCode.Conflict, "status-skips-step", () => admin.PutMemberAsync("cmc-1", back));
        await ClientSupport.RefusedAsync(HttpStatusCode.Forbidden, "correction-not-allowed",
            () => orgAdmin.PutMemberAsync("cmc-1", back with { Correction = true, Reason = "填错" }));

        await admin.PutMemberAsync("cmc-1", back with { Correction = true, Reason = "导入时状态填错" });

        Assert.Equal(MemberStatuses.Candidate, (await admin.GetMemberAsync("cmc-1")).Status);
        var last = (await admin.GetMemberHistoryAsync("cmc-1")).Items[^1];
        Assert.Equal((MemberStatuses.Full, MemberStatuses.Candidate, true, "导入时状态填错", "cmc-admin"), (last.From, last.To, last.Correction, last.Reason, last.By));
    }
}
