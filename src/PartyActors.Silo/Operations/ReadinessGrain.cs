namespace PartyActors.Silo.Operations;

/// <summary>Runs the silo's own <see cref="StorageProbe"/> for a frontend; holds nothing.</summary>
[StatelessWorker]
[GrainType("readiness")]
internal sealed class ReadinessGrain(StorageProbe probe) : Grain, IReadinessGrain
{
    public async Task<ReadinessAnswer> Check() =>
        new(RuntimeIdentity, await probe.CheckAsync(CancellationToken.None));
}
