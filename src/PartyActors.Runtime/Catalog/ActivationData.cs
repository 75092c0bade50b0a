using System.Diagnostics;

namespace PartyActors.Runtime;

/// <summary>
/// One activation of one grain: its instance, its mailbox and its scheduler. It is also the
/// <see cref="SynchronizationContext"/> that grain code runs under, so every continuation of a turn
/// comes back here and runs one at a time: the single-threaded view of state that Orleans gives.
/// It is its own thread-pool work item, so scheduling an activation allocates nothing.
/// </summary>
internal sealed partial class ActivationData : SynchronizationContext, IThreadPoolWorkItem, IGrainContext
{
    private readonly Lock _lock = new();
    private readonly GrainClassInfo? _classInfo;
    private object? _instance;
    private ActivationState _state;

    // Requests that wait for their turn, in arrival order; always-interleave ones apart, since they
    // never wait behind others.
    private Queue<GrainRequest>? _pending;
    private Queue<GrainRequest>? _pendingInterleaved;

    // Continuations of running turns posted through this synchronization context.
    private Queue<(SendOrPostCallback Callback, object? State)>? _continuations;

    // Running requests: all of them for response timeouts, and counts for admission.
    private List<GrainRequest>? _running;
    private int _runningCount;
    private int _runningNotReadOnly;

    // True from the moment the work item is queued until the worker finds nothing runnable.
    private bool _scheduled;

    // Callers' requests queued or running (timer ticks excluded: they are the grain's own work and
    // must not keep it from idle collection or a stop from draining). A cheap test for the timeout
    // sweeper, the idle collector and the shutdown drain.
    private volatile int _inFlight;

    private long _lastActive;
    private long _keepAliveUntil;
    private DeactivationReason? _deactivationReason;
    // Reads of declared states and logs, run before OnActivateAsync.
    private List<Func<Task>>? _loaders;
    private GrainTimerRegistry? _timers;

    /// <summary>An activation of a grain class, activated by its first work item.</summary>
    public ActivationData(GrainId grainId, GrainClassInfo classInfo, RuntimeCore runtime)
    {
        GrainId = grainId;
        Runtime = runtime;
        _classInfo = classInfo;
        _state = ActivationState.Created;
        _lastActive = runtime.TimeProvider.GetTimestamp();
    }

    /// <summary>A local object made addressable (an observer): valid at once, never collected.</summary>
    public ActivationData(GrainId grainId, object localObject, RuntimeCore runtime)
    {
        GrainId = grainId;
        Runtime = runtime;
        _instance = localObject;
        _state = ActivationState.Valid;
        _lastActive = runtime.TimeProvider.GetTimestamp();
    }

    public GrainId GrainId { get; }

    public RuntimeCore Runtime { get; }

    public object GrainInstance => _instance ?? throw new InvalidOperationException($"{GrainId} has no instance.");

    public bool IsLocalObject => _classInfo is null;

    public GrainClassInfo? ClassInfo => _classInfo;

    public bool HasCallFilters => Runtime.CallFilters.Length > 0 || _instance is IIncomingGrainCallFilter;

    public GrainTimerRegistry Timers => _timers ??= new GrainTimerRegistry(this);

    internal bool IsReentrant => _classInfo?.IsReentrant ?? false;

    internal int InFlight => _inFlight;

    internal ActivationState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>
    /// Queues a request. False when this activation is gone: the caller must look the grain up
    /// again (its next activation takes the request).
    /// </summary>
    public bool TryEnqueue(GrainRequest request)
    {
        bool schedule;
        lock (_lock)
        {
            if (_state == ActivationState.Invalid)
            {
                return false;
            }

            request.EnqueuedAt = Runtime.TimeProvider.GetTimestamp();
            if ((request.Options & InvokeMethodOptions.AlwaysInterleave) != 0)
            {
                (_pendingInterleaved ??= new Queue<GrainRequest>()).Enqueue(request);
            }
            else
            {
                (_pending ??= new Queue<GrainRequest>()).Enqueue(request);
            }

            if (!request.IsSystem)
            {
                _inFlight++;
            }

            schedule = !_scheduled;
            _scheduled = true;
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        return true;
    }

    /// <inheritdoc/>
    public override void Post(SendOrPostCallback d, object? state)
    {
        bool schedule;
        lock (_lock)
        {
            (_continuations ??= new Queue<(SendOrPostCallback, object?)>()).Enqueue((d, state));
            schedule = !_scheduled;
            _scheduled = true;
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <inheritdoc/>
    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("A grain's synchronization context does not support synchronous Send.");

    /// <inheritdoc/>
    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Asks the activation to deactivate once no turn is running.</summary>
    public void RequestDeactivation(DeactivationReason reason)
    {
        bool schedule;
        lock (_lock)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid || _deactivationReason is not null)
            {
                return;
            }

            _deactivationReason = reason;
            schedule = !_scheduled;
            _scheduled = true;
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    public void DelayDeactivation(TimeSpan timeSpan)
    {
        var until = Runtime.TimeProvider.GetTimestamp() + Runtime.ToTimestampTicks(timeSpan);
        lock (_lock)
        {
            _keepAliveUntil = Math.Max(_keepAliveUntil, until);
        }
    }

    /// <summary>
    /// Whether the idle collector may take this activation now: valid, nothing queued or running,
    /// idle for its collection age, and not kept alive by <see cref="DelayDeactivation"/>.
    /// </summary>
    public bool IsIdleLongerThan(long now, long ageTicks)
    {
        if (_inFlight != 0 || _classInfo is null)
        {
            return false;
        }

        lock (_lock)
        {
            return _state == ActivationState.Valid && _deactivationReason is null && _runningCount == 0 &&
                   _continuations is not { Count: > 0 } && now - _lastActive >= ageTicks && now >= _keepAliveUntil;
        }
    }

    /// <summary>Fails every caller whose deadline has passed, queued or running.</summary>
    public void ExpireRequests(long now)
    {
        if (_inFlight == 0)
        {
            return;
        }

        List<GrainRequest>? expired = null;
        lock (_lock)
        {
            Collect(_pending, now, ref expired);
            Collect(_pendingInterleaved, now, ref expired);
            Collect(_running, now, ref expired);
        }

        if (expired is null)
        {
            return;
        }

        foreach (var request in expired)
        {
            Runtime.Metrics.CallTimedOut();
            request.Fail(new TimeoutException(
                $"Response did not arrive on time in {Runtime.Options.ResponseTimeout} for {request.Describe()}."));
        }

        static void Collect(IEnumerable<GrainRequest>? requests, long now, ref List<GrainRequest>? expired)
        {
            if (requests is null)
            {
                return;
            }

            foreach (var request in requests)
            {
                if (request.Deadline <= now && !request.IsCompleted && (request.Options & InvokeMethodOptions.OneWay) == 0)
                {
                    (expired ??= []).Add(request);
                }
            }
        }
    }

    /// <summary>Runs on the thread pool: a slice of this activation's work, one item at a time.</summary>
    void IThreadPoolWorkItem.Execute()
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(this);
        try
        {
            RunSlice();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void RunSlice()
    {
        var budget = Runtime.Options.MaxWorkItemsPerSlice;
        for (var i = 0; i < budget; i++)
        {
            SendOrPostCallback? callback = null;
            object? callbackState = null;
            GrainRequest? request = null;
            var step = Step.None;
            lock (_lock)
            {
                if (_continuations is { Count: > 0 })
                {
                    (callback, callbackState) = _continuations.Dequeue();
                    step = Step.Continuation;
                }
                else if (_state == ActivationState.Created)
                {
                    _state = ActivationState.Activating;
                    step = Step.Activate;
                }
                else if (_state == ActivationState.Valid && _deactivationReason is { } reason && _runningCount == 0)
                {
                    if (reason.ReasonCode == DeactivationReasonCode.ActivationIdle && _inFlight != 0)
                    {
                        // A request arrived after the collector chose this activation: serve it instead.
                        _deactivationReason = null;
                        i--;
                        continue;
                    }

                    _state = ActivationState.Deactivating;
                    step = Step.Deactivate;
                }
                else if (_state == ActivationState.Valid && _deactivationReason is null && TryTakeRunnable(out request))
                {
                    step = Step.Request;
                }
                else
                {
                    _scheduled = false;
                    return;
                }
            }

            switch (step)
            {
                case Step.Continuation:
                    callback!(callbackState);
                    break;
                case Step.Activate:
                    _ = ActivateAsync();
                    break;
                case Step.Deactivate:
                    _ = DeactivateAsync();
                    break;
                case Step.Request:
                    StartRequest(request!);
                    break;
                case Step.None:
                default:
                    throw new UnreachableException();
            }
        }

        // Budget spent with work left: yield the thread so other activations get their turn.
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    private enum Step
    {
        None,
        Continuation,
        Activate,
        Deactivate,
        Request,
    }

    /// <summary>Takes the next request that may start now, dropping those whose caller gave up. Lock held.</summary>
    private bool TryTakeRunnable(out GrainRequest? request)
    {
        while (_pendingInterleaved is { Count: > 0 })
        {
            var candidate = _pendingInterleaved.Dequeue();
            if (TryAdmit(candidate))
            {
                request = candidate;
                return true;
            }
        }

        while (_pending is { Count: > 0 })
        {
            var candidate = _pending.Peek();
            if (!CanStart(candidate))
            {
                break;
            }

            _pending.Dequeue();
            if (TryAdmit(candidate))
            {
                request = candidate;
                return true;
            }
        }

        request = null;
        return false;
    }

    /// <summary>Marks a dequeued request running, or drops it if its caller already has an answer. Lock held.</summary>
    private bool TryAdmit(GrainRequest request)
    {
        if (request.IsCompleted)
        {
            // Timed out while queued: the caller was told so; running it now would surprise it.
            if (!request.IsSystem)
            {
                _inFlight--;
            }

            return false;
        }

        _runningCount++;
        if ((request.Options & InvokeMethodOptions.ReadOnly) == 0)
        {
            _runningNotReadOnly++;
        }

        (_running ??= []).Add(request);
        return true;
    }

    /// <summary>The interleaving rules of Orleans. Lock held.</summary>
    private bool CanStart(GrainRequest request) =>
        _runningCount == 0 || IsReentrant ||
        ((request.Options & InvokeMethodOptions.ReadOnly) != 0 && _runningNotReadOnly == 0);

    private void StartRequest(GrainRequest request)
    {
        var startedAt = Runtime.TimeProvider.GetTimestamp();
        request.StartedAt = startedAt;
        Runtime.Metrics.CallStarted(Runtime.TimeProvider, request.EnqueuedAt, startedAt);
        RequestContext.Restore(request.Context);
        request.Start(this);
    }

    /// <summary>Called on this activation's scheduler when a request's task has completed.</summary>
    public void OnTurnCompleted(GrainRequest request, Exception? error)
    {
        var now = Runtime.TimeProvider.GetTimestamp();
        Runtime.Metrics.CallCompleted(Runtime.TimeProvider, request.StartedAt, now, error is not null);
        lock (_lock)
        {
            _runningCount--;
            if ((request.Options & InvokeMethodOptions.ReadOnly) == 0)
            {
                _runningNotReadOnly--;
            }

            _running!.Remove(request);
            if (!request.IsSystem)
            {
                _inFlight--;
                _lastActive = now;
            }
            else if (request is TimerTickRequest { KeepAlive: true })
            {
                _lastActive = now;
            }
        }

        if (error is InconsistentStateException)
        {
            RequestDeactivation(new DeactivationReason(DeactivationReasonCode.InconsistentState, error.Message));
        }

        if (request is TimerTickRequest tick)
        {
            tick.Timer.OnTickCompleted();
        }
    }
}
