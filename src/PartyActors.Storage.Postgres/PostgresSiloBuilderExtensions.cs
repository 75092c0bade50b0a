using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartyActors.Runtime;

namespace PartyActors.Storage.Postgres;

/// <summary>Registers the PostgreSQL providers with a silo.</summary>
public static class PostgresSiloBuilderExtensions
{
    /// <summary>The options name (and store key) the reminder table uses.</summary>
    private const string RemindersName = "PartyActors.Reminders";

    /// <summary>
    /// Adds PostgreSQL grain state storage and grain log storage named <paramref name="name"/>,
    /// sharing one connection pool. The schema is migrated before the first operation.
    /// </summary>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name, Action<PostgresStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);
        AddStore(builder.Services, name, configure);
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => new PostgresGrainStorage(
            sp.GetRequiredKeyedService<PostgresStore>(key), sp.GetRequiredService<GrainStateSerializer>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddKeyedSingleton<IGrainLogStorage>(name, (sp, key) => new PostgresGrainLogStorage(
            sp.GetRequiredKeyedService<PostgresStore>(key), sp.GetRequiredService<TimeProvider>()));
        return builder;
    }

    /// <summary>Adds the PostgreSQL reminder table (the silo's single <see cref="IReminderTable"/>).</summary>
    public static ISiloBuilder AddPostgresReminders(this ISiloBuilder builder, Action<PostgresStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        AddStore(builder.Services, RemindersName, configure);
        builder.Services.AddSingleton<IReminderTable>(sp => new PostgresReminderTable(sp.GetRequiredKeyedService<PostgresStore>(RemindersName)));
        return builder;
    }

    private static void AddStore(IServiceCollection services, string name, Action<PostgresStorageOptions> configure)
    {
        services.AddOptions<PostgresStorageOptions>(name).Configure(configure);
        services.AddKeyedSingleton(name, (sp, key) => new PostgresStore(
            name, sp.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(name), sp.GetRequiredService<TimeProvider>()));
    }
}
