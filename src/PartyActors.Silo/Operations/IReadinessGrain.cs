namespace PartyActors.Silo.Operations;

/// <summary>
/// A frontend's readiness question to the cluster: a stateless worker, so it runs on the silo whose
/// gateway received the call, and answers whether that silo's store reads within the timeout.
/// </summary>
[Alias("PartyActors.IReadinessGrain")]
internal interface IReadinessGrain : IGrainWithIntegerKey
{
    Task<ReadinessAnswer> Check();
}

/// <summary>Which silo answered, and why its store is not ready (null when it is).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.ReadinessAnswer")]
internal sealed record ReadinessAnswer([property: Id(0)] string Silo, [property: Id(1)] string? StoreFailure);
