namespace PartyActors.Grains.Tests;

/// <summary>
/// The one rule set (MemberRules, OrganizationRules): a grain refuses a profile with the field and the
/// message that the HTTP API's request validation names for the same value.
/// </summary>
public sealed class RulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 0, 0, TimeSpan.FromHours(8));

    private static readonly MemberProfile Valid = new("王芳", MemberStatus.Full, MemberCategory.InService, "g1", null,
        Gender.Female, 1980, new DateOnly(2005, 7, 1), "138-1234 5678", "41010319800101123x", ["医疗"]);

    public static TheoryData<string, MemberProfile> BrokenProfiles => new()
    {
        { "name", Valid with { Name = " " } },
        { "name", Valid with { Name = new string('名', MemberRules.MaxNameLength + 1) } },
        { "birthYear", Valid with { BirthYear = 1899 } },
        { "birthYear", Valid with { BirthYear = 2027 } },
        { "joinedOn", Valid with { JoinedOn = new DateOnly(2026, 11, 24) } },
        { "joinedOn", Valid with { JoinedOn = new DateOnly(1993, 7, 1) } },
        { "phone", Valid with { Phone = "1234" } },
        { "phone", Valid with { Phone = "138#12345678" } },
        { "idNumber", Valid with { IdNumber = "41010319800101123Y" } },
        { "idNumber", Valid with { IdNumber = "4101031980010112" } },
        { "skills", Valid with { Skills = [.. Enumerable.Repeat("义诊", MemberRules.MaxSkills + 1)] } },
        { "skills", Valid with { Skills = ["义诊", ""] } },
    };

    [Theory]
    [MemberData(nameof(BrokenProfiles))]
    public void A_broken_member_rule_is_refused_naming_its_field_with_the_message_the_API_gives(string field, MemberProfile profile)
    {
        var refusal = Assert.Throws<DomainException>(() => MemberRules.Validate(profile, Now));

        Assert.Equal(DomainErrorKind.Invalid, refusal.Kind);
        Assert.Equal(DomainErrors.InvalidField, refusal.Code);
        Assert.Equal(field, refusal.Field);
        Assert.Equal(Breach(field, profile), refusal.Message);
        Assert.DoesNotContain(profile.Phone ?? "-", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(profile.IdNumber ?? "-", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_that_keeps_every_rule_passes_and_each_check_answers_null()
    {
        MemberRules.Validate(Valid, Now);
        foreach (var field in new[] { "name", "birthYear", "joinedOn", "phone", "idNumber", "skills" })
        {
            Assert.Null(Breach(field, Valid));
        }
    }

    [Fact]
    public void Organization_names_follow_the_same_text_rule_with_their_own_length()
    {
        OrganizationRules.Validate("o1", new OrganizationDefinition(new string('名', OrganizationRules.MaxNameLength), OrganizationKind.Street, null));
        var refusal = Assert.Throws<DomainException>(() => OrganizationRules.Validate(
            "o1", new OrganizationDefinition(new string('名', OrganizationRules.MaxNameLength + 1), OrganizationKind.Street, null)));

        Assert.Equal("name", refusal.Field);
        Assert.Equal($"'name' must be at most {OrganizationRules.MaxNameLength} characters.", refusal.Message);
        Assert.Equal(DomainErrors.Cycle, Assert.Throws<DomainException>(() =>
            OrganizationRules.Validate("o1", new OrganizationDefinition("街道", OrganizationKind.Street, "o1"))).Code);
    }

    private static string? Breach(string field, MemberProfile profile) => field switch
    {
        "name" => MemberRules.CheckName(profile.Name),
        "birthYear" => MemberRules.CheckBirthYear(profile.BirthYear, Now),
        "joinedOn" => MemberRules.CheckJoinedOn(profile.JoinedOn, profile.BirthYear, Now),
        "phone" => MemberRules.CheckPhone(profile.Phone),
        "idNumber" => MemberRules.CheckIdNumber(profile.IdNumber),
        "skills" => MemberRules.CheckSkills(profile.Skills).FirstOrDefault(),
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };
}
