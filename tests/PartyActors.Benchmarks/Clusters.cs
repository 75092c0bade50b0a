using PartyActors.Runtime;
using PartyActors.Runtime.Testing;

namespace PartyActors.Benchmarks;

/// <summary>Starts the in-process cluster every benchmark uses.</summary>
internal static class Clusters
{
    public static async Task<InProcessTestCluster> StartAsync()
    {
        var cluster = InProcessTestCluster.CreateBuilder()
            .ConfigureSilo(silo => silo.AddGrains(typeof(CalcGrain).Assembly))
            .Build();
        await cluster.StartAsync();
        return cluster;
    }
}
