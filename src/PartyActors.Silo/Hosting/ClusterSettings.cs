using Orleans.Configuration;
using PartyActors.Storage.Postgres;

namespace PartyActors.Silo;

/// <summary>How the silo finds the rest of its cluster, from configuration section <c>Cluster</c>.</summary>
internal sealed class ClusterSettings
{
    public const string Section = "Cluster";

    /// <summary>The cluster's name: silos with the same one, in the same membership table, form one cluster. Default <c>partyactors</c>.</summary>
    public string ClusterId { get; set; } = "partyactors";

    /// <summary>The service's name, which Orleans' providers key stored data by; it never changes across deployments. Default <c>partyactors</c>.</summary>
    public string ServiceId { get; set; } = "partyactors";

    /// <summary>
    /// <c>Localhost</c>: one silo alone on this machine (the embedded default); <c>AdoNet</c>: cluster
    /// membership in PostgreSQL (Orleans' ADO.NET clustering), for one silo or many. Unset: <c>AdoNet</c>
    /// with a PostgreSQL store, <c>Localhost</c> otherwise.
    /// </summary>
    public string? Membership { get; set; }

    /// <summary>The port silos talk to each other on. Default 11111, Orleans' own.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port Orleans clients (a separate frontend) connect to; 0 for none. Default 30000, Orleans' own.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at; unset: the machine's first address (loopback with <c>Localhost</c> membership).</summary>
    public string? AdvertisedAddress { get; set; }

    public static ClusterSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<ClusterSettings>() ?? new ClusterSettings();

    /// <summary>Membership, endpoints and the cluster's identity.</summary>
    public void Apply(ISiloBuilder silo, StorageSettings storage)
    {
        var membership = Membership ?? (storage.IsPostgres ? "AdoNet" : "Localhost");
        if (string.Equals(membership, "AdoNet", StringComparison.OrdinalIgnoreCase))
        {
            if (!storage.IsPostgres)
            {
                throw new InvalidOperationException("Cluster:Membership 'AdoNet' keeps membership in PostgreSQL: set Storage:Provider to 'Postgres' (or 'AdoNet') and Storage:PostgresConnectionString.");
            }

            silo.UsePostgresClustering(storage.PostgresConnectionString!);
            silo.Configure<EndpointOptions>(options =>
            {
                options.SiloPort = SiloPort;
                options.GatewayPort = GatewayPort;
                if (AdvertisedAddress is { Length: > 0 } address)
                {
                    options.AdvertisedIPAddress = System.Net.IPAddress.Parse(address);
                }
            });
        }
        else if (string.Equals(membership, "Localhost", StringComparison.OrdinalIgnoreCase))
        {
            silo.UseLocalhostClustering(SiloPort, GatewayPort, serviceId: ServiceId, clusterId: ClusterId);
        }
        else
        {
            throw new InvalidOperationException($"Cluster:Membership is '{membership}'; use 'Localhost' or 'AdoNet'.");
        }

        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = ClusterId;
            options.ServiceId = ServiceId;
        });
    }
}
