namespace PartyActors.Grains;

/// <summary>
/// Tells running batches that the silo is stopping, before it deactivates their grains. A batch
/// keeps starting lines, and so keeps calls in flight, until told: without this the silo's drain
/// would wait for the whole batch. It stops just above the silo's <see cref="ServiceLifecycleStage.Active"/>
/// stage, so first of all, before the organizations drain (<see cref="OrganizationDrain"/>), while
/// grains can still finish what they started.
/// </summary>
internal sealed class RosterStopSignal : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    public CancellationToken Stopping => _stopping.Token;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(RosterStopSignal), ServiceLifecycleStage.Active + 1, _ => Task.CompletedTask, _ => _stopping.CancelAsync());

    public void Dispose() => _stopping.Dispose();
}
