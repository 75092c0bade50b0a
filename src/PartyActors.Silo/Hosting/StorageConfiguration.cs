using PartyActors.Storage.Postgres;
using PartyActors.Storage.Sqlite;

namespace PartyActors.Silo;

/// <summary>The store the silo keeps grain state, logs and reminders in, from configuration section <c>Storage</c>.</summary>
internal sealed class StorageSettings
{
    public const string Section = "Storage";

    /// <summary>
    /// <c>Sqlite</c> (the default: one file, nothing to install), <c>Postgres</c>, or <c>Memory</c>
    /// (tests and throwaway demos only: nothing survives the process, so it is refused in Production).
    /// </summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>The SQLite database file.</summary>
    public string SqliteDataSource { get; set; } = "data/partyactors.db";

    /// <summary>The PostgreSQL connection string (required with <c>Provider=Postgres</c>).</summary>
    public string? PostgresConnectionString { get; set; }

    public bool IsPostgres => string.Equals(Provider, "Postgres", StringComparison.OrdinalIgnoreCase);

    public bool IsMemory => string.Equals(Provider, "Memory", StringComparison.OrdinalIgnoreCase);

    public bool IsSqlite => string.Equals(Provider, "Sqlite", StringComparison.OrdinalIgnoreCase);

    /// <summary>What the log says the silo stores in.</summary>
    public string Description => IsPostgres ? "PostgreSQL" : IsMemory ? "memory (not durable)" : Path.GetFullPath(SqliteDataSource);

    /// <summary>
    /// Reads and checks the section. It is read before the host is built because the provider decides
    /// which services exist; test hosts pass their values with <c>UseSetting</c>, which is visible here.
    /// </summary>
    public static StorageSettings From(IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = configuration.GetSection(Section).Get<StorageSettings>() ?? new StorageSettings();
        if (!settings.IsPostgres && !settings.IsSqlite && !settings.IsMemory)
        {
            throw new InvalidOperationException($"Storage:Provider is '{settings.Provider}'; use 'Sqlite', 'Postgres' or (tests only) 'Memory'.");
        }

        if (settings.IsPostgres && string.IsNullOrWhiteSpace(settings.PostgresConnectionString))
        {
            throw new InvalidOperationException("Storage:Provider is 'Postgres' but Storage:PostgresConnectionString is empty.");
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
    /// <summary>Registers the configured store as the default grain storage, log storage and reminder table.</summary>
    public static ISiloBuilder AddConfiguredStorage(this ISiloBuilder silo, StorageSettings settings)
    {
        if (settings.IsPostgres)
        {
            silo.AddPostgresGrainStorage(PersistentStateAttribute.DefaultStorageName, o => o.ConnectionString = settings.PostgresConnectionString!);
            silo.AddPostgresReminders(o => o.ConnectionString = settings.PostgresConnectionString!);
        }
        else if (settings.IsMemory)
        {
            silo.AddMemoryGrainStorage();
            silo.AddMemoryReminders();
        }
        else
        {
            silo.AddSqliteGrainStorage(PersistentStateAttribute.DefaultStorageName, o => o.DataSource = settings.SqliteDataSource);
            silo.AddSqliteReminders(o => o.DataSource = settings.SqliteDataSource);
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
        await services.GetRequiredService<IReminderTable>().ReadAllAsync(CancellationToken.None);
        return $"The schema of {Path.GetFullPath(storage.SqliteDataSource)} is up to date.";
    }
}
