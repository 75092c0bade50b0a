using Microsoft.Extensions.DependencyInjection;
using PartyActors.Runtime.Testing;
using PartyActors.Runtime.Tests.Grains;

namespace PartyActors.Runtime.Tests;

/// <summary>Starts an in-process cluster with this project's grains, a probe, and optionally a manual clock.</summary>
internal static class TestClusters
{
    public static async Task<InProcessTestCluster> StartAsync(
        Probe? probe = null,
        TimeProvider? time = null,
        Action<GrainRuntimeOptions>? options = null,
        Action<ISiloBuilder>? silo = null)
    {
        var builder = InProcessTestCluster.CreateBuilder()
            .ConfigureServices(services => services.AddSingleton(probe ?? new Probe()))
            .ConfigureSilo(s =>
            {
                s.AddGrains<CounterGrain>();
                if (options is not null)
                {
                    s.Configure(options);
                }

                silo?.Invoke(s);
            });
        if (time is not null)
        {
            builder.UseTimeProvider(time);
        }

        var cluster = builder.Build();
        await cluster.StartAsync();
        return cluster;
    }

    /// <summary>Waits on the real clock for something the runtime does asynchronously.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for: {what}");
            }

            await Task.Delay(5);
        }
    }
}
