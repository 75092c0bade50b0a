using Microsoft.Extensions.Options;

namespace PartyActors.Silo.Operations;

/// <summary>What <c>/health/ready</c> asks: differs between a silo and a frontend.</summary>
internal abstract class Readiness
{
    public abstract Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken);
}

/// <summary>Ready, with the silo that answered; or not, with the problem's code and detail.</summary>
internal sealed record ReadinessResult(string? Silo, string? ProblemCode, string? Problem)
{
    public static ReadinessResult Ready(string silo) => new(silo, null, null);

    public static ReadinessResult NotReady(string code, string detail) => new(null, code, detail);
}

/// <summary>A silo is ready when it is active in its cluster and its store answers a read.</summary>
internal sealed class SiloReadiness(ISiloStatusOracle status, StorageProbe probe) : Readiness
{
    public override async Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken)
    {
        if (status.CurrentStatus != SiloStatus.Active)
        {
            return ReadinessResult.NotReady("silo-not-active", $"The silo is {status.CurrentStatus}, not active.");
        }

        if (await probe.CheckAsync(cancellationToken) is { } failure)
        {
            return ReadinessResult.NotReady("storage-unavailable", failure);
        }

        return ReadinessResult.Ready(status.SiloAddress.ToString());
    }
}

/// <summary>
/// A frontend is ready when a silo of the cluster answers through a gateway and its store reads,
/// all within <see cref="OperationsOptions.ReadinessTimeout"/>.
/// </summary>
internal sealed class FrontendReadiness(IGrainFactory grains, IOptions<OperationsOptions> options, TimeProvider time, ILogger<FrontendReadiness> logger) : Readiness
{
    public override async Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken)
    {
        ReadinessAnswer answer;
        try
        {
            answer = await grains.GetGrain<IReadinessGrain>(0).Check().WaitAsync(options.Value.ReadinessTimeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            return ReadinessResult.NotReady("cluster-unavailable", $"No silo of the cluster answered within {options.Value.ReadinessTimeout}.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Probes ask every few seconds: the reason, not a stack trace each time.
            logger.LogWarning("The readiness check could not reach the cluster: {Reason}", exception.Message);
            return ReadinessResult.NotReady("cluster-unavailable", "The cluster could not be reached.");
        }

        if (answer.StoreFailure is { } failure)
        {
            return ReadinessResult.NotReady("storage-unavailable", failure);
        }

        return ReadinessResult.Ready(answer.Silo);
    }
}
