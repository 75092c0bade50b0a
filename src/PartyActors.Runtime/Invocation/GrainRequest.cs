using System.Collections.Immutable;

namespace PartyActors.Runtime;

/// <summary>
/// One call to one grain method: the arguments, the code that invokes the method on the target,
/// and the caller's completion. The source generator emits one sealed subclass per interface
/// method (the "invokable"), so a call needs neither reflection nor an <c>object[]</c>.
/// </summary>
public abstract class GrainRequest
{
    private protected GrainRequest()
    {
    }

    /// <summary>The grain interface that declares the method.</summary>
    public abstract Type InterfaceType { get; }

    /// <summary>The method's name, for filters, logs and metrics.</summary>
    public abstract string MethodName { get; }

    /// <summary>Scheduling flags from the method's attributes.</summary>
    public abstract InvokeMethodOptions Options { get; }

    /// <summary>How many arguments the method takes.</summary>
    public virtual int ArgumentCount => 0;

    /// <summary>An argument by position. Boxes value types: for filters, not for the call path.</summary>
    public virtual object? GetArgument(int index) => throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The target's grain id; set when the call is sent.</summary>
    internal GrainId Target;

    /// <summary>Timestamp (of the silo's <see cref="TimeProvider"/>) after which the caller gives up.</summary>
    internal long Deadline;

    /// <summary>Timestamp at which the request was queued, for the queue-delay metric.</summary>
    internal long EnqueuedAt;

    /// <summary>Timestamp at which the turn started, for the turn-duration metric.</summary>
    internal long StartedAt;

    /// <summary>The caller's <see cref="RequestContext"/>, restored for the callee's turn.</summary>
    internal ImmutableDictionary<string, object>? Context;

    /// <summary>Runtime work (timer ticks, system calls): not subject to call filters.</summary>
    internal virtual bool IsSystem => false;

    /// <summary>True once the caller has an answer (result, exception or timeout).</summary>
    internal abstract bool IsCompleted { get; }

    /// <summary>Runs the method on the activation's scheduler and reports the end of the turn to it.</summary>
    internal abstract void Start(ActivationData activation);

    /// <summary>Completes the caller with an error without running the method.</summary>
    internal abstract void Fail(Exception exception);

    internal string Describe() => $"{InterfaceType.Name}.{MethodName} on {Target}";
}

/// <summary>An invokable whose method returns a value.</summary>
public abstract class GrainRequest<TResult> : GrainRequest
{
    private TaskCompletionSource<TResult>? _completion;

    /// <summary>Invokes the method on the grain or observer object.</summary>
    protected abstract ValueTask<TResult> InvokeCore(object target);

    internal override bool IsCompleted => _completion is { Task.IsCompleted: true };

    internal Task<TResult> CreateTask()
    {
        // Continuations run asynchronously so that a caller's code never runs on the callee's turn.
        _completion = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        return _completion.Task;
    }

    internal override void Fail(Exception exception) => _completion?.TrySetException(exception);

    internal override void Start(ActivationData activation)
    {
        ValueTask<TResult> pending;
        try
        {
            pending = activation.HasCallFilters && !IsSystem
                ? InvokeThroughFiltersAsync(activation)
                : InvokeCore(activation.GrainInstance);
        }
        catch (Exception exception)
        {
            activation.OnTurnCompleted(this, exception);
            _completion?.TrySetException(exception);
            return;
        }

        if (pending.IsCompletedSuccessfully)
        {
            var result = pending.Result;
            activation.OnTurnCompleted(this, null);
            _completion?.TrySetResult(result);
            return;
        }

        _ = AwaitAsync(pending, activation);
    }

    private async ValueTask<TResult> InvokeThroughFiltersAsync(ActivationData activation)
    {
        var result = await CallFilterChain.InvokeAsync(activation, this,
            static async (target, request) => await ((GrainRequest<TResult>)request).InvokeCore(target));
        return (TResult)result!;
    }

    private async Task AwaitAsync(ValueTask<TResult> pending, ActivationData activation)
    {
        // Awaited on the activation's synchronization context, so the end of the turn is reported
        // on the activation's scheduler, and before the caller hears the answer.
        TResult result;
        try
        {
            result = await pending;
        }
        catch (Exception exception)
        {
            activation.OnTurnCompleted(this, exception);
            _completion?.TrySetException(exception);
            return;
        }

        activation.OnTurnCompleted(this, null);
        _completion?.TrySetResult(result);
    }
}

/// <summary>An invokable whose method returns no value (or is one-way).</summary>
public abstract class VoidGrainRequest : GrainRequest
{
    private TaskCompletionSource? _completion;

    /// <summary>Invokes the method on the grain or observer object.</summary>
    protected abstract ValueTask InvokeCore(object target);

    internal override bool IsCompleted => _completion is { Task.IsCompleted: true };

    internal Task CreateTask()
    {
        _completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _completion.Task;
    }

    internal override void Fail(Exception exception) => _completion?.TrySetException(exception);

    internal override void Start(ActivationData activation)
    {
        ValueTask pending;
        try
        {
            pending = activation.HasCallFilters && !IsSystem
                ? new ValueTask(CallFilterChain.InvokeAsync(activation, this, static async (target, request) =>
                {
                    await ((VoidGrainRequest)request).InvokeCore(target);
                    return null;
                }))
                : InvokeCore(activation.GrainInstance);
        }
        catch (Exception exception)
        {
            activation.OnTurnCompleted(this, exception);
            _completion?.TrySetException(exception);
            return;
        }

        if (pending.IsCompletedSuccessfully)
        {
            activation.OnTurnCompleted(this, null);
            _completion?.TrySetResult();
            return;
        }

        _ = AwaitAsync(pending, activation);
    }

    private async Task AwaitAsync(ValueTask pending, ActivationData activation)
    {
        try
        {
            await pending;
        }
        catch (Exception exception)
        {
            activation.OnTurnCompleted(this, exception);
            _completion?.TrySetException(exception);
            return;
        }

        activation.OnTurnCompleted(this, null);
        _completion?.TrySetResult();
    }
}
