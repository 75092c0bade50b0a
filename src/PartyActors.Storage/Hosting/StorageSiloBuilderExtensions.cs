using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace PartyActors.Storage;

/// <summary>Adds what the service keeps beside Orleans' grain storage to a silo.</summary>
public static class StorageSiloBuilderExtensions
{
    /// <summary>The name of the storage a <c>[PersistentState]</c> or <c>[PersistentLog]</c> without one uses (Orleans' "Default").</summary>
    public const string DefaultStorageName = "Default";

    /// <summary>
    /// Lets grains declare <c>[PersistentLog]</c> parameters, and makes JSON
    /// (<see cref="JsonGrainStateSerializer"/>) the silo's stored format. Called by every store's
    /// registration; calling it again does nothing.
    /// </summary>
    public static IServiceCollection AddGrainLogs(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<JsonGrainStateSerializer>(_ => new JsonGrainStateSerializer());
        services.AddSingleton<IGrainStorageSerializer>(sp => sp.GetRequiredService<JsonGrainStateSerializer>());
        services.TryAddSingleton<IAttributeToFactoryMapper<PersistentLogAttribute>, PersistentLogAttributeMapper>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// Registers <paramref name="factory"/>'s store as grain log storage named <paramref name="name"/>
    /// (and as the unnamed default when the name is <see cref="DefaultStorageName"/>).
    /// </summary>
    public static IServiceCollection AddGrainLogStorage(this IServiceCollection services, string name, Func<IServiceProvider, string, IGrainLogStorage> factory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(factory);
        services.AddGrainLogs();
        services.AddKeyedSingleton(name, (sp, key) => factory(sp, (string)key!));
        if (name == DefaultStorageName)
        {
            services.TryAddSingleton(sp => sp.GetRequiredKeyedService<IGrainLogStorage>(DefaultStorageName));
        }

        return services;
    }

    /// <summary>
    /// Keeps grain state and logs named <paramref name="name"/> in memory (<see cref="MemoryGrainStore"/>):
    /// tests and throwaway demos. Pass <paramref name="store"/> to share one store between silos,
    /// so that it outlives a silo's restart or crash.
    /// </summary>
    public static ISiloBuilder AddMemoryGrainStore(this ISiloBuilder builder, string name = DefaultStorageName, MemoryGrainStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddGrainLogs();
        services.AddKeyedSingleton(name, (sp, _) => store ?? new MemoryGrainStore(sp.GetRequiredService<JsonGrainStateSerializer>(), sp.GetRequiredService<TimeProvider>()));
        services.AddGrainStorage(name, (sp, key) => sp.GetRequiredKeyedService<MemoryGrainStore>(key));
        services.AddGrainLogStorage(name, (sp, key) => sp.GetRequiredKeyedService<MemoryGrainStore>(key));
        return builder;
    }
}
