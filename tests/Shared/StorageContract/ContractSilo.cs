using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;

namespace PartyActors.Storage.Contract;

/// <summary>
/// A real Orleans silo, in process, on the store under test: the providers are built by the
/// store's own silo-builder registration and started by the silo's lifecycle (Orleans' ADO.NET
/// storage reads its queries there, the reminder service starts the reminder table there), so a
/// test sees exactly the objects a production silo would use. Localhost clustering on a free port,
/// no gateway, no logging providers.
/// </summary>
internal sealed class ContractSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private ContractSilo(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public IGrainStorage GrainStorage => Services.GetRequiredKeyedService<IGrainStorage>(StorageSiloBuilderExtensions.DefaultStorageName);

    public IGrainLogStorage LogStorage => Services.GetRequiredKeyedService<IGrainLogStorage>(StorageSiloBuilderExtensions.DefaultStorageName);

    public IReminderTable Reminders => Services.GetRequiredService<IReminderTable>();

    /// <summary>Builds and starts a silo with <paramref name="configureStore"/> and, optionally, more configuration.</summary>
    public static async Task<ContractSilo> StartAsync(Action<ISiloBuilder> configureStore, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configureStore);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Development,
        });
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: FreePort(), gatewayPort: 0, serviceId: "contract", clusterId: "contract");
            configureStore(silo);
            configure?.Invoke(silo);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new ContractSilo(host);
    }

    /// <summary>Shuts the silo down gracefully, as a restart would; the providers are disposed with it.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        try
        {
            await _host.StopAsync();
        }
        finally
        {
            // Disposing the container disposes the providers: the SQLite registry flushes and closes its file.
            if (_host is IAsyncDisposable asyncHost)
            {
                await asyncHost.DisposeAsync();
            }
            else
            {
                _host.Dispose();
            }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Waits on the real clock for something that happens in the background.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
