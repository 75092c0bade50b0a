using PartyActors.Runtime;
using PartyActors.Storage.Postgres;
using PartyActors.Storage.Sqlite;

namespace PartyActors.Silo;

/// <summary>The store the silo keeps grain state, logs and reminders in, from configuration section <c>Storage</c>.</summary>
internal sealed class StorageSettings
{
    public const string Section = "Storage";

    /// <summary><c>Sqlite</c> (the default: one file, nothing to install) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>The SQLite database file.</summary>
    public string SqliteDataSource { get; set; } = "data/partyactors.db";

    /// <summary>The PostgreSQL connection string (required with <c>Provider=Postgres</c>).</summary>
    public string? PostgresConnectionString { get; set; }

    public bool IsPostgres => string.Equals(Provider, "Postgres", StringComparison.OrdinalIgnoreCase);

    public static StorageSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<StorageSettings>() ?? new StorageSettings();
        if (!settings.IsPostgres && !string.Equals(settings.Provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Storage:Provider is '{settings.Provider}'; use 'Sqlite' or 'Postgres'.");
        }

        if (settings.IsPostgres && string.IsNullOrWhiteSpace(settings.PostgresConnectionString))
        {
            throw new InvalidOperationException("Storage:Provider is 'Postgres' but Storage:PostgresConnectionString is empty.");
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
        else
        {
            silo.AddSqliteGrainStorage(PersistentStateAttribute.DefaultStorageName, o => o.DataSource = settings.SqliteDataSource);
            silo.AddSqliteReminders(o => o.DataSource = settings.SqliteDataSource);
        }

        return silo;
    }
}
