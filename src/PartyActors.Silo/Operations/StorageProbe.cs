using Microsoft.Extensions.Options;

namespace PartyActors.Silo.Operations;

/// <summary>
/// Readiness: one read of a state record that never exists, through the configured default store,
/// within <see cref="OperationsOptions.ReadinessTimeout"/>. It touches the same connection, file
/// and tables as every grain activation, and changes nothing.
/// </summary>
internal sealed class StorageProbe(IServiceProvider services, IOptions<OperationsOptions> options, TimeProvider time, ILogger<StorageProbe> logger)
{
    private static readonly GrainId ProbeId = GrainId.Create("silo-readiness-probe", "probe");

    /// <summary>Null when the store answered; otherwise why not.</summary>
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var storage = services.GetRequiredKeyedService<IGrainStorage>(StorageSiloBuilderExtensions.DefaultStorageName);
            await storage.ReadStateAsync("readiness", ProbeId, new GrainState<ProbeState>(), cancellationToken)
                .WaitAsync(options.Value.ReadinessTimeout, time, cancellationToken);
            return null;
        }
        catch (TimeoutException)
        {
            return $"The store did not answer within {options.Value.ReadinessTimeout}.";
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "The readiness probe could not read from the store.");
            return "The store could not be read.";
        }
    }

    /// <summary>The shape of the record the probe reads (and never finds).</summary>
    internal sealed class ProbeState;
}
