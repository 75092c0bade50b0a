using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace PartyActors.Storage.Postgres;

/// <summary>Registers PostgreSQL with an Orleans silo: the service's group-commit store, and Orleans' ADO.NET providers on the schema of its migrations.</summary>
public static class PostgresSiloBuilderExtensions
{
    /// <summary>The ADO.NET invariant name of Npgsql, which Orleans' ADO.NET providers are configured with.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// Adds PostgreSQL grain state storage and grain log storage named <paramref name="name"/>,
    /// sharing one connection pool and one group-commit queue per kind of write. The schema is
    /// migrated before the first operation (and, in a silo, before it starts: <see cref="AddPostgresMigrations"/>).
    /// </summary>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name, Action<PostgresStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddGrainLogs();
        services.AddOptions<PostgresStorageOptions>(name).Configure(configure);
        services.AddKeyedSingleton(name, (sp, key) => new PostgresStore(
            name, sp.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(name), sp.GetRequiredService<TimeProvider>(), sp.GetService<IMeterFactory>()));
        services.AddKeyedSingleton(name, (sp, key) => new PostgresGrainStorage(
            sp.GetRequiredKeyedService<PostgresStore>(key), sp.GetRequiredService<JsonGrainStateSerializer>(), sp.GetRequiredService<TimeProvider>()));
        services.AddGrainStorage(name, (sp, key) => sp.GetRequiredKeyedService<PostgresGrainStorage>(key));
        services.AddGrainLogStorage(name, (sp, key) => new PostgresGrainLogStorage(
            sp.GetRequiredKeyedService<PostgresStore>(key), sp.GetRequiredService<TimeProvider>()));
        return builder;
    }

    /// <summary>
    /// Applies the schema migrations (the service's tables and those of Orleans' ADO.NET providers)
    /// as the silo's first start-up step, before membership or reminders touch their tables, then
    /// moves any reminders of the service's previous runtime into Orleans' table under this silo's
    /// service id (<see cref="PostgresReminderConversion"/>).
    /// </summary>
    public static ISiloBuilder AddPostgresMigrations(this ISiloBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new PostgresMigrationStep(
            connectionString, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId, sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PostgresMigrator))));
        return builder;
    }

    /// <summary>
    /// Orleans' own ADO.NET grain storage named <paramref name="name"/> on this PostgreSQL database
    /// (tables from the migrations), in the silo's JSON format: the alternative to
    /// <see cref="AddPostgresGrainStorage"/>, which batches writes (docs/benchmarks.md compares them).
    /// It is given the whole grain id as key (<see cref="WholeGrainIdGrainStorage"/>), so grains of
    /// different types, or with keys that differ only in case, never share a row.
    /// </summary>
    public static ISiloBuilder AddAdoNetPostgresGrainStorage(this ISiloBuilder builder, string name, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.Services.AddGrainLogs();
        builder.AddAdoNetGrainStorage(name, options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });

        // Orleans registered its provider as the keyed storage, and as a silo lifecycle participant
        // resolved through that key: the wrapper takes the key and passes the lifecycle on.
        builder.Services.RemoveAllKeyed<IGrainStorage>(name);
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => new WholeGrainIdGrainStorage(AdoNetGrainStorageFactory.Create(sp, (string)key!)));
        return builder;
    }

    /// <summary>Orleans' ADO.NET reminder service on this PostgreSQL database (tables from the migrations).</summary>
    public static ISiloBuilder UsePostgresReminderService(this ISiloBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UseAdoNetReminderService(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
    }

    /// <summary>Orleans' ADO.NET cluster membership on this PostgreSQL database (tables from the migrations).</summary>
    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
    }

    /// <summary>
    /// An Orleans client (a frontend apart from the silos) finds the cluster's gateways in the same
    /// PostgreSQL membership table the silos join through.
    /// </summary>
    public static IClientBuilder UsePostgresClustering(this IClientBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
    }

    private sealed class PostgresMigrationStep(string connectionString, string serviceId, ILogger logger) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(PostgresMigrationStep), ServiceLifecycleStage.First, StartAsync);

        private async Task StartAsync(CancellationToken cancellationToken)
        {
            await PostgresMigrator.MigrateAsync(connectionString, cancellationToken);
            var moved = await PostgresReminderConversion.ConvertAsync(connectionString, serviceId, cancellationToken);
            if (moved > 0)
            {
                logger.LogInformation("Moved {Count} reminder(s) of the previous runtime into Orleans' reminder table (service id {ServiceId}).", moved, serviceId);
            }
        }
    }
}
