using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace PartyActors.Runtime;

/// <summary>The parts of one silo's runtime, wired together. Internal: users see <see cref="Silo"/> and <see cref="IGrainFactory"/>.</summary>
internal sealed class RuntimeCore : IDisposable
{
    private volatile bool _stopping;
    private volatile bool _deactivatingAll;

    public RuntimeCore(IServiceProvider services, IOptions<GrainRuntimeOptions> options, GrainTypeRegistry registry)
    {
        Services = services;
        Options = options.Value;
        Options.Validate();
        TimeProvider = services.GetRequiredService<TimeProvider>();
        Logger = services.GetService<ILoggerFactory>()?.CreateLogger("PartyActors.Runtime") ?? NullLogger.Instance;
        Registry = registry;
        Catalog = new Catalog(this);
        Dispatcher = new Dispatcher(this);
        Metrics = new RuntimeMetrics(() => Catalog.Count);
        CallFilters = [.. services.GetServices<IIncomingGrainCallFilter>()];
        ReferenceRuntime = new GrainReferenceRuntime(Dispatcher);
        GrainFactory = new GrainFactory(this);
        ResponseTimeoutTicks = ToTimestampTicks(Options.ResponseTimeout);
        Reminders = services.GetService<IReminderTable>() is { } table ? new ReminderService(this, table) : null;
    }

    /// <summary>The reminder service, when a reminder table is registered.</summary>
    public ReminderService? Reminders { get; }

    public ReminderService RequireReminders() => Reminders ?? throw new InvalidOperationException(
        "No reminder table is registered. Add one with siloBuilder.AddMemoryReminders(), AddSqliteReminders(...) or AddPostgresReminders(...).");

    public IServiceProvider Services { get; }

    public GrainRuntimeOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public ILogger Logger { get; }

    public GrainTypeRegistry Registry { get; }

    public Catalog Catalog { get; }

    public Dispatcher Dispatcher { get; }

    public RuntimeMetrics Metrics { get; }

    public IIncomingGrainCallFilter[] CallFilters { get; }

    public GrainReferenceRuntime ReferenceRuntime { get; }

    public GrainFactory GrainFactory { get; }

    public long ResponseTimeoutTicks { get; }

    /// <summary>Set when a graceful stop begins: calls from outside any grain are refused.</summary>
    public bool IsStopping => _stopping;

    /// <summary>Set when the stop deactivates everything: no grain is activated again.</summary>
    public bool IsDeactivatingAll => _deactivatingAll;

    public void BeginStopping() => _stopping = true;

    public void BeginDeactivatingAll() => _deactivatingAll = true;

    /// <summary>Converts a duration to ticks of <see cref="TimeProvider"/>'s timestamps, saturating.</summary>
    public long ToTimestampTicks(TimeSpan duration)
    {
        var ticks = duration.TotalSeconds * TimeProvider.TimestampFrequency;
        return ticks >= long.MaxValue / 2 ? long.MaxValue / 2 : (long)ticks;
    }

    /// <summary>The idle age after which activations of this class are collected.</summary>
    public TimeSpan CollectionAge(GrainClassInfo grainClass) =>
        Options.CollectionAgeByGrainType.TryGetValue(grainClass.GrainType, out var age) ? age
        : grainClass.CollectionAge ?? Options.DefaultCollectionAge;

    public void Dispose() => Metrics.Dispose();
}
