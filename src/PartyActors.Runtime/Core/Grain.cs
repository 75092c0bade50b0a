using System.Globalization;

namespace PartyActors.Runtime;

/// <summary>
/// The base of every grain class. The runtime creates the instance on the first call to its id,
/// runs <see cref="OnActivateAsync"/>, delivers calls one turn at a time, and after
/// <see cref="OnDeactivateAsync"/> lets it go. The activation members below may be used from
/// <see cref="OnActivateAsync"/> on, not from the constructor.
/// </summary>
public abstract class Grain
{
    private ActivationData? _activation;

    internal ActivationData Activation =>
        _activation ?? throw new InvalidOperationException(
            "The grain is not attached to an activation yet: use activation members from OnActivateAsync on, not in the constructor.");

    internal void Attach(ActivationData activation) => _activation = activation;

    /// <summary>This grain's identity.</summary>
    public GrainId GrainId => Activation.GrainId;

    /// <summary>A readable identity for logs.</summary>
    public string IdentityString => Activation.GrainId.ToString();

    /// <summary>Creates references to other grains.</summary>
    protected IGrainFactory GrainFactory => Activation.Runtime.GrainFactory;

    /// <summary>Runs after the persistent states are read, before the first call is delivered.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs when the activation is collected, asked to leave, or the silo stops.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the current turn ends; the next call creates a new one.</summary>
    protected void DeactivateOnIdle() =>
        Activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called."));

    /// <summary>Keeps the activation from being collected as idle for at least <paramref name="timeSpan"/>.</summary>
    protected void DelayDeactivation(TimeSpan timeSpan) => Activation.DelayDeactivation(timeSpan);

    /// <summary>
    /// Registers a timer whose ticks are queued as turns of this grain: a tick never overlaps a
    /// request (unless <see cref="GrainTimerCreationOptions.Interleave"/>), the next due time is
    /// counted from the end of the previous tick, and the timer dies with the activation.
    /// </summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Activation.Timers.Register(callback, options);
    }

    /// <inheritdoc cref="RegisterGrainTimer(Func{CancellationToken, Task}, GrainTimerCreationOptions)"/>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        RegisterGrainTimer(callback, new GrainTimerCreationOptions { DueTime = dueTime, Period = period });

    /// <inheritdoc cref="RegisterGrainTimer(Func{CancellationToken, Task}, GrainTimerCreationOptions)"/>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return RegisterGrainTimer(cancellationToken => callback(state, cancellationToken), options);
    }

    /// <summary>
    /// Registers (or replaces) a durable reminder: it ticks first after <paramref name="dueTime"/>,
    /// then every <paramref name="period"/> (<see cref="Timeout.InfiniteTimeSpan"/>: once), delivered
    /// to <see cref="IRemindable.ReceiveReminder"/> whether or not this grain is active, across restarts.
    /// </summary>
    protected Task<IGrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        if (this is not IRemindable)
        {
            throw new InvalidOperationException($"{GetType().Name} must implement IRemindable to register reminders.");
        }

        return Activation.Runtime.RequireReminders().RegisterOrUpdateAsync(GrainId, reminderName, dueTime, period);
    }

    /// <summary>Removes a reminder; no further tick is delivered.</summary>
    protected Task UnregisterReminder(IGrainReminder reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        return Activation.Runtime.RequireReminders().UnregisterAsync(GrainId, reminder.ReminderName);
    }

    /// <summary>This grain's reminder of that name, or null.</summary>
    protected Task<IGrainReminder?> GetReminder(string reminderName) => Activation.Runtime.RequireReminders().GetAsync(GrainId, reminderName);

    /// <summary>This grain's reminders.</summary>
    protected Task<IReadOnlyList<IGrainReminder>> GetReminders() => Activation.Runtime.RequireReminders().GetAllAsync(GrainId);

    /// <summary>The key of a grain with a string key.</summary>
    public string GetPrimaryKeyString() => GrainId.Key;

    /// <summary>The key of a grain with a Guid key.</summary>
    public Guid GetPrimaryKey() => Guid.ParseExact(GrainId.Key, "N");

    /// <summary>The key of a grain with an integer key.</summary>
    public long GetPrimaryKeyLong() => long.Parse(GrainId.Key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}

/// <summary>Why an activation is deactivated.</summary>
public enum DeactivationReasonCode
{
    None,

    /// <summary>Idle for longer than its collection age.</summary>
    ActivationIdle,

    /// <summary>The grain called <c>DeactivateOnIdle</c>.</summary>
    ApplicationRequested,

    /// <summary>A write found a stale ETag.</summary>
    InconsistentState,

    /// <summary>The silo is stopping.</summary>
    ShuttingDown,

    /// <summary>Activation failed.</summary>
    ActivationFailed,
}

/// <summary>Why an activation is deactivated, with a human-readable description.</summary>
public readonly record struct DeactivationReason(DeactivationReasonCode ReasonCode, string Description);
