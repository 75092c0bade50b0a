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
    /// Meters exported at <c>/metrics</c> besides the built-in ones (PartyActors.Runtime,
    /// PartyActors.Silo, Microsoft.AspNetCore.Hosting, Microsoft.AspNetCore.Server.Kestrel,
    /// Microsoft.AspNetCore.RateLimiting, System.Runtime).
    /// </summary>
    public string[] AdditionalMeters { get; set; } = [];
}

/// <summary>The silo's own instruments (streams) live in this meter.</summary>
internal static class SiloMetrics
{
    public const string MeterName = "PartyActors.Silo";
}
