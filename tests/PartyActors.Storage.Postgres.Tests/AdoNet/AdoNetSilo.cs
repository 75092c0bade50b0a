using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace PartyActors.Storage.Postgres.Tests.AdoNet;

/// <summary>
/// Silos and clients in this process, on loopback ports, with Orleans' ADO.NET providers on our
/// schema: clustering, reminders and grain storage all on one database, named by a plain connection
/// string and the invariant "Npgsql", as a PostgreSQL deployment of the service configures them.
/// </summary>
internal static class AdoNetSilo
{
    /// <summary>The ADO.NET invariant by which Orleans loads Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Grain storage that keeps a cleared state's row (DeleteStateOnClear = false, Orleans' default).</summary>
    public const string Storage = "AdoNet";

    /// <summary>Grain storage that deletes a cleared state's row (DeleteStateOnClear = true).</summary>
    public const string DeletingStorage = "AdoNetDeleteOnClear";

    public const string ServiceId = "party-actors-tests";

    public static async Task<IHost> StartAsync(string connectionString, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo
            .Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = ServiceId;
            })
            .ConfigureEndpoints(IPAddress.Loopback, FreePort(), FreePort())
            .UseAdoNetClustering(options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = connectionString;
            })
            .UseAdoNetReminderService(options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = connectionString;
            })
            .AddAdoNetGrainStorage(Storage, options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = connectionString;
            })
            .AddAdoNetGrainStorage(DeletingStorage, options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = connectionString;
                options.DeleteStateOnClear = true;
            }));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>A client that finds the cluster's gateways in the membership table.</summary>
    public static async Task<IHost> StartClientAsync(string connectionString, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = ServiceId;
            })
            .UseAdoNetClustering(options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = connectionString;
            }));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>A graceful stop, as a deployment's rolling restart does it.</summary>
    public static async Task StopAsync(IHost host)
    {
        await host.StopAsync();
        host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
