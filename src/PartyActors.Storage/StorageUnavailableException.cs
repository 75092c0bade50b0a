namespace PartyActors.Storage;

/// <summary>
/// The store cannot be reached (connection refused, server down, disk unavailable). Calls fail
/// fast with this while the outage lasts, and the provider recovers by itself when it ends. The HTTP
/// layer answers 503 with Retry-After. A write that fails with it was not acknowledged, but its
/// outcome is unknown: the connection may have dropped during a commit that succeeded, so the grain
/// must not go on from the state it holds. Members are deactivated and the next activation reads what
/// was stored; organizations stay active, refuse changes and read the store again each second until it
/// answers, then recover as after a crash (docs/rollups.md), since nothing else would wake them. It is an
/// <see cref="OrleansException"/> so that Orleans' state storage passes it to the grain, and on to
/// callers, as itself: any other exception from a storage provider reaches the grain wrapped in an
/// <see cref="OrleansException"/>.
/// </summary>
[GenerateSerializer]
[Alias("PartyActors.StorageUnavailable")]
public sealed class StorageUnavailableException : OrleansException
{
    public StorageUnavailableException() : base("The grain store is unavailable.") { }

    public StorageUnavailableException(string message) : base(message) { }

    public StorageUnavailableException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>A hint for clients on when to try again.</summary>
    [Id(0)]
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(5);
}
