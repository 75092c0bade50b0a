using System.Collections.Immutable;
using System.Globalization;

namespace PartyActors.Grains.Demo;

/// <summary>Makes up the members of the demo district, one at a time, each unique in phone and ID number.</summary>
internal sealed class ErqiMemberFactory
{
    /// <summary>
    /// The day the roster is as of. Fixed rather than read from a <see cref="TimeProvider"/>: a seed must
    /// give the same roster whenever it is generated.
    /// </summary>
    public static readonly DateOnly AsOf = new(2026, 6, 30);

    private readonly DemoRandom random;
    private readonly WeightedChoice<DemoGrid> homeGrids;
    private readonly Dictionary<int, List<DemoGrid>> gridsByStreet;
    private readonly WeightedChoice<MemberCategory> urbanCategories;
    private readonly WeightedChoice<MemberCategory> villageCategories;
    private readonly WeightedChoice<MemberStatus> statuses;
    private readonly WeightedChoice<string> surnames;
    private readonly WeightedChoice<int> skillCounts;
    private readonly string maleGivenCharacters = ErqiNames.MaleGivenCharacters + ErqiNames.SharedGivenCharacters;
    private readonly string femaleGivenCharacters = ErqiNames.FemaleGivenCharacters + ErqiNames.SharedGivenCharacters;
    private readonly HashSet<string> phones = new(StringComparer.Ordinal);
    private readonly HashSet<string> idNumbers = new(StringComparer.Ordinal);

    public ErqiMemberFactory(ImmutableArray<DemoGrid> grids, DemoRandom random)
    {
        this.random = random;
        homeGrids = new(grids.Select(g => (g, g.Density)));
        gridsByStreet = grids.GroupBy(g => g.Street).ToDictionary(g => g.Key, g => g.ToList());

        // Per mille. Towns hold about a fifth of the members, so these give about 35 % in service and
        // 35 % retired over the district, with farmers nearly all in the villages.
        urbanCategories = new(
        [
            (MemberCategory.InService, 405), (MemberCategory.Retired, 400), (MemberCategory.Floating, 55),
            (MemberCategory.Unemployed, 50), (MemberCategory.Student, 40), (MemberCategory.Farmer, 10), (MemberCategory.Other, 40),
        ]);
        villageCategories = new(
        [
            (MemberCategory.Farmer, 500), (MemberCategory.InService, 150), (MemberCategory.Retired, 150), (MemberCategory.Floating, 100),
            (MemberCategory.Unemployed, 30), (MemberCategory.Student, 30), (MemberCategory.Other, 40),
        ]);
        statuses = new(
        [
            (MemberStatus.Full, 920), (MemberStatus.Probationary, 40),
            (MemberStatus.Applicant, 14), (MemberStatus.Activist, 14), (MemberStatus.Candidate, 12),
        ]);
        surnames = new(ErqiNames.CommonSurnames.Concat(ErqiNames.OtherSurnames.Select(c => (c.ToString(), ErqiNames.OtherSurnameWeight))));
        skillCounts = new([(0, 45), (1, 33), (2, 16), (3, 6)]);
    }

    public DemoMember Create(int number)
    {
        var home = homeGrids.Pick(random);
        var category = (home.InVillage ? villageCategories : urbanCategories).Pick(random);
        var status = statuses.Pick(random);
        var gender = random.Chance(FemaleShare(category)) ? Gender.Female : Gender.Male;
        var birth = BirthDate(category, status, gender);

        // Membership is held by the grid's Party branch, or for some urban members by the community
        // committee itself; a village's members all belong to its grid branches.
        var orgId = home.InVillage || random.Chance(0.8) ? home.Id : home.CommunityId;

        // In-service members mostly live away from where their membership is held; that is what
        // report-in (双报到) is for. Others mostly live where they belong.
        var livesAtHome = random.Chance(category == MemberCategory.InService ? 0.3 : 0.92);
        var residence = livesAtHome ? home : GridOtherThan(home);

        var profile = new MemberProfile(
            Name: Surname() + GivenName(gender, birth.Year),
            Status: status,
            Category: category,
            OrgId: orgId,
            ResidenceGridId: residence.Id,
            Gender: gender,
            BirthYear: birth.Year,
            JoinedOn: JoinedOn(status, birth),
            Phone: Phone(birth.Year),
            IdNumber: IdNumber(birth, gender),
            Skills: Skills());
        return new DemoMember(string.Create(CultureInfo.InvariantCulture, $"m-{number:000000}"), profile);
    }

    private static double FemaleShare(MemberCategory category) => category switch
    {
        MemberCategory.InService => 0.42,
        MemberCategory.Retired => 0.30,
        MemberCategory.Unemployed => 0.45,
        MemberCategory.Student => 0.55,
        MemberCategory.Farmer => 0.25,
        _ => 0.38,
    };

    private DateOnly BirthDate(MemberCategory category, MemberStatus status, Gender gender)
    {
        var (earliest, latest) = category switch
        {
            MemberCategory.InService => (1964, 2002),

            // Women retire earlier: at 50 or 55.
            MemberCategory.Retired => (1935, gender == Gender.Female ? 1976 : 1966),
            MemberCategory.Floating => (1966, 2003),
            MemberCategory.Unemployed => (1966, 2000),
            MemberCategory.Student => (2000, 2005),
            MemberCategory.Farmer => (1940, 2000),
            _ => (1940, 2003),
        };

        // People on the way to membership are mostly young.
        if (status != MemberStatus.Full)
        {
            earliest = Math.Max(earliest, latest - 22);
        }

        var year = random.Between(earliest, latest);
        return new DateOnly(year, 1, 1).AddDays(random.Next(DateTime.IsLeapYear(year) ? 366 : 365));
    }

    /// <summary>
    /// When the member was admitted (入党): never before 18, a year or more ago for a full member (the
    /// probation lasts a year), within the last year for a probationary one, not yet for the others.
    /// </summary>
    private DateOnly? JoinedOn(MemberStatus status, DateOnly birth)
    {
        var earliest = birth.AddYears(18);
        var probationStart = AsOf.AddYears(-1);
        switch (status)
        {
            case MemberStatus.Probationary:
                return Between(Max(earliest, probationStart.AddDays(1)), AsOf);

            case MemberStatus.Full:
                // Most join in their twenties or thirties, a few later in life.
                var age = 19 + Math.Min(random.Next(36), random.Next(36));
                var joined = birth.AddYears(age).AddDays(random.Next(365));
                if (joined > probationStart)
                {
                    joined = Between(earliest, probationStart);
                }

                // Admissions cluster around the Party's anniversary on the first of July.
                var anniversary = new DateOnly(joined.Year, 7, 1);
                return anniversary >= earliest && anniversary <= probationStart && random.Chance(0.2) ? anniversary : joined;

            default:
                return null;
        }
    }

    private DateOnly Between(DateOnly earliest, DateOnly latest) =>
        DateOnly.FromDayNumber(random.Between(earliest.DayNumber, latest.DayNumber));

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private DemoGrid GridOtherThan(DemoGrid home)
    {
        while (true)
        {
            // Half live in the same street, half anywhere in the district.
            var grid = random.Chance(0.5) ? random.Pick(gridsByStreet[home.Street]) : homeGrids.Pick(random);
            if (!ReferenceEquals(grid, home))
            {
                return grid;
            }
        }
    }

    private string Surname() => surnames.Pick(random);

    private string GivenName(Gender gender, int birthYear)
    {
        if (birthYear < 1966 && random.Chance(0.15))
        {
            return random.Pick(gender == Gender.Male ? ErqiNames.OlderMaleNames : ErqiNames.OlderFemaleNames);
        }

        var characters = gender == Gender.Male ? maleGivenCharacters : femaleGivenCharacters;
        var first = characters[random.Next(characters.Length)];
        return random.Chance(0.25)
            ? first.ToString()
            : string.Concat(first.ToString(), characters[random.Next(characters.Length)].ToString());
    }

    private string? Phone(int birthYear)
    {
        // Some of the oldest members have no mobile phone of their own.
        if (birthYear < 1945 && random.Chance(0.3))
        {
            return null;
        }

        while (true)
        {
            var phone = string.Create(CultureInfo.InvariantCulture, $"{random.Pick(ErqiNames.PhonePrefixes)}{random.Next(100_000_000):00000000}");
            if (phones.Add(phone))
            {
                return phone;
            }
        }
    }

    private string IdNumber(DateOnly birth, Gender gender)
    {
        while (true)
        {
            // The order code's last digit is odd for men and even for women; 000 is not issued.
            var order = (random.Next(100) * 10) + (random.Next(5) * 2) + (gender == Gender.Male ? 1 : 0);
            if (order == 0)
            {
                continue;
            }

            var first17 = string.Create(CultureInfo.InvariantCulture, $"{ErqiTree.DistrictId}{birth:yyyyMMdd}{order:000}");
            var idNumber = first17 + ResidentIdNumber.CheckCharacter(first17);
            if (idNumbers.Add(idNumber))
            {
                return idNumber;
            }
        }
    }

    private ImmutableArray<string> Skills()
    {
        var count = skillCounts.Pick(random);
        if (count == 0)
        {
            return [];
        }

        // A partial Fisher-Yates shuffle: distinct skills in a random order.
        var pool = ErqiNames.Skills.ToArray();
        for (var i = 0; i < count; i++)
        {
            var j = random.Between(i, pool.Length - 1);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        return ImmutableArray.Create(pool, 0, count);
    }
}
