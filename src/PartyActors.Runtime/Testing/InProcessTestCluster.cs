using Microsoft.Extensions.DependencyInjection;

namespace PartyActors.Runtime.Testing;

/// <summary>
/// A silo in the test's own process, as Orleans' <c>InProcessTestCluster</c>: build it, start it,
/// call grains through <see cref="GrainFactory"/>, stop it. <see cref="RestartAsync"/> stops the
/// silo and starts a new one from the same configuration, keeping singletons that were registered
/// as instances (a shared store, a clock, a probe).
/// </summary>
public sealed class InProcessTestCluster : IAsyncDisposable
{
    private readonly InProcessTestClusterBuilder _builder;
    private ServiceProvider? _services;

    internal InProcessTestCluster(InProcessTestClusterBuilder builder) => _builder = builder;

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("The cluster is not started.");

    public Silo Silo => Services.GetRequiredService<Silo>();

    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    public static InProcessTestClusterBuilder CreateBuilder() => new();

    public async Task StartAsync()
    {
        if (_services is not null)
        {
            throw new InvalidOperationException("The cluster is already started.");
        }

        var services = new ServiceCollection();
        _builder.Apply(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await _services.GetRequiredService<Silo>().StartAsync();
    }

    public async Task StopAsync()
    {
        if (_services is null)
        {
            return;
        }

        var services = _services;
        _services = null;
        await services.GetRequiredService<Silo>().StopAsync();
        await services.DisposeAsync();
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>
    /// Drops the silo as a crash would (no deactivation, nothing flushed), then starts a new one on
    /// the same singletons: what the grains had made durable is all that survives.
    /// </summary>
    public async Task CrashAndRestartAsync()
    {
        if (_services is not null)
        {
            var services = _services;
            _services = null;
            await services.GetRequiredService<Silo>().CrashAsync();
            await services.DisposeAsync();
        }

        await StartAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

/// <summary>Configures an <see cref="InProcessTestCluster"/>. By default it has an in-memory "Default" store.</summary>
public sealed class InProcessTestClusterBuilder
{
    private readonly List<Action<ISiloBuilder>> _silo = [];
    private readonly List<Action<IServiceCollection>> _services = [];

    /// <summary>Configures the silo (grains, stores, filters, options).</summary>
    public InProcessTestClusterBuilder ConfigureSilo(Action<ISiloBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _silo.Add(configure);
        return this;
    }

    /// <summary>Adds services (for example a <see cref="TimeProvider"/> or a probe the grains write to).</summary>
    public InProcessTestClusterBuilder ConfigureServices(Action<IServiceCollection> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _services.Add(configure);
        return this;
    }

    /// <summary>Uses the given clock for timers, idle collection and timeouts.</summary>
    public InProcessTestClusterBuilder UseTimeProvider(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return ConfigureServices(services => services.AddSingleton(timeProvider));
    }

    public InProcessTestCluster Build() => new(this);

    internal void Apply(IServiceCollection services)
    {
        services.AddLogging();
        foreach (var configure in _services)
        {
            configure(services);
        }

        services.AddPartyActors(silo =>
        {
            if (!services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, PersistentStateAttribute.DefaultStorageName) && d.ServiceType == typeof(IGrainStorage)))
            {
                silo.AddMemoryGrainStorage();
            }

            foreach (var configure in _silo)
            {
                configure(silo);
            }
        });
    }
}
