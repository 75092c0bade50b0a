namespace PartyActors.Silo;

/// <summary>
/// A frontend started before its silos (or cut off from all of them) keeps trying to connect, every
/// <see cref="Interval"/>, logging each failure, until the process is stopped: the HTTP port opens
/// once the cluster is reached, so orchestrators see the frontend as not yet live rather than dead.
/// </summary>
internal sealed class ClusterConnectionRetry(TimeProvider time, ILogger<ClusterConnectionRetry> logger) : IClientConnectionRetryFilter
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private int _attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempts);
        logger.LogWarning("Attempt {Attempt} to reach the cluster failed ({Reason}); trying again in {Interval}.", attempt, exception.Message, Interval);
        try
        {
            await Task.Delay(Interval, time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
