using PartyActors.Storage.Postgres;
using PartyActors.Storage.Sqlite;

namespace PartyActors.Silo;

/// <summary>The store the silo keeps grain state, logs and reminders in, from configuration section <c>Storage</c>.</summary>
internal sealed class StorageSettings
{
    public const string Section = "Storage";

    /// <summary>
    /// <c>Sqlite</c> (the default: one file, nothing to install); <c>Postgres</c> (the service's
    /// group-commit store); <c>AdoNet</c> (PostgreSQL with Orleans' own ADO.NET grain storage for
    /// state, for comparison or preference; logs stay on the service's store); or <c>Memory</c>
    /// (tests and throwaway demos only: nothing survives the process, so it is refused in Production).
    /// </summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>
    /// The SQLite database file. A relative path lives under <see cref="DataDirectory.Base"/> (not the
    /// working directory); <see cref="From"/> makes it absolute, and the start-up log names it.
    /// </summary>
    public string SqliteDataSource { get; set; } = "partyactors.db";

    /// <summary>The PostgreSQL connection string (required with <c>Provider=Postgres</c> or <c>AdoNet</c>).</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Either PostgreSQL provider: the database also holds reminders and, by default, cluster membership.</summary>
    public bool IsPostgres => IsGroupCommitPostgres || IsAdoNet;

    public bool IsGroupCommitPostgres => string.Equals(Provider, "Postgres", StringComparison.OrdinalIgnoreCase);

    public bool IsAdoNet => string.Equals(Provider, "AdoNet", StringComparison.OrdinalIgnoreCase);

    public bool IsMemory => string.Equals(Provider, "Memory", StringComparison.OrdinalIgnoreCase);

    public bool IsSqlite => string.Equals(Provider, "Sqlite", StringComparison.OrdinalIgnoreCase);

    /// <summary>What the log says the silo stores in.</summary>
    public string Description =>
        IsGroupCommitPostgres ? "PostgreSQL" :
        IsAdoNet ? "PostgreSQL (Orleans ADO.NET grain storage)" :
        IsMemory ? "memory (not durable)" :
        SqliteDataSource;

    /// <summary>
    /// Reads and checks the section. It is read before the host is built because the provider decides
    /// which services exist; test hosts pass their values with <c>UseSetting</c>, which is visible here.
    /// </summary>
    public static StorageSettings From(IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = configuration.GetSection(Section).Get<StorageSettings>() ?? new StorageSettings();
        if (!settings.IsPostgres && !settings.IsSqlite && !settings.IsMemory)
        {
            throw new InvalidOperationException($"Storage:Provider is '{settings.Provider}'; use 'Sqlite', 'Postgres', 'AdoNet' or (tests only) 'Memory'.");
        }

        if (settings.IsPostgres && string.IsNullOrWhiteSpace(settings.PostgresConnectionString))
        {
            throw new InvalidOperationException($"Storage:Provider is '{settings.Provider}' but Storage:PostgresConnectionString is empty.");
        }

        if (settings.IsSqlite)
        {
            settings.SqliteDataSource = DataDirectory.Resolve(settings.SqliteDataSource);
        }

        if (settings.IsMemory && environment.IsProduction())
        {
            // api.md: a 2xx answer to a write means the change survives a crash; memory cannot promise that.
            throw new InvalidOperationException("Storage:Provider 'Memory' is refused in the Production environment: nothing it holds survives the process. Use 'Sqlite' or 'Postgres'.");
        }

        return settings;
    }
}

internal static class StorageConfiguration
{
    /// <summary>
    /// Registers the configured store as the default grain storage (Orleans' "Default"), the grain
    /// log storage and the reminder table; on PostgreSQL the schema is migrated first thing at start-up.
    /// </summary>
    public static ISiloBuilder AddConfiguredStorage(this ISiloBuilder silo, StorageSettings settings)
    {
        const string Default = StorageSiloBuilderExtensions.DefaultStorageName;
        if (settings.IsPostgres)
        {
            var connectionString = settings.PostgresConnectionString!;
            silo.AddPostgresMigrations(connectionString);

            // The service's store keeps the logs in either case; with AdoNet, Orleans' provider keeps the state.
            silo.AddPostgresGrainStorage(settings.IsAdoNet ? "Logs" : Default, o => o.ConnectionString = connectionString);
            if (settings.IsAdoNet)
            {
                silo.Services.AddGrainLogStorage(Default, (sp, _) => sp.GetRequiredKeyedService<IGrainLogStorage>("Logs"));
                silo.AddAdoNetPostgresGrainStorage(Default, connectionString);
            }

            silo.UsePostgresReminderService(connectionString);
        }
        else if (settings.IsMemory)
        {
            silo.AddMemoryGrainStore();
            silo.UseInMemoryReminderService();
        }
        else
        {
            silo.AddSqliteGrainStorage(Default, o => o.DataSource = settings.SqliteDataSource);
            silo.UseSqliteReminderService(o => o.DataSource = settings.SqliteDataSource);
        }

        return silo;
    }

    /// <summary>
    /// Applies the schema migrations of the configured store and returns what to print:
    /// <c>dotnet run --project src/PartyActors.Silo -- --migrate</c>.
    /// </summary>
    public static async Task<string> MigrateStorageAsync(this IServiceProvider services, StorageSettings storage)
    {
        if (storage.IsPostgres)
        {
            var applied = await PostgresMigrator.MigrateAsync(storage.PostgresConnectionString!, CancellationToken.None);
            return applied.Count == 0 ? "The schema is up to date." : $"Applied migrations: {string.Join(", ", applied)}.";
        }

        if (storage.IsMemory)
        {
            return "The memory store has no schema.";
        }

        // The SQLite store migrates when it is first used: touch it once.
        await services.GetRequiredService<IReminderTable>().StartAsync(CancellationToken.None);
        return $"The schema of {storage.SqliteDataSource} is up to date.";
    }
}
