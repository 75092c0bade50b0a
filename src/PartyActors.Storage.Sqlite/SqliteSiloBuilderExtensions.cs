using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartyActors.Runtime;

namespace PartyActors.Storage.Sqlite;

/// <summary>Registers the SQLite store with a silo.</summary>
public static class SqliteSiloBuilderExtensions
{
    // The reminder table's options live under their own name so they never mix with a storage's.
    private const string RemindersOptionsName = "PartyActors.Storage.Sqlite.Reminders";

    /// <summary>
    /// Adds a SQLite store named <paramref name="name"/>, as both <see cref="IGrainStorage"/> and
    /// <see cref="IGrainLogStorage"/> (keyed services). Stores on the same file share one database.
    /// </summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);
        AddRegistry(builder.Services);
        builder.Services.AddOptions<SqliteStorageOptions>(name).Configure(configure);
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(name);
            return new SqliteGrainStorage(sp.GetRequiredService<SqliteDatabaseRegistry>().Get(options),
                sp.GetRequiredService<GrainStateSerializer>(), options.DeleteStateOnClear);
        });
        builder.Services.AddKeyedSingleton<IGrainLogStorage>(name, (sp, _) =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(name);
            return new SqliteGrainLogStorage(sp.GetRequiredService<SqliteDatabaseRegistry>().Get(options));
        });
        return builder;
    }

    /// <summary>
    /// Adds the SQLite reminder table (the silo's <see cref="IReminderTable"/>), sharing the database
    /// of any storage configured with the same <see cref="SqliteStorageOptions.DataSource"/>.
    /// </summary>
    public static ISiloBuilder AddSqliteReminders(this ISiloBuilder builder, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        AddRegistry(builder.Services);
        builder.Services.AddOptions<SqliteStorageOptions>(RemindersOptionsName).Configure(configure);
        builder.Services.RemoveAll<IReminderTable>();
        builder.Services.AddSingleton<IReminderTable>(sp =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(RemindersOptionsName);
            return new SqliteReminderTable(sp.GetRequiredService<SqliteDatabaseRegistry>().Get(options));
        });
        return builder;
    }

    private static void AddRegistry(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SqliteDatabaseRegistry(sp.GetRequiredService<TimeProvider>(), sp.GetService<ILoggerFactory>()));
    }
}
