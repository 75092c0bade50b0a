using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Hosting;

namespace PartyActors.Storage.Sqlite;

/// <summary>Registers the SQLite store with an Orleans silo.</summary>
public static class SqliteSiloBuilderExtensions
{
    // The reminder table's options live under their own name so they never mix with a storage's.
    private const string RemindersOptionsName = "PartyActors.Storage.Sqlite.Reminders";

    /// <summary>
    /// Adds a SQLite store named <paramref name="name"/>, as Orleans grain storage and as grain log
    /// storage (<c>[PersistentLog]</c>). Stores on the same file share one database: one writer,
    /// group-committed.
    /// </summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        AddRegistry(services);
        services.AddOptions<SqliteStorageOptions>(name).Configure(configure);
        services.AddGrainStorage(name, (sp, key) =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(key);
            return new SqliteGrainStorage(sp.GetRequiredService<SqliteDatabaseRegistry>().Get(options),
                sp.GetRequiredService<JsonGrainStateSerializer>(), options.DeleteStateOnClear);
        });
        services.AddGrainLogStorage(name, (sp, key) =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(key);
            return new SqliteGrainLogStorage(sp.GetRequiredService<SqliteDatabaseRegistry>().Get(options));
        });
        return builder;
    }

    /// <summary>
    /// Keeps the silo's reminders (Orleans' reminder service) in the SQLite file, sharing the
    /// database of any storage configured with the same <see cref="SqliteStorageOptions.DataSource"/>.
    /// </summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.AddReminders();
        var services = builder.Services;
        AddRegistry(services);
        services.AddOptions<SqliteStorageOptions>(RemindersOptionsName).Configure(configure);
        services.RemoveAll<IReminderTable>();
        services.AddSingleton<IReminderTable>(sp =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(RemindersOptionsName);
            return new SqliteReminderTable(sp.GetRequiredService<SqliteDatabaseRegistry>().Get(options));
        });
        return builder;
    }

    private static void AddRegistry(IServiceCollection services)
    {
        services.AddGrainLogs();
        services.TryAddSingleton(sp => new SqliteDatabaseRegistry(sp.GetRequiredService<TimeProvider>(), sp.GetService<ILoggerFactory>(), sp.GetService<IMeterFactory>()));
    }
}
