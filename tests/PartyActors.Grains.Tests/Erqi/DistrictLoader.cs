using System.Diagnostics;
using PartyActors.Grains.Demo;

namespace PartyActors.Grains.Testing;

/// <summary>
/// Loads a <see cref="DemoDistrict"/> into a running silo through the grains' own interfaces, as
/// a client would: the organizations level by level (each level concurrently, so a parent always
/// exists before its children are placed), then every member's profile, then the report-ins (双报到),
/// each with a bounded number of calls in flight. (Shared by the test project and, as a linked file,
/// the benchmarks: it must not depend on xunit, nor on either project's global usings.)
/// </summary>
internal static class DistrictLoader
{
    /// <summary>
    /// Calls in flight while members load: 256 keeps the store's group commit full (its batch is
    /// 256 rows) without queueing thousands of calls behind a few busy grids.
    /// </summary>
    public const int DefaultMaxInFlight = 256;

    public static async Task<DistrictLoadTimes> LoadAsync(PartyActors.Runtime.IGrainFactory factory, DemoDistrict district, int maxInFlight = DefaultMaxInFlight)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(district);
        var tree = factory.GetGrain<IOrganizationTreeGrain>(IOrganizationTreeGrain.Key);
        var watch = Stopwatch.StartNew();
        foreach (var level in Levels(district.Organizations))
        {
            await ForEachAsync(level, maxInFlight, o => tree.Place(o.Id, o.Definition));
        }

        var organizations = watch.Elapsed;
        await ForEachAsync(district.Members, maxInFlight, m => factory.GetGrain<IMemberGrain>(m.Id).SetProfile(m.Profile));
        var members = watch.Elapsed - organizations;
        await ForEachAsync(district.ReportIns, maxInFlight, r => factory.GetGrain<IMemberGrain>(r.MemberId).ReportIn(r.GridId));
        var reportIns = watch.Elapsed - organizations - members;
        return new DistrictLoadTimes(organizations, members, reportIns);
    }

    /// <summary>The organizations grouped by depth (the roots first), each group in the district's order.</summary>
    public static List<List<DemoOrganization>> Levels(IEnumerable<DemoOrganization> organizations)
    {
        var depths = new Dictionary<string, int>(StringComparer.Ordinal);
        var levels = new List<List<DemoOrganization>>();
        foreach (var organization in organizations)
        {
            // Parents come first in a district, so a parent's depth is always known here.
            var depth = organization.Definition.ParentId is { } parentId ? depths[parentId] + 1 : 0;
            depths[organization.Id] = depth;
            if (levels.Count == depth)
            {
                levels.Add([]);
            }

            levels[depth].Add(organization);
        }

        return levels;
    }

    /// <summary>Runs <paramref name="call"/> for every item with at most <paramref name="maxInFlight"/> running at once.</summary>
    public static Task ForEachAsync<T>(IEnumerable<T> items, int maxInFlight, Func<T, Task> call) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = maxInFlight }, async (item, _) => await call(item));
}

/// <summary>How long each phase of a <see cref="DistrictLoader.LoadAsync"/> took.</summary>
internal sealed record DistrictLoadTimes(TimeSpan Organizations, TimeSpan Members, TimeSpan ReportIns)
{
    public TimeSpan Total => Organizations + Members + ReportIns;
}
