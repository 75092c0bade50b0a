using System.Collections.Immutable;
using System.Globalization;

namespace PartyActors.Grains.Demo;

/// <summary>
/// The organization tree of the demo district: the district, its 15 streets, town and township, 155
/// communities and villages and 696 grids, with what the member generation needs to know about the grids.
/// </summary>
internal sealed class ErqiTree
{
    public const string DistrictId = "410103";

    private const int GridCount = 696;
    private const int MinGridsPerCommunity = 2;
    private const int MaxGridsPerCommunity = 8;

    private ErqiTree(ImmutableArray<DemoOrganization> organizations, ImmutableArray<DemoGrid> grids)
    {
        Organizations = organizations;
        Grids = grids;
    }

    /// <summary>Every organization, level by level: the district, streets, communities, grids.</summary>
    public ImmutableArray<DemoOrganization> Organizations { get; }

    public ImmutableArray<DemoGrid> Grids { get; }

    public static ErqiTree Build(DemoRandom random)
    {
        var streets = ErqiNames.Streets;
        var communityNames = new Queue<string>(Shuffled(Combine(ErqiNames.CommunityStems, ErqiNames.CommunitySuffixes), random));
        var villageNames = new Queue<string>(Shuffled(Combine(ErqiNames.VillageStems, ErqiNames.VillageSuffixes), random));

        var organizations = ImmutableArray.CreateBuilder<DemoOrganization>();
        organizations.Add(new(DistrictId, new("二七区委", OrganizationKind.District, null)));

        var communities = new List<(string Id, int Street, bool IsVillage)>();
        for (var s = 0; s < streets.Length; s++)
        {
            var streetId = ChildId(DistrictId, s + 1, 3);
            organizations.Add(new(streetId, new(streets[s].Name, streets[s].Kind, DistrictId)));

            // A street numbers its communities and villages together, so villages are not all at the end.
            var kinds = Shuffled(Enumerable.Repeat(false, streets[s].Communities).Concat(Enumerable.Repeat(true, streets[s].Villages)), random);
            for (var c = 0; c < kinds.Count; c++)
            {
                communities.Add((ChildId(streetId, c + 1, 2), s, kinds[c]));
            }
        }

        foreach (var (id, _, isVillage) in communities)
        {
            var definition = isVillage
                ? new OrganizationDefinition(villageNames.Dequeue() + "村党组织", OrganizationKind.Village, ParentOf(id))
                : new OrganizationDefinition(communityNames.Dequeue() + "社区党委", OrganizationKind.Community, ParentOf(id));
            organizations.Add(new(id, definition));
        }

        var gridCounts = AllocateGrids(communities, random);
        var grids = ImmutableArray.CreateBuilder<DemoGrid>(GridCount);
        for (var c = 0; c < communities.Count; c++)
        {
            var (communityId, street, isVillage) = communities[c];
            for (var g = 1; g <= gridCounts[c]; g++)
            {
                var gridId = ChildId(communityId, g, 2);
                organizations.Add(new(gridId, new(string.Create(CultureInfo.InvariantCulture, $"第{g}网格党支部"), OrganizationKind.Grid, communityId)));

                // Village grids cover farmland and hold fewer members than a block of flats.
                var density = isVillage ? random.Between(40, 100) : random.Between(60, 140);
                grids.Add(new(gridId, communityId, street, isVillage, density));
            }
        }

        return new ErqiTree(organizations.ToImmutable(), grids.MoveToImmutable());
    }

    private static string ChildId(string parentId, int number, int digits) =>
        string.Concat(parentId, "-", number.ToString("D" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));

    private static string ParentOf(string id) => id[..id.LastIndexOf('-')];

    /// <summary>
    /// Gives every community between 2 and 8 grids, 696 in all. Urban communities draw twice as many
    /// of the grids above the minimum as villages do: grids are drawn by households, and villages are
    /// thinner on the ground.
    /// </summary>
    private static int[] AllocateGrids(List<(string Id, int Street, bool IsVillage)> communities, DemoRandom random)
    {
        var counts = new int[communities.Count];
        Array.Fill(counts, MinGridsPerCommunity);
        var choice = new WeightedChoice<int>(communities.Select((c, i) => (i, c.IsVillage ? 1 : 2)));
        for (var left = GridCount - (MinGridsPerCommunity * communities.Count); left > 0;)
        {
            var c = choice.Pick(random);
            if (counts[c] < MaxGridsPerCommunity)
            {
                counts[c]++;
                left--;
            }
        }

        return counts;
    }

    private static IEnumerable<string> Combine(ImmutableArray<string> stems, ImmutableArray<string> suffixes) =>
        stems.SelectMany(stem => suffixes.Select(suffix => stem + suffix));

    private static List<T> Shuffled<T>(IEnumerable<T> items, DemoRandom random)
    {
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }

        return list;
    }
}

/// <summary>A grid as the member generation sees it.</summary>
/// <param name="Street">Index of its street in <see cref="ErqiNames.Streets"/>.</param>
/// <param name="Density">Relative number of members whose home it is.</param>
internal sealed record DemoGrid(string Id, string CommunityId, int Street, bool InVillage, int Density);
