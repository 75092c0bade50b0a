using PartyActors.Grains;
using PartyActors.Grains.Demo;
using PartyActors.Grains.Testing;
using PartyActors.Storage;

namespace PartyActors.Benchmarks;

/// <summary>
/// The <c>member-memory</c> mode: the managed heap with the whole Erqi district active (867
/// organizations, 21,697 members), and what each member grain adds, against the empty activation
/// measured in the same run. The district is loaded, the silo restarted gracefully (the in-memory
/// store keeps every record), then the organizations are activated and measured, then the members.
/// </summary>
internal static class MemberMemoryMeasurement
{
    /// <summary>Target of the issue: what one active member grain may cost.</summary>
    private const int TargetBytesPerMember = 2048;

    /// <summary>Time for the organizations' first reconciliation (they ask their children once after activating) to finish.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync()
    {
        var district = ErqiDistrict.Generate();
        var members = district.Members.Length;
        var empty = await MemoryMeasurement.MeasureEmptyActivationsAsync(members);

        // One store for both silos: it keeps the records across the restart, as a database would.
        var store = new MemoryGrainStore(new JsonGrainStateSerializer(), TimeProvider.System);
        await using var cluster = await BenchSilo.StartAsync(silo => silo.AddMemoryGrainStore(store: store).AddDomainGrains());
        var times = await DistrictLoader.LoadAsync(cluster.GrainFactory, district);
        var root = district.Organizations.Single(o => o.Definition.ParentId is null).Id;
        var counted = district.Members.Count(m => m.Profile.Status.IsCounted());
        while ((await cluster.GrainFactory.GetGrain<IOrganizationGrain>(root).GetRollup()).Metrics[Metric.Members] != counted)
        {
            await Task.Delay(50);
        }

        await cluster.RestartAsync();
        var factory = cluster.GrainFactory;
        var nothing = await MeasureAsync(cluster);

        await DistrictLoader.ForEachAsync(district.Organizations, DistrictLoader.DefaultMaxInFlight, o => factory.GetGrain<IOrganizationGrain>(o.Id).GetRollup());
        await Task.Delay(Quiet);
        var organizations = await MeasureAsync(cluster);

        await DistrictLoader.ForEachAsync(district.Members, DistrictLoader.DefaultMaxInFlight, m => factory.GetGrain<IMemberGrain>(m.Id).GetDetails());
        await Task.Delay(Quiet);
        var everything = await MeasureAsync(cluster);

        var perOrganization = (double)(organizations.Heap - nothing.Heap) / (organizations.Activations - nothing.Activations);
        var perMember = (double)(everything.Heap - organizations.Heap) / (everything.Activations - organizations.Activations);
        Console.WriteLine();
        Console.WriteLine("PartyActors memory of the Erqi district, every grain active (in-memory store)");
        Print($"  district loaded in                          : {times.Total.TotalSeconds:F1} s");
        Print($"  baseline: empty grain, bytes per activation : {empty.BytesPerActivation:F1} B ({empty.Activated:N0} activations, same process)");
        Print($"  after a restart, nothing active             : {nothing}");
        Print($"  then every organization activated           : {organizations}");
        Print($"  then every member activated too             : {everything}");
        Print($"  bytes per organization grain                : {perOrganization:N0} B");
        Print($"  bytes per member grain                      : {perMember:N0} B (target <= {TargetBytesPerMember:N0} B), {perMember / empty.BytesPerActivation:F1}x an empty activation");
        Console.WriteLine("  (the member ids are the caller's strings, held by the district throughout: not counted, as in the baseline)");
        Console.WriteLine(perMember <= TargetBytesPerMember ? "  target met" : "  TARGET MISSED");
        GC.KeepAlive(district);
        return 0;
    }

    private static async Task<HeapFigures> MeasureAsync(BenchSilo cluster)
    {
        var activations = await cluster.CountActivationsAsync();
        var heap = MemoryMeasurement.CollectAndMeasure();
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return new HeapFigures(activations, heap, info.HeapSizeBytes, info.FragmentedBytes);
    }

    private static void Print(FormattableString line) => MemoryMeasurement.Print(line);

    /// <summary>The heap after a full compacting collection, as <c>GC.GetTotalMemory(true)</c> and <c>GC.GetGCMemoryInfo</c> report it.</summary>
    private sealed record HeapFigures(int Activations, long Heap, long HeapSize, long Fragmented)
    {
        public override string ToString() => FormattableString.Invariant(
            $"{Activations,6:N0} activations, GetTotalMemory {Heap,13:N0} B, GCMemoryInfo heap {HeapSize,13:N0} B (fragmented {Fragmented:N0} B)");
    }
}
