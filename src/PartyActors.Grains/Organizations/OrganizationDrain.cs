using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace PartyActors.Grains;

/// <summary>
/// Makes a graceful stop leave every roll-up published and durable. Orleans deactivates a stopping
/// silo's grains all at once, when it no longer places new activations here: an organization that
/// deactivates after its parent could not send its last figures up. So while the silo is still
/// active (its <see cref="ServiceLifecycleStage.Active"/> stage stopping), this asks every
/// organization active here to publish and write what it holds, and asks again while any did
/// (each publication can leave its parent with something new), up to the depth of a tree.
/// </summary>
internal sealed partial class OrganizationDrain(IGrainFactory grains, ILogger<OrganizationDrain> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>More rounds than any tree has levels (district, street, community, grid, and some).</summary>
    private const int MaxRounds = 10;

    private readonly ConcurrentDictionary<string, byte> _active = new(StringComparer.Ordinal);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(OrganizationDrain), ServiceLifecycleStage.Active, _ => Task.CompletedTask, DrainAsync);

    public void Activated(string orgId) => _active.TryAdd(orgId, 0);

    public void Deactivated(string orgId) => _active.TryRemove(orgId, out _);

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rounds = 0;
        var published = 0;
        while (rounds < MaxRounds && !cancellationToken.IsCancellationRequested)
        {
            rounds++;
            var round = 0;
            await Parallel.ForEachAsync(_active.Keys.ToArray(), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (id, _) =>
            {
                try
                {
                    if (await grains.GetGrain<IRollupNode>(id).Drain())
                    {
                        Interlocked.Increment(ref round);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogDrainFailed(exception, id);
                }
            });
            published += round;
            if (round == 0)
            {
                break;
            }
        }

        LogDrained(published, rounds, clock.ElapsedMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Organization {OrgId} could not drain before the silo stopped; its parent reconciles with it later.")]
    private partial void LogDrainFailed(Exception exception, string orgId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Organizations drained for the stop: {Published} publication(s) in {Rounds} round(s), {Milliseconds} ms.")]
    private partial void LogDrained(int published, int rounds, long milliseconds);
}
