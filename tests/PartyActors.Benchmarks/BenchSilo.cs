using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PartyActors.Storage;

namespace PartyActors.Benchmarks;

/// <summary>
/// One Orleans silo in this process, as the service hosts it (UseOrleans on a generic host,
/// localhost membership, no gateway), with the calls measured made through the silo's own
/// <see cref="IGrainFactory"/>: the path the HTTP frontend takes. <see cref="RestartAsync"/> stops
/// the silo gracefully and starts a new one from the same configuration (a shared
/// <see cref="MemoryGrainStore"/> keeps what was written, as a database would).
/// </summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private readonly Action<ISiloBuilder> _configure;
    private IHost? _host;

    private BenchSilo(Action<ISiloBuilder> configure) => _configure = configure;

    public IServiceProvider Services => _host?.Services ?? throw new InvalidOperationException("The silo is not running.");

    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    /// <summary>Starts a silo; without <paramref name="configure"/> it keeps state in memory.</summary>
    public static async Task<BenchSilo> StartAsync(Action<ISiloBuilder>? configure = null)
    {
        var store = new MemoryGrainStore(new JsonGrainStateSerializer(), TimeProvider.System);
        var silo = new BenchSilo(configure ?? (s => s.AddMemoryGrainStore(store: store)));
        await silo.StartHostAsync();
        return silo;
    }

    /// <summary>Activations in the silo, as Orleans' management grain counts them.</summary>
    public Task<int> CountActivationsAsync() => GrainFactory.GetGrain<IManagementGrain>(0).GetTotalActivationCount();

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartHostAsync();
    }

    public async Task StopAsync()
    {
        if (_host is { } host)
        {
            _host = null;
            await host.StopAsync();
            host.Dispose();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task StartHostAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        var siloPort = FreePort();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort: 0);
            _configure(silo);
        });
        var host = builder.Build();
        await host.StartAsync();
        _host = host;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
