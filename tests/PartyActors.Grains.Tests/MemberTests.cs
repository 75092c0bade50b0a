namespace PartyActors.Grains.Tests;

public sealed class MemberTests
{
    private static async Task<DomainHarness> TreeAsync()
    {
        var harness = await DomainHarness.StartAsync();
        await harness.PlaceAsync("d", null, OrganizationKind.District);
        await harness.PlaceAsync("c", "d", OrganizationKind.Community);
        await harness.PlaceAsync("g1", "c", OrganizationKind.Grid);
        await harness.PlaceAsync("g2", "c", OrganizationKind.Grid);
        return harness;
    }

    [Fact]
    public async Task Phone_and_id_number_are_masked_on_read_and_in_log_text()
    {
        await using var harness = await TreeAsync();
        var profile = new MemberProfile("王芳", MemberStatus.Full, MemberCategory.InService, "g1", "g2",
            Gender.Female, 1980, new DateOnly(2005, 7, 1), "13812345678", "41010319800101123X", ["医疗"]);

        Assert.Equal(ProfileOutcome.Created, await harness.Member("m1").SetProfile(profile));
        var details = await harness.Member("m1").GetDetails();

        Assert.NotNull(details);
        Assert.Equal("138****5678", details.Phone);
        Assert.Equal("410***********123X", details.IdNumber);
        Assert.Equal(new[] { "医疗" }, details.Skills.ToArray());
        Assert.DoesNotContain("13812345678", profile.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("41010319800101123X", profile.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", details.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_organization_or_grid_is_refused_and_nothing_is_counted()
    {
        await using var harness = await TreeAsync();

        var unknownOrg = await Assert.ThrowsAsync<DomainException>(() => harness.EnrollAsync("m1", "nowhere"));
        Assert.Equal((DomainErrorKind.UnknownReference, DomainErrors.OrgNotFound), (unknownOrg.Kind, unknownOrg.Code));
        var unknownGrid = await Assert.ThrowsAsync<DomainException>(() => harness.EnrollAsync("m1", "g1", residenceGridId: "nowhere"));
        Assert.Equal(DomainErrors.GridNotFound, unknownGrid.Code);
        var notAGrid = await Assert.ThrowsAsync<DomainException>(() => harness.EnrollAsync("m1", "g1", residenceGridId: "c"));
        Assert.Equal(DomainErrors.NotAGrid, notAGrid.Code);

        Assert.Null(await harness.Member("m1").GetDetails());
        await Task.Delay(50);
        Assert.Equal(0, (await harness.Org("d").GetRollup()).Metrics[Metric.Members]);
        await harness.Tree.Dissolve("g1");
    }

    [Fact]
    public async Task Invalid_profiles_are_refused_with_the_field_named()
    {
        await using var harness = await TreeAsync();

        var cases = new (MemberProfile Profile, string Field)[]
        {
            (new MemberProfile(" ", MemberStatus.Full, MemberCategory.Other, "g1"), "name"),
            (new MemberProfile("李", MemberStatus.Full, MemberCategory.Other, "g1", BirthYear: 1800), "birthYear"),
            (new MemberProfile("李", MemberStatus.Full, MemberCategory.Other, "g1", Phone: "call me"), "phone"),
            (new MemberProfile("李", MemberStatus.Full, MemberCategory.Other, "g1", IdNumber: "123"), "idNumber"),
            (new MemberProfile("李", (MemberStatus)42, MemberCategory.Other, "g1"), "status"),
            (new MemberProfile("李", MemberStatus.Full, MemberCategory.Other, "g1", BirthYear: 2000, JoinedOn: new DateOnly(2005, 1, 1)), "joinedOn"),
        };

        foreach (var (profile, field) in cases)
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => harness.Member("m1").SetProfile(profile));
            Assert.Equal((DomainErrorKind.Invalid, field), (refused.Kind, refused.Field));
        }

        Assert.Null(await harness.Member("m1").GetDetails());
    }

    [Fact]
    public async Task Reporting_in_counts_where_the_member_serves_and_moves_with_the_report()
    {
        await using var harness = await TreeAsync();
        var model = new RollupModel();
        foreach (var (id, parent, kind) in new[] { ("d", (string?)null, OrganizationKind.District), ("c", "d", OrganizationKind.Community), ("g1", "c", OrganizationKind.Grid), ("g2", "c", OrganizationKind.Grid) })
        {
            model.Orgs[id] = (parent, kind);
        }

        await harness.EnrollAsync("m1", "g1", MemberStatus.Full, MemberCategory.InService);
        var report = await harness.Member("m1").ReportIn("g2");
        Assert.Equal(("c", "g2"), (report.CommunityId, report.GridId));
        model.Members["m1"] = new(MemberStatus.Full, MemberCategory.InService, "g1", null, "g2");
        await harness.AssertExactAsync(model);
        Assert.Equal(1, (await harness.Org("g2").GetRollup()).Metrics[Metric.ReportedHere]);
        Assert.Equal(1, (await harness.Org("g1").GetRollup()).Metrics[Metric.ReportedIn]);

        await harness.Member("m1").ReportIn("g1");
        model.Members["m1"] = model.Members["m1"] with { ReportInGridId = "g1" };
        await harness.AssertExactAsync(model);

        await harness.Member("m1").WithdrawReportIn();
        model.Members["m1"] = model.Members["m1"] with { ReportInGridId = null };
        await harness.AssertExactAsync(model);
        Assert.Null((await harness.Member("m1").GetDetails())!.ReportedIn);
    }

    [Fact]
    public async Task A_member_who_leaves_drops_out_of_every_roll_up_but_keeps_the_history()
    {
        await using var harness = await TreeAsync();
        await harness.EnrollAsync("m1", "g1", MemberStatus.Full, MemberCategory.InService, residenceGridId: "g2");
        await harness.Member("m1").ReportIn("g2");
        await DomainHarness.EventuallyAsync(async () => (await harness.Org("d").GetRollup()).Metrics[Metric.ReportedHere] == 1, "the report-in is counted");

        await harness.Member("m1").Leave();

        await DomainHarness.EventuallyAsync(async () => (await harness.Org("d").GetRollup()).Metrics.IsZero is false &&
            (await harness.Org("d").GetRollup()).Metrics == RollupCounters.From((Metric.Orgs, 4)), "the district counts only its organizations");
        var details = await harness.Member("m1").GetDetails();
        Assert.Equal((MemberStatus.Left, "g1"), (details!.Status, details.OrgId));
        await Assert.ThrowsAsync<DomainException>(() => harness.Member("m1").ReportIn("g1"));
        await harness.Tree.Dissolve("g2");
    }
}
