namespace PartyActors.Runtime;

/// <summary>Delivers requests to activations: through a reference's cached activation when it is still valid, else the catalog.</summary>
internal sealed class Dispatcher(RuntimeCore runtime)
{
    // An activation can turn invalid between the look-up and the enqueue; a few retries always
    // reach the successor, which is created by the look-up itself.
    private const int MaxDeliveryAttempts = 8;

    public void Send(GrainReference reference, GrainRequest request)
    {
        if (!Prepare(reference.GrainId, request))
        {
            return;
        }

        if (reference.CachedActivation is { } cached && cached.TryEnqueue(request))
        {
            return;
        }

        reference.CachedActivation = Deliver(request);
    }

    /// <summary>Sends a request to a grain by id (the runtime's own calls, such as reminder ticks).</summary>
    public void Send(GrainId target, GrainRequest request)
    {
        if (Prepare(target, request))
        {
            Deliver(request);
        }
    }

    private bool Prepare(GrainId target, GrainRequest request)
    {
        if (runtime.IsStopping && Current is null)
        {
            request.Fail(new SiloUnavailableException());
            return false;
        }

        request.Target = target;
        request.Deadline = runtime.TimeProvider.GetTimestamp() + runtime.ResponseTimeoutTicks;
        request.Context = RequestContext.Snapshot();
        return true;
    }

    /// <summary>Sends a request that was queued at an activation that has since gone to the grain's next activation.</summary>
    public void Redispatch(GrainRequest request)
    {
        if (runtime.IsStopping)
        {
            request.Fail(new SiloUnavailableException());
            return;
        }

        Deliver(request);
    }

    /// <summary>Queues a runtime request (a timer tick) at a known activation.</summary>
    public static bool SendSystem(ActivationData activation, GrainRequest request)
    {
        request.Target = activation.GrainId;
        request.Deadline = long.MaxValue;
        request.Context = null;
        return activation.TryEnqueue(request);
    }

    private ActivationData? Deliver(GrainRequest request)
    {
        try
        {
            for (var attempt = 0; attempt < MaxDeliveryAttempts; attempt++)
            {
                var activation = runtime.Catalog.GetOrCreate(request.Target);
                if (activation.TryEnqueue(request))
                {
                    return activation;
                }
            }

            request.Fail(new InvalidOperationException($"Could not deliver {request.Describe()}: its activation kept changing."));
        }
        catch (Exception exception)
        {
            request.Fail(exception);
        }

        return null;
    }

    /// <summary>The activation whose turn is running on this thread, if any.</summary>
    private static ActivationData? Current => SynchronizationContext.Current as ActivationData;
}
