using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using PartyActors.Storage.Postgres;

namespace PartyActors.Benchmarks;

/// <summary>
/// Several Orleans silos in this process, each a generic host as the service hosts one
/// (<c>UseOrleans</c>), talking to each other over real TCP on loopback, with Orleans' default grain
/// directory and placement. Membership is either Orleans' development clustering (the first silo
/// keeps the table: the cluster must not lose it) or the service's ADO.NET clustering on PostgreSQL
/// (what a production cluster uses). Unlike <c>InProcessTestCluster</c> (in-memory transport and a
/// shared in-process grain directory in Orleans 10.4.2), nothing here is a test double.
/// </summary>
internal sealed class LoopbackCluster : IAsyncDisposable
{
    private readonly List<IHost> _silos = [];

    private LoopbackCluster(string clusterId) => ClusterId = clusterId;

    public string ClusterId { get; }

    /// <summary>The silos' console log level (Warning; the recovery mode raises it: calls to a lost silo fail by the thousand).</summary>
    public static LogLevel MinimumLogLevel { get; set; } = LogLevel.Warning;

    public IReadOnlyList<IHost> Silos => _silos;

    public IGrainFactory Factory(int silo) => _silos[silo].Services.GetRequiredService<IGrainFactory>();

    public SiloAddress Address(int silo) => _silos[silo].Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    /// <summary>
    /// Starts <paramref name="count"/> silos one after the other. <paramref name="postgres"/>: ADO.NET
    /// membership in that database (migrated first); null: development clustering, the first silo primary.
    /// </summary>
    public static async Task<LoopbackCluster> StartAsync(
        int count, Action<int, ISiloBuilder> configure, string? postgres = null, string? clusterId = null, Action<ClusterMembershipOptions>? membership = null)
    {
        var cluster = new LoopbackCluster(clusterId ?? "bench-" + Guid.NewGuid().ToString("N")[..8]);
        if (postgres is not null)
        {
            await PostgresMigrator.MigrateAsync(postgres, CancellationToken.None);
        }

        IPEndPoint? primary = null;
        try
        {
            for (var i = 0; i < count; i++)
            {
                var port = FreePort();
                primary ??= new IPEndPoint(IPAddress.Loopback, port);
                var index = i;
                var host = await StartSiloAsync(cluster.ClusterId, port, postgres, primary, membership, silo => configure(index, silo));
                cluster._silos.Add(host);
            }
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>One silo host, started: the same configuration a member of the cluster gets (also used by a silo in a child process).</summary>
    public static async Task<IHost> StartSiloAsync(
        string clusterId, int port, string? postgres, IPEndPoint? primary, Action<ClusterMembershipOptions>? membership, Action<ISiloBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ").SetMinimumLevel(MinimumLogLevel);
        builder.UseOrleans(silo =>
        {
            if (postgres is null)
            {
                silo.UseLocalhostClustering(port, gatewayPort: 0, primarySiloEndpoint: primary, serviceId: "bench", clusterId: clusterId);
            }
            else
            {
                silo.UsePostgresClustering(postgres);
                silo.Configure<EndpointOptions>(o =>
                {
                    o.AdvertisedIPAddress = IPAddress.Loopback;
                    o.SiloPort = port;
                    o.GatewayPort = 0;
                });
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = "bench";
                });
            }

            if (membership is not null)
            {
                silo.Configure(membership);
            }

            configure(silo);
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Activations per silo of the given grain type (Orleans' type name), as the management grain counts them.</summary>
    public async Task<Dictionary<SiloAddress, int>> CountAsync(string grainType)
    {
        var statistics = await Factory(0).GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics.Where(s => s.GrainId.Type.ToString() == grainType)
            .GroupBy(s => s.SiloAddress).ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>Where each activation of <paramref name="grainType"/> lives, by key.</summary>
    public async Task<Dictionary<string, SiloAddress>> LocateAsync(string grainType)
    {
        var statistics = await Factory(0).GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var where = new Dictionary<string, SiloAddress>(StringComparer.Ordinal);
        foreach (var s in statistics.Where(s => s.GrainId.Type.ToString() == grainType))
        {
            where[s.GrainId.Key.ToString()!] = s.SiloAddress;
        }

        return where;
    }

    /// <summary>Stops every silo gracefully, the first (primary) last.</summary>
    public async ValueTask DisposeAsync()
    {
        for (var i = _silos.Count - 1; i >= 0; i--)
        {
            try
            {
                await _silos[i].StopAsync();
            }
            finally
            {
                _silos[i].Dispose();
            }
        }

        _silos.Clear();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
