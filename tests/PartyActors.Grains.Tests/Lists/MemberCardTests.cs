namespace PartyActors.Grains.Tests.Lists;

/// <summary>Issue 15: an organization lists and finds its members of record from the cards they send, exactly, across changes and crashes.</summary>
public sealed class MemberCardTests
{
    private static async Task<List<string>> FoundAsync(DomainHarness harness, string orgId, string? query) =>
        [.. (await harness.Org(orgId).FindMembersOfRecord(query)).Select(m => $"{m.Id}:{m.Name}:{m.OrgId}:{m.Status}:{m.Category}").Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Cards_follow_renames_transfers_and_departures_and_survive_a_crash()
    {
        await using var harness = await DomainHarness.StartAsync();
        await harness.PlaceAsync("d", null, OrganizationKind.District);
        await harness.PlaceAsync("c1", "d", OrganizationKind.Community);
        await harness.PlaceAsync("c2", "d", OrganizationKind.Community);
        await harness.Member("m1").SetProfile(new MemberProfile("张伟", MemberStatus.Full, MemberCategory.InService, "c1"));
        await harness.Member("m2").SetProfile(new MemberProfile("Li Na", MemberStatus.Applicant, MemberCategory.Student, "c1"));
        await harness.Member("m3").SetProfile(new MemberProfile("王芳", MemberStatus.Full, MemberCategory.Retired, "c2"));

        Assert.Equal(["m1:张伟:c1:Full:InService", "m2:Li Na:c1:Applicant:Student"], await FoundAsync(harness, "c1", null));
        Assert.Equal(["m1:张伟:c1:Full:InService"], await FoundAsync(harness, "c1", "张"));
        Assert.Equal(["m2:Li Na:c1:Applicant:Student"], await FoundAsync(harness, "c1", "li n"));
        Assert.Equal(["m2:Li Na:c1:Applicant:Student"], await FoundAsync(harness, "c1", "M2"));
        Assert.Empty(await FoundAsync(harness, "d", null));

        // A rename (nothing else of the contribution changes), a transfer, a departure.
        await harness.Member("m1").SetProfile(new MemberProfile("张卫东", MemberStatus.Full, MemberCategory.InService, "c1"));
        await harness.Member("m2").SetProfile(new MemberProfile("Li Na", MemberStatus.Applicant, MemberCategory.InService, "c2"));
        await harness.Member("m3").Leave();
        Assert.Equal(["m1:张卫东:c1:Full:InService"], await FoundAsync(harness, "c1", null));
        Assert.Equal(["m2:Li Na:c2:Applicant:InService"], await FoundAsync(harness, "c2", null));
        Assert.Empty(await FoundAsync(harness, "c1", "张伟"));

        await harness.CrashAndRestartAsync();
        Assert.Equal(["m1:张卫东:c1:Full:InService"], await FoundAsync(harness, "c1", null));
        Assert.Equal(["m2:Li Na:c2:Applicant:InService"], await FoundAsync(harness, "c2", "Li"));
        Assert.Empty(await FoundAsync(harness, "nowhere", null));
    }
}
