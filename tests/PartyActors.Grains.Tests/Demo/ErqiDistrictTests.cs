using System.Globalization;
using System.Text.RegularExpressions;
using PartyActors.Grains.Demo;

namespace PartyActors.Grains.Tests.Demo;

public sealed partial class ErqiDistrictTests(DemoDistrictFixture fixture) : IClassFixture<DemoDistrictFixture>
{
    private readonly DemoDistrict district = fixture.District;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")]
    private static partial Regex ApiId();

    [GeneratedRegex("^第[1-8]网格党支部$")]
    private static partial Regex GridName();

    [GeneratedRegex("^1(3[0-9]|5[0-35-9]|8[0-9])[0-9]{8}$")]
    private static partial Regex MobileNumber();

    [Fact]
    public void The_tree_has_Erqis_counts_of_each_kind()
    {
        var organizations = district.Organizations;
        Assert.Equal(867, organizations.Length);

        var root = Assert.Single(organizations, o => o.Definition.Kind == OrganizationKind.District);
        Assert.Equal(new DemoOrganization("410103", new("二七区委", OrganizationKind.District, null)), root);

        var streets = organizations.Where(o => o.Definition.Kind == OrganizationKind.Street).ToList();
        Assert.Equal(13, streets.Count);
        Assert.All(streets, s => Assert.EndsWith("街道党工委", s.Definition.Name, StringComparison.Ordinal));

        var townships = organizations.Where(o => o.Definition.Kind == OrganizationKind.Township).ToList();
        Assert.Equal(2, townships.Count);
        Assert.Single(townships, t => t.Definition.Name.EndsWith("镇党委", StringComparison.Ordinal));
        Assert.Single(townships, t => t.Definition.Name.EndsWith("乡党委", StringComparison.Ordinal));

        var communities = organizations.Where(o => o.Definition.Kind == OrganizationKind.Community).ToList();
        Assert.Equal(102, communities.Count);
        Assert.All(communities, c => Assert.EndsWith("社区党委", c.Definition.Name, StringComparison.Ordinal));

        var villages = organizations.Where(o => o.Definition.Kind == OrganizationKind.Village).ToList();
        Assert.Equal(53, villages.Count);
        Assert.All(villages, v => Assert.EndsWith("村党组织", v.Definition.Name, StringComparison.Ordinal));

        var grids = organizations.Where(o => o.Definition.Kind == OrganizationKind.Grid).ToList();
        Assert.Equal(696, grids.Count);
        Assert.All(grids, g => Assert.Matches(GridName(), g.Definition.Name));

        Assert.Equal(155, communities.Concat(villages).Select(c => c.Definition.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_parent_exists_and_comes_before_its_children()
    {
        var seen = new Dictionary<string, OrganizationKind>(StringComparer.Ordinal);
        foreach (var (id, definition) in district.Organizations)
        {
            if (definition.ParentId is { } parentId)
            {
                Assert.True(seen.TryGetValue(parentId, out var parentKind), $"{id}: parent {parentId} is not before it");
                Assert.StartsWith(parentId + "-", id, StringComparison.Ordinal);
                var expectedParentKinds = definition.Kind switch
                {
                    OrganizationKind.Street or OrganizationKind.Township => [OrganizationKind.District],
                    OrganizationKind.Community or OrganizationKind.Village => [OrganizationKind.Street, OrganizationKind.Township],
                    OrganizationKind.Grid => new[] { OrganizationKind.Community, OrganizationKind.Village },
                    _ => [],
                };
                Assert.Contains(parentKind, expectedParentKinds);
            }
            else
            {
                Assert.Equal(OrganizationKind.District, definition.Kind);
            }

            Assert.True(seen.TryAdd(id, definition.Kind), $"{id} appears twice");
        }
    }

    [Fact]
    public void Communities_and_villages_have_two_to_eight_grids_and_villages_sit_under_few_streets()
    {
        var kinds = district.Organizations.ToDictionary(o => o.Id, o => o.Definition.Kind, StringComparer.Ordinal);
        var gridsPerCommunity = district.Organizations
            .Where(o => o.Definition.Kind == OrganizationKind.Grid)
            .CountBy(o => o.Definition.ParentId!)
            .ToDictionary();
        var communities = district.Organizations.Where(o => o.Definition.Kind is OrganizationKind.Community or OrganizationKind.Village).ToList();

        Assert.All(communities, c => Assert.InRange(gridsPerCommunity.GetValueOrDefault(c.Id), 2, 8));

        var streetsWithVillages = communities.Where(c => c.Definition.Kind == OrganizationKind.Village).Select(c => c.Definition.ParentId!).ToHashSet();
        Assert.Contains(streetsWithVillages, s => kinds[s] == OrganizationKind.Township);
        Assert.InRange(streetsWithVillages.Count, 2, 7);
    }

    [Fact]
    public void Every_id_matches_the_api_pattern()
    {
        Assert.All(district.Organizations, o => Assert.Matches(ApiId(), o.Id));
        Assert.All(district.Members, m => Assert.Matches(ApiId(), m.Id));
    }

    [Fact]
    public void Members_are_numbered_and_belong_to_a_grid_or_community_and_live_in_a_grid()
    {
        var kinds = district.Organizations.ToDictionary(o => o.Id, o => o.Definition.Kind, StringComparer.Ordinal);

        Assert.Equal(21_697, district.Members.Length);
        Assert.Equal(
            Enumerable.Range(1, 21_697).Select(n => "m-" + n.ToString("000000", CultureInfo.InvariantCulture)),
            district.Members.Select(m => m.Id));
        Assert.All(district.Members, m =>
        {
            Assert.True(kinds.TryGetValue(m.Profile.OrgId, out var orgKind), $"{m.Id}: unknown org {m.Profile.OrgId}");
            Assert.Contains(orgKind, new[] { OrganizationKind.Grid, OrganizationKind.Community });
            Assert.NotNull(m.Profile.ResidenceGridId);
            Assert.Equal(OrganizationKind.Grid, kinds.GetValueOrDefault(m.Profile.ResidenceGridId));
        });
    }

    [Fact]
    public void Personal_data_is_well_formed_and_unique()
    {
        foreach (var (id, profile) in district.Members)
        {
            Assert.InRange(profile.Name.Length, 2, 3);
            Assert.NotNull(profile.Gender);
            Assert.InRange(profile.BirthYear ?? 0, 1935, 2005);

            var idNumber = profile.IdNumber;
            Assert.NotNull(idNumber);
            Assert.Equal(18, idNumber.Length);
            Assert.StartsWith("410103", idNumber, StringComparison.Ordinal);
            var birth = DateOnly.ParseExact(idNumber.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture);
            Assert.Equal(profile.BirthYear, birth.Year);
            Assert.True(IsValidIdNumber(idNumber), $"{id}: bad check character in {idNumber}");
            Assert.Equal(profile.Gender == Gender.Male, (idNumber[16] - '0') % 2 == 1);

            if (profile.Phone is { } phone)
            {
                Assert.Matches(MobileNumber(), phone);
            }

            Assert.False(profile.Skills.IsDefault);
            Assert.InRange(profile.Skills.Length, 0, 3);
            Assert.Equal(profile.Skills.Length, profile.Skills.Distinct(StringComparer.Ordinal).Count());
        }

        Assert.Equal(21_697, district.Members.Select(m => m.Profile.IdNumber).Distinct(StringComparer.Ordinal).Count());
        var phones = district.Members.Select(m => m.Profile.Phone).OfType<string>().ToList();
        Assert.Equal(phones.Count, phones.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Members_joined_at_eighteen_or_later_and_only_once_admitted()
    {
        foreach (var (id, profile) in district.Members)
        {
            var birth = DateOnly.ParseExact(profile.IdNumber!.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture);
            if (profile.Status.IsCounted())
            {
                Assert.NotNull(profile.JoinedOn);
                Assert.True(profile.JoinedOn >= birth.AddYears(18), $"{id} joined before 18");
            }
            else
            {
                Assert.Null(profile.JoinedOn);
            }
        }

        // Probation lasts a year: probationary members all joined within one year, after every full member.
        var probationary = district.Members.Where(m => m.Profile.Status == MemberStatus.Probationary).Select(m => m.Profile.JoinedOn!.Value).ToList();
        var latestFull = district.Members.Where(m => m.Profile.Status == MemberStatus.Full).Max(m => m.Profile.JoinedOn!.Value);
        Assert.True(latestFull < probationary.Min());
        Assert.True(probationary.Max().DayNumber - probationary.Min().DayNumber < 366);
    }

    [Fact]
    public void Statuses_and_categories_are_distributed_like_a_district()
    {
        var members = district.Members;
        double Share(Func<MemberProfile, bool> predicate) => (double)members.Count(m => predicate(m.Profile)) / members.Length;

        Assert.InRange(Share(p => p.Category == MemberCategory.InService), 0.33, 0.37);
        Assert.InRange(Share(p => p.Category == MemberCategory.Retired), 0.30, 0.40);
        Assert.True(Share(p => p.Status == MemberStatus.Full) > 0.85);
        Assert.InRange(Share(p => p.Status == MemberStatus.Probationary), 0.02, 0.06);
        Assert.All(Enum.GetValues<MemberStatus>().Except([MemberStatus.Transferred, MemberStatus.Left]), s => Assert.Contains(members, m => m.Profile.Status == s));
        Assert.DoesNotContain(members, m => m.Profile.Status is MemberStatus.Transferred or MemberStatus.Left);

        var parents = district.Organizations.ToDictionary(o => o.Id, o => o.Definition.ParentId, StringComparer.Ordinal);
        var villages = district.Organizations.Where(o => o.Definition.Kind == OrganizationKind.Village).Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        var farmers = members.Where(m => m.Profile.Category == MemberCategory.Farmer).ToList();
        Assert.True(farmers.Count(f => villages.Contains(parents[f.Profile.OrgId]!)) > 0.8 * farmers.Count, "farmers mostly live in villages");

        // The residence grid is the org of record's grid, or one of its grids, for about 70 %.
        Assert.InRange(Share(p => p.ResidenceGridId == p.OrgId || parents[p.ResidenceGridId!] == p.OrgId), 0.65, 0.75);
    }

    [Fact]
    public void About_four_in_five_counted_in_service_members_report_in_where_they_live()
    {
        var members = district.Members.ToDictionary(m => m.Id, m => m.Profile, StringComparer.Ordinal);
        var eligible = district.Members.Count(m => m.Profile.Category == MemberCategory.InService && m.Profile.Status.IsCounted());

        Assert.All(district.ReportIns, r =>
        {
            var profile = members[r.MemberId];
            Assert.Equal(MemberCategory.InService, profile.Category);
            Assert.True(profile.Status.IsCounted());
            Assert.Equal(profile.ResidenceGridId, r.GridId);
        });
        Assert.Equal(district.ReportIns.Length, district.ReportIns.Select(r => r.MemberId).Distinct(StringComparer.Ordinal).Count());
        Assert.InRange((double)district.ReportIns.Length / eligible, 0.75, 0.85);
    }

    [Fact]
    public void The_same_seed_gives_the_same_district_and_another_seed_another()
    {
        // ImmutableArray is IEquatable by reference, so arrays are compared as sequences throughout.
        var again = ErqiDistrict.Generate();
        Assert.Equal<DemoOrganization>(district.Organizations, again.Organizations);
        Assert.Equal(district.Members.Length, again.Members.Length);
        for (var i = 0; i < district.Members.Length; i++)
        {
            AssertSameMember(district.Members[i], again.Members[i]);
        }

        Assert.Equal<DemoReportIn>(district.ReportIns, again.ReportIns);
        Assert.Equal(again, ErqiDistrict.Generate(410103), DistrictComparer.Instance);

        var other = ErqiDistrict.Generate(seed: 7);
        Assert.NotEqual(district, other, DistrictComparer.Instance);
        Assert.NotEqual(
            district.Members.Select(m => m.Profile.IdNumber),
            other.Members.Select(m => m.Profile.IdNumber));
    }

    private static void AssertSameMember(DemoMember expected, DemoMember actual)
    {
        Assert.Equal(expected.Id, actual.Id);

        Assert.Equal(expected.Profile with { Skills = default }, actual.Profile with { Skills = default });
        Assert.Equal<string>(expected.Profile.Skills, actual.Profile.Skills);
    }

    /// <summary>ISO 7064 MOD 11-2, computed as the standard states it: weights 2^(17-i) mod 11.</summary>
    private static bool IsValidIdNumber(string idNumber)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(idNumber[i]))
            {
                return false;
            }

            sum += (idNumber[i] - '0') * (int)(Math.Pow(2, 17 - i) % 11);
        }

        var check = (12 - (sum % 11)) % 11;
        return idNumber[17] == (check == 10 ? 'X' : (char)('0' + check));
    }

    /// <summary>Compares districts element by element, skills included.</summary>
    private sealed class DistrictComparer : IEqualityComparer<DemoDistrict>
    {
        public static readonly DistrictComparer Instance = new();

        public bool Equals(DemoDistrict? x, DemoDistrict? y) =>
            x is not null && y is not null
            && x.Organizations.SequenceEqual(y.Organizations)
            && x.ReportIns.SequenceEqual(y.ReportIns)
            && x.Members.Length == y.Members.Length
            && x.Members.Zip(y.Members).All(p =>
                p.First.Id == p.Second.Id
                && p.First.Profile with { Skills = default } == p.Second.Profile with { Skills = default }
                && p.First.Profile.Skills.SequenceEqual(p.Second.Profile.Skills));

        public int GetHashCode(DemoDistrict obj) => obj.Members.Length;
    }
}
