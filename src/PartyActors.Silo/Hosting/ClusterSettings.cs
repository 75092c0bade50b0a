using Orleans.Configuration;
using PartyActors.Storage.Postgres;

namespace PartyActors.Silo;

/// <summary>What a process of the service is: a silo (grains and the API) or a frontend (the API only).</summary>
internal enum HostRole
{
    /// <summary>An Orleans silo hosting the grains, with the HTTP API in the same process (the default).</summary>
    Silo,

    /// <summary>The HTTP API alone, an Orleans client of the cluster's gateways: stateless, scaled apart from the silos.</summary>
    Frontend,
}

/// <summary>How the process finds the rest of its cluster, from configuration section <c>Cluster</c>.</summary>
internal sealed class ClusterSettings
{
    public const string Section = "Cluster";

    /// <summary><c>Silo</c> (default) or <c>Frontend</c>; see <see cref="HostRole"/> and docs/operations.md.</summary>
    public HostRole Role { get; set; } = HostRole.Silo;

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

    /// <summary>
    /// The port Orleans clients (a separate frontend) connect to; 0 for none. Default 30000, Orleans' own.
    /// A frontend with <c>Localhost</c> membership connects to this port on loopback.
    /// </summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at; unset: the machine's first address (loopback with <c>Localhost</c> membership).</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// Runs under Kubernetes with Orleans' Kubernetes hosting: the pod's name and address come from
    /// <c>POD_NAME</c>, <c>POD_NAMESPACE</c> and <c>POD_IP</c>, and a silo whose pod is gone is
    /// removed from the membership at once instead of after failed probes (deploy/k8s).
    /// </summary>
    public bool Kubernetes { get; set; }

    /// <summary>How fast a silo that stopped answering is declared dead (<see cref="FailureDetectionSettings"/>).</summary>
    public FailureDetectionSettings FailureDetection { get; set; } = new();

    public bool IsFrontend => Role == HostRole.Frontend;

    /// <summary>
    /// Whether tokens must be checked with one key shared by every process: true when the process is
    /// part of a cluster of processes (ADO.NET membership, or a frontend apart from its silos).
    /// </summary>
    public bool SpansProcesses(StorageSettings storage) => IsFrontend || IsAdoNet(storage);

    /// <summary>Where the cluster's PostgreSQL is: a silo's store, or just the connection string for a frontend (which stores nothing).</summary>
    private bool HasPostgres(StorageSettings storage) =>
        IsFrontend ? !string.IsNullOrWhiteSpace(storage.PostgresConnectionString) : storage.IsPostgres;

    public static ClusterSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<ClusterSettings>() ?? new ClusterSettings();
        settings.FailureDetection.Validate();
        return settings;
    }

    /// <summary>Membership, endpoints, failure detection and the cluster's identity of a silo.</summary>
    public void Apply(ISiloBuilder silo, StorageSettings storage)
    {
        if (Kubernetes)
        {
            // Before ClusterOptions below, which therefore win over ORLEANS_CLUSTER_ID/ORLEANS_SERVICE_ID:
            // the pods' orleans/clusterId and orleans/serviceId labels must carry the same values.
            silo.UseKubernetesHosting();
        }

        if (IsAdoNet(storage))
        {
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
        else
        {
            silo.UseLocalhostClustering(SiloPort, GatewayPort, serviceId: ServiceId, clusterId: ClusterId);
        }

        silo.Configure<ClusterMembershipOptions>(FailureDetection.ApplyTo);
        silo.Configure<ClusterOptions>(ApplyIdentity);
    }

    /// <summary>A frontend's connection to the cluster: the gateways from the membership table (or loopback), the same identity.</summary>
    public void Apply(IClientBuilder client, StorageSettings storage)
    {
        if (IsAdoNet(storage))
        {
            client.UsePostgresClustering(storage.PostgresConnectionString!);
        }
        else
        {
            client.UseLocalhostClustering(GatewayPort, serviceId: ServiceId, clusterId: ClusterId);
        }

        client.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = FailureDetection.TableRefreshTimeout);
        client.Configure<ClusterOptions>(ApplyIdentity);
    }

    private void ApplyIdentity(ClusterOptions options)
    {
        options.ClusterId = ClusterId;
        options.ServiceId = ServiceId;
    }

    private bool IsAdoNet(StorageSettings storage)
    {
        var membership = Membership ?? (HasPostgres(storage) ? "AdoNet" : "Localhost");
        if (string.Equals(membership, "AdoNet", StringComparison.OrdinalIgnoreCase))
        {
            return HasPostgres(storage) ? true : throw new InvalidOperationException(IsFrontend
                ? "Cluster:Membership 'AdoNet' finds the silos in PostgreSQL: set Storage:PostgresConnectionString."
                : "Cluster:Membership 'AdoNet' keeps membership in PostgreSQL: set Storage:Provider to 'Postgres' (or 'AdoNet') and Storage:PostgresConnectionString.");
        }

        if (Kubernetes)
        {
            throw new InvalidOperationException("Cluster:Kubernetes needs Cluster:Membership 'AdoNet': silos in pods find each other through PostgreSQL.");
        }

        return string.Equals(membership, "Localhost", StringComparison.OrdinalIgnoreCase)
            ? false
            : throw new InvalidOperationException($"Cluster:Membership is '{membership}'; use 'Localhost' or 'AdoNet'.");
    }
}
