using Microsoft.Extensions.Hosting;

namespace PartyActors.Grains;

/// <summary>
/// Tells running batches that the host is stopping, before the silo drains its grain calls. A batch
/// keeps starting lines, and so keeps calls in flight, until told: without this the drain would
/// wait its whole timeout. Hosted services stop in the reverse order of registration, and
/// <see cref="RosterSiloBuilderExtensions.AddRosterBatches"/> runs after the silo's own is registered,
/// so this one stops first. (A silo without a host, as in tests, stops batches on deactivation only.)
/// </summary>
internal sealed class RosterStopSignal : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    public CancellationToken Stopping => _stopping.Token;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => _stopping.CancelAsync();

    public void Dispose() => _stopping.Dispose();
}
