using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace PartyActors.Benchmarks;

/// <summary>How a silo's grains reach each other (issue 11): TCP on loopback between generic hosts, or Orleans' in-process test cluster.</summary>
public enum ClusterTransport
{
    /// <summary><see cref="LoopbackCluster"/>: real sockets, Orleans' default directory, development membership.</summary>
    Tcp,

    /// <summary><c>InProcessTestCluster</c> of Orleans.TestingHost 10.4.2: in-memory transport, a shared in-process directory.</summary>
    InProcessTestCluster,
}

/// <summary>
/// A grain call to a grain on the same silo vs on another silo of a two-silo cluster (issue 11). The
/// target lives on silo A; one caller grain lives on silo A, another on silo B (each placed by
/// <see cref="Orleans.Placement.PreferLocalPlacementAttribute"/> from its silo's grain factory, and checked with
/// <c>RuntimeIdentity</c>). Each invocation asks a caller for <see cref="Calls"/> sequential calls,
/// so Mean is per grain-to-grain call.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
[MaxColumn]
public class ClusterCallBenchmarks
{
    public const int Calls = 1_000;

    private LoopbackCluster? _tcp;
    private InProcessTestCluster? _testCluster;
    private IPlacedGrain _localCaller = null!;
    private IPlacedGrain _remoteCaller = null!;

    [Params(ClusterTransport.Tcp, ClusterTransport.InProcessTestCluster)]
    public ClusterTransport Transport { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        IGrainFactory a, b;
        if (Transport == ClusterTransport.Tcp)
        {
            _tcp = await LoopbackCluster.StartAsync(2, (_, _) => { });
            (a, b) = (_tcp.Factory(0), _tcp.Factory(1));
        }
        else
        {
            var builder = new InProcessTestClusterBuilder(2);
            builder.Options.ConfigureFileLogging = false;
            _testCluster = builder.Build();
            await _testCluster.DeployAsync();
            (a, b) = (Factory(_testCluster.Silos[0]), Factory(_testCluster.Silos[1]));
        }

        var target = a.GetGrain<IPlacedGrain>("target");
        _localCaller = a.GetGrain<IPlacedGrain>("caller-on-a");
        _remoteCaller = b.GetGrain<IPlacedGrain>("caller-on-b");
        var (onTarget, onLocal, onRemote) = (await target.Where(), await _localCaller.Where(), await _remoteCaller.Where());
        Console.WriteLine($"// {Transport}: target on {onTarget}, local caller on {onLocal}, remote caller on {onRemote}");
        if (onTarget != onLocal || onTarget == onRemote)
        {
            throw new InvalidOperationException($"Placement is not as intended: target {onTarget}, local caller {onLocal}, remote caller {onRemote}.");
        }

        await _localCaller.CallMany("target", 10);
        await _remoteCaller.CallMany("target", 10);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_tcp is not null)
        {
            await _tcp.DisposeAsync();
        }

        if (_testCluster is not null)
        {
            await _testCluster.StopAllSilosAsync();
            await _testCluster.DisposeAsync();
        }
    }

    /// <summary>Caller and target on silo A.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public Task<int> SameSilo() => _localCaller.CallMany("target", Calls);

    /// <summary>Caller on silo B, target on silo A.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public Task<int> OtherSilo() => _remoteCaller.CallMany("target", Calls);

    private static IGrainFactory Factory(InProcessSiloHandle silo) => silo.SiloHost.Services.GetRequiredService<IGrainFactory>();
}
