namespace PartyActors.Runtime;

/// <summary>
/// The base of every generated proxy: a grain id plus the runtime that delivers calls. Creating one
/// does no I/O. Two references are equal when they address the same grain.
/// </summary>
public abstract class GrainReference : IAddressable, IEquatable<GrainReference>
{
    private readonly GrainReferenceRuntime _runtime;

    protected GrainReference(GrainReferenceRuntime runtime, GrainId grainId)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        _runtime = runtime;
        GrainId = grainId;
    }

    /// <summary>The addressed grain.</summary>
    public GrainId GrainId { get; }

    /// <summary>
    /// The activation this reference last delivered to. Reused while it is valid, which saves the
    /// directory look-up on every call after the first.
    /// </summary>
    internal ActivationData? CachedActivation;

    /// <summary>Sends a call that returns a value and gives the caller its task.</summary>
    protected Task<TResult> InvokeAsync<TResult>(GrainRequest<TResult> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var task = request.CreateTask();
        _runtime.Dispatcher.Send(this, request);
        return task;
    }

    /// <summary>Sends a call that returns no value and gives the caller its task.</summary>
    protected Task InvokeAsync(VoidGrainRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var task = request.CreateTask();
        _runtime.Dispatcher.Send(this, request);
        return task;
    }

    /// <summary>Sends a call nobody waits for.</summary>
    protected void InvokeOneWay(GrainRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        _runtime.Dispatcher.Send(this, request);
    }

    public bool Equals(GrainReference? other) => other is not null && GrainId.Equals(other.GrainId);

    public override bool Equals(object? obj) => obj is GrainReference other && Equals(other);

    public override int GetHashCode() => GrainId.GetHashCode();

    public override string ToString() => GrainId.ToString();
}

/// <summary>
/// The runtime as generated proxies see it: an opaque handle passed to their constructors.
/// </summary>
public sealed class GrainReferenceRuntime
{
    internal GrainReferenceRuntime(Dispatcher dispatcher) => Dispatcher = dispatcher;

    internal Dispatcher Dispatcher { get; }
}
