using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PartyActors.Runtime;

/// <summary>Configures a silo: its grains, storage providers, filters and options.</summary>
public interface ISiloBuilder
{
    IServiceCollection Services { get; }
}

internal sealed class SiloBuilder(IServiceCollection services) : ISiloBuilder
{
    public IServiceCollection Services { get; } = services;
}

/// <summary>The assemblies whose generated modules the silo registers.</summary>
internal sealed class GrainAssemblyOptions
{
    public HashSet<Assembly> Assemblies { get; } = [];
}

/// <summary>Composition of a silo into a service collection.</summary>
public static class SiloServiceCollectionExtensions
{
    /// <summary>
    /// Adds a PartyActors silo: the runtime, <see cref="IGrainFactory"/>, <see cref="Silo"/>, and a
    /// hosted service that starts and gracefully stops it with the host.
    /// </summary>
    public static IServiceCollection AddPartyActors(this IServiceCollection services, Action<ISiloBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<GrainRuntimeOptions>();
        services.AddOptions<GrainStateSerializerOptions>();
        services.TryAddSingleton<GrainStateSerializer>();
        services.TryAddSingleton(sp => new GrainTypeRegistry(sp.GetRequiredService<IOptions<GrainAssemblyOptions>>().Value.Assemblies));
        services.TryAddSingleton<RuntimeCore>();
        services.TryAddSingleton(sp => new Silo(sp.GetRequiredService<RuntimeCore>()));
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<RuntimeCore>().GrainFactory);
        services.AddHostedService<SiloHostedService>();
        configure(new SiloBuilder(services));
        return services;
    }
}

/// <summary>What a silo is made of.</summary>
public static class SiloBuilderExtensions
{
    /// <summary>
    /// Registers the grains and grain interfaces of <paramref name="assembly"/> and of the assemblies
    /// it references that have generated modules (typically the grain interfaces' project).
    /// </summary>
    public static ISiloBuilder AddGrains(this ISiloBuilder builder, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(assembly);
        var found = new HashSet<Assembly>();
        Collect(assembly, found);
        builder.Services.Configure<GrainAssemblyOptions>(options => options.Assemblies.UnionWith(found));
        return builder;

        static void Collect(Assembly assembly, HashSet<Assembly> found)
        {
            if (!found.Add(assembly))
            {
                return;
            }

            foreach (var name in assembly.GetReferencedAssemblies())
            {
                if (IsFramework(name))
                {
                    continue;
                }

                Assembly referenced;
                try
                {
                    referenced = Assembly.Load(name);
                }
                catch (FileNotFoundException)
                {
                    continue;
                }

                if (referenced.IsDefined(typeof(GrainModuleAttribute)))
                {
                    Collect(referenced, found);
                }
            }
        }

        static bool IsFramework(AssemblyName name) =>
            name.Name is null || name.Name.StartsWith("System", StringComparison.Ordinal) ||
            name.Name.StartsWith("Microsoft", StringComparison.Ordinal) || name.Name == "netstandard";
    }

    /// <summary>Registers the grains of the assembly that declares <typeparamref name="TMarker"/>.</summary>
    public static ISiloBuilder AddGrains<TMarker>(this ISiloBuilder builder) => builder.AddGrains(typeof(TMarker).Assembly);

    /// <summary>Adds in-memory state and log storage named <paramref name="name"/>. Not durable: for tests and demos.</summary>
    public static ISiloBuilder AddMemoryGrainStorage(this ISiloBuilder builder, string name = PersistentStateAttribute.DefaultStorageName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new MemoryGrainStorage(sp.GetRequiredService<GrainStateSerializer>()));
        builder.Services.AddKeyedSingleton<IGrainLogStorage>(name, (sp, _) => new MemoryGrainLogStorage(sp.GetRequiredService<TimeProvider>()));
        return builder;
    }

    /// <summary>Keeps reminders in memory. Not durable: for tests and demos.</summary>
    public static ISiloBuilder AddMemoryReminders(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IReminderTable, MemoryReminderTable>();
        return builder;
    }

    /// <summary>Adds a filter that runs around every grain call.</summary>
    public static ISiloBuilder AddIncomingGrainCallFilter<TFilter>(this ISiloBuilder builder)
        where TFilter : class, IIncomingGrainCallFilter
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IIncomingGrainCallFilter, TFilter>();
        return builder;
    }

    /// <summary>Adds a filter, given as a function, that runs around every grain call.</summary>
    public static ISiloBuilder AddIncomingGrainCallFilter(this ISiloBuilder builder, Func<IIncomingGrainCallContext, Task> filter)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(filter);
        builder.Services.AddSingleton<IIncomingGrainCallFilter>(new DelegateCallFilter(filter));
        return builder;
    }

    /// <summary>Sets runtime options.</summary>
    public static ISiloBuilder Configure(this ISiloBuilder builder, Action<GrainRuntimeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }

    private sealed class DelegateCallFilter(Func<IIncomingGrainCallContext, Task> filter) : IIncomingGrainCallFilter
    {
        public Task Invoke(IIncomingGrainCallContext context) => filter(context);
    }
}

/// <summary>Starts the silo with the host and stops it gracefully before the host's services go.</summary>
internal sealed class SiloHostedService(Silo silo) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => silo.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => silo.StopAsync(cancellationToken);
}
