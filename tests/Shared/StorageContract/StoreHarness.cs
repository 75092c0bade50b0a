using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PartyActors.Runtime;
using PartyActors.Runtime.Testing;

namespace PartyActors.Storage.Contract;

/// <summary>Builds the services of a store under test, started the way a silo host starts them.</summary>
internal sealed class StoreHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IHostedService[] _hosted;

    private StoreHarness(ServiceProvider services, IHostedService[] hosted)
    {
        _services = services;
        _hosted = hosted;
    }

    public IGrainStorage GrainStorage => _services.GetRequiredKeyedService<IGrainStorage>(PersistentStateAttribute.DefaultStorageName);

    public IGrainLogStorage LogStorage => _services.GetRequiredKeyedService<IGrainLogStorage>(PersistentStateAttribute.DefaultStorageName);

    public IReminderTable Reminders => _services.GetRequiredService<IReminderTable>();

    public static async Task<StoreHarness> StartAsync(Action<ISiloBuilder> configureStore)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPartyActors(configureStore);
        var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToArray();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        return new StoreHarness(provider, hosted);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _hosted.Reverse())
        {
            await service.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
    }

    /// <summary>A cluster of the contract grains on the store under test.</summary>
    public static async Task<InProcessTestCluster> StartClusterAsync(Action<ISiloBuilder> configureStore, ContractProbe probe,
        Action<GrainRuntimeOptions>? options = null)
    {
        var cluster = InProcessTestCluster.CreateBuilder()
            .ConfigureServices(services => services.AddSingleton(probe))
            .ConfigureSilo(silo =>
            {
                silo.AddGrains<ContractProbe>();
                configureStore(silo);
                if (options is not null)
                {
                    silo.Configure(options);
                }
            })
            .Build();
        await cluster.StartAsync();
        return cluster;
    }

    /// <summary>Waits on the real clock for something that happens in the background.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for: {what}");
            }

            await Task.Delay(10);
        }
    }
}
