using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace PartyActors.Silo.Operations;

/// <summary>Health and metrics, from configuration section <c>Operations</c>.</summary>
internal sealed class OperationsOptions
{
    public const string Section = "Operations";

    /// <summary>
    /// How long <c>/health/ready</c> waits for the store to answer a read: 2 seconds. A store slower
    /// than that is as good as down for a request path that promises durable writes.
    /// </summary>
    public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Meters exported at <c>/metrics</c> besides the built-in ones (<see cref="SiloMetrics.BuiltInMeters"/>).
    /// </summary>
    public string[] AdditionalMeters { get; set; } = [];
}

/// <summary>The meters the silo exports for Prometheus.</summary>
internal static class SiloMetrics
{
    /// <summary>The <c>service.name</c> of the exported resource (Prometheus' <c>target_info</c>).</summary>
    public const string ServiceName = "partyactors-silo";

    /// <summary>The silo's own instruments (streams).</summary>
    public const string MeterName = "PartyActors.Silo";

    /// <summary>
    /// Orleans' meter (grain calls, activations, storage, reminders, membership), the service's
    /// (streams; storage batches), ASP.NET Core's and the .NET runtime's.
    /// </summary>
    public static readonly string[] BuiltInMeters =
    [
        "Microsoft.Orleans", MeterName, "PartyActors.Storage", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.RateLimiting", "System.Runtime",
    ];

    /// <summary>
    /// A view that drops the instruments of meters another host in this process created (through its
    /// own <see cref="IMeterFactory"/>): a metrics listener hears every meter of a name process-wide,
    /// so without it, silos sharing a process (tests, benchmarks) would export each other's figures,
    /// and one's gauge would overwrite another's. Meters made without a factory (the runtime's) are
    /// the process's and stay.
    /// </summary>
    public static Func<Instrument, MetricStreamConfiguration?> OwnInstrumentsOnly(IMeterFactory own) => instrument =>
        instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, own) ? MetricStreamConfiguration.Drop : null;
}
