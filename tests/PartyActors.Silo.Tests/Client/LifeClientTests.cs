using System.Net;
using PartyActors.Client;
using PeriodGranularity = PartyActors.Grains.PeriodGranularity;
using ReportPeriod = PartyActors.Grains.ReportPeriod;

namespace PartyActors.Silo.Tests.Client;

/// <summary>The client's organizational life methods against the real app: templates, meetings, compliance.</summary>
[Collection(SiloCollection.Name)]
public sealed class LifeClientTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    private static DateOnly Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);

    private static string ThisMonth => ReportPeriod.Containing(PeriodGranularity.Month, DateTimeOffset.UtcNow).ToString();

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
    public async Task A_template_is_set_inherited_and_removed()
    {
        await PlaceAsync("c2l-t");
        var client = await Api.ClientAsync("c2-oa", ["org-admin"], org: "c2l-t");

        var defaults = await client.GetLifeTemplateAsync("c2l-t-b");
        Assert.Equal(("c2l-t-b", "branch", null), (defaults.OrgId, defaults.Kind, defaults.DefinedAt));
        Assert.Null(defaults.Own);
        Assert.Equal(5, defaults.Requirements.Count);

        var template = new LifeTemplate([new LifeKindRequirements(OrganizationKinds.Branch, [new LifeRequirement(LifeActivities.PartyDay, LifeCadences.Monthly)])]);
        var set = await client.PutLifeTemplateAsync("c2l-t", template);
        Assert.Equal(2, set.Refreshed);
        Assert.Equal(LifeActivities.PartyDay, Assert.Single(Assert.Single(set.Own!.Kinds).Requirements).Activity);

        var inherited = await client.GetLifeTemplateAsync("c2l-t-b");
        Assert.Equal("c2l-t", inherited.DefinedAt);
        Assert.Null(inherited.Own);
        Assert.Equal([new LifeRequirement(LifeActivities.PartyDay, LifeCadences.Monthly)], inherited.Requirements);
        var life = await client.GetLifeAsync("c2l-t-b");
        Assert.Equal((1L, "c2l-t"), (life.MeetingsRequired, life.DefinedAt));

        await client.DeleteLifeTemplateAsync("c2l-t");
        Assert.Null((await client.GetLifeTemplateAsync("c2l-t-b")).DefinedAt);

        var worker = await Api.ClientAsync("c2-gw", ["grid-worker"], org: "c2l-t");
        await ClientSupport.RefusedAsync(HttpStatusCode.Forbidden, "forbidden", () => worker.PutLifeTemplateAsync("c2l-t", template));
        var bad = new LifeTemplate([new LifeKindRequirements(OrganizationKinds.Branch, [new LifeRequirement("tea-party", LifeCadences.Monthly)])]);
        var invalid = await ClientSupport.RefusedAsync(HttpStatusCode.BadRequest, "invalid-field", () => client.PutLifeTemplateAsync("c2l-t", bad));
        Assert.Contains("kinds[0].requirements[0].activity", invalid.Errors.Keys);
    }

    [Fact]
    public async Task A_meeting_is_recorded_read_back_listed_and_counted()
    {
        await PlaceAsync("c2l-m");
        var client = await Api.ClientAsync("c2-oa", ["org-admin"], org: "c2l-m");

        var recorded = await client.RecordMeetingAsync("c2l-m-b",
            new RecordMeetingRequest(LifeActivities.CommitteeMeeting, Today, ["c2l-m-m1", "c2l-m-m2"], "传达学习上级会议精神。", "支委会"), idempotencyKey: "c2l-m-1");
        Assert.StartsWith("mt-", recorded.Id, StringComparison.Ordinal);
        Assert.True(recorded.Counts);
        Assert.Equal(new MeetingQuorum(2, 3, 2, true), recorded.Quorum);
        Assert.Equal("c2-oa", recorded.RecordedBy);

        // The same key again answers the first meeting rather than recording a second.
        var again = await client.RecordMeetingAsync("c2l-m-b",
            new RecordMeetingRequest(LifeActivities.CommitteeMeeting, Today, ["c2l-m-m1", "c2l-m-m2"], "传达学习上级会议精神。", "支委会"), idempotencyKey: "c2l-m-1");
        Assert.Equal(recorded.Id, again.Id);
        var alone = await client.RecordMeetingAsync("c2l-m-b", new RecordMeetingRequest(LifeActivities.PartyLesson, Today, ["c2l-m-m3"], "党课。"));
        Assert.False(alone.Counts);

        var read = await client.GetMeetingAsync(recorded.Id);
        Assert.Equal((recorded.Id, "c2l-m-b", LifeActivities.CommitteeMeeting, Today, "支委会", "传达学习上级会议精神。"),
            (read.Id, read.OrgId, read.Type, read.Date, read.Topic, read.Minutes));
        Assert.Equal(["c2l-m-m1", "c2l-m-m2"], read.Attendees);

        var first = await client.ListMeetingsAsync("c2l-m-b", ThisMonth, limit: 1);
        Assert.NotNull(first.Next);
        var rest = await client.ListMeetingsAsync("c2l-m-b", ThisMonth, after: first.Next);
        Assert.Null(rest.Next);
        var listed = first.Items.Concat(rest.Items).ToDictionary(m => m.Id);
        Assert.Equal(new[] { recorded.Id, alone.Id }.Order(StringComparer.Ordinal), listed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((2, true), (listed[recorded.Id].Attendees, listed[recorded.Id].Counts));

        var compliance = await client.GetLifeComplianceAsync("c2l-m-b", ThisMonth);
        Assert.Equal(ThisMonth, compliance.Period);
        var committee = Assert.Single(compliance.Items, i => i.Activity == LifeActivities.CommitteeMeeting);
        Assert.Equal(CycleStatuses.Met, Assert.Single(committee.Cycles).Status);
        Assert.Equal(1, (await client.GetLifeAsync("c2l-m-b")).MeetingsHeld);

        var nextYear = ReportPeriod.OfYear(DateTimeOffset.UtcNow.Year + 1).ToString();
        var future = await client.GetNoncompliantOrganizationsAsync("c2l-m", nextYear);
        Assert.Equal((2, 2, nextYear), (future.Organizations, future.Compliant, future.Period));
        Assert.Empty(future.Items);

        var stranger = await ClientSupport.RefusedAsync((HttpStatusCode)422, "attendee-not-member",
            () => client.RecordMeetingAsync("c2l-m-b", new RecordMeetingRequest(LifeActivities.CommitteeMeeting, Today, ["c2l-m-nobody"], "记录。")));
        Assert.Contains("attendees", stranger.Errors.Keys);
        await ClientSupport.RefusedAsync(HttpStatusCode.NotFound, "meeting-not-found", () => client.GetMeetingAsync("mt-20260101-000000000000"));
    }
}
