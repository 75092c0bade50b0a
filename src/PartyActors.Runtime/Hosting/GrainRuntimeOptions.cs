namespace PartyActors.Runtime;

/// <summary>Every tunable of the runtime, with its default and the reason for it.</summary>
public sealed class GrainRuntimeOptions
{
    /// <summary>
    /// How long a caller waits for an answer before its call faults with <see cref="TimeoutException"/>.
    /// 30 s, as Orleans: long enough for a storage round trip under load, short enough that a lost
    /// call is noticed. There is no deadlock detection; a call cycle between non-reentrant grains
    /// ends here.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an activation may stay idle before it is collected, unless its class says otherwise
    /// (<see cref="CollectionAgeLimitAttribute"/> or <see cref="CollectionAgeByGrainType"/>).
    /// 15 minutes, as Orleans: a grain used every few minutes stays in memory.
    /// </summary>
    public TimeSpan DefaultCollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Collection ages by grain type name; these win over the class attribute.</summary>
    public IDictionary<string, TimeSpan> CollectionAgeByGrainType { get; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

    /// <summary>
    /// How often the idle collector looks for idle activations. One minute: collection is about
    /// memory, not precision, and each pass visits every activation.
    /// </summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Upper bound for <c>OnActivateAsync</c>'s cancellation token. 30 s.</summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound for <c>OnDeactivateAsync</c>'s cancellation token. 30 s.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a graceful stop waits for running turns to finish, and then again for activations to
    /// deactivate, before it fails what is left. 30 s, the usual host shutdown budget.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Work items an activation runs before it yields its thread-pool thread. 64 keeps a busy grain
    /// from starving others on a 2-core machine, while amortising the scheduling cost.
    /// </summary>
    public int MaxWorkItemsPerSlice { get; set; } = 64;

    /// <summary>
    /// How often the reminder service re-reads the whole reminder table, to pick up rows written by
    /// others (another silo, a migration) and to retry after a storage outage. One minute:
    /// registrations made through this silo are scheduled at once anyway.
    /// </summary>
    public TimeSpan ReminderRefreshPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The longest wait between attempts to deliver a tick its grain did not acknowledge (attempts
    /// back off 1 s, 2 s, 4 s… up to this). One minute bounds how late a tick arrives after a fault clears.
    /// </summary>
    public TimeSpan ReminderMaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    internal void Validate()
    {
        Check(ReminderRefreshPeriod, nameof(ReminderRefreshPeriod));
        Check(ReminderMaxRetryDelay, nameof(ReminderMaxRetryDelay));
        Check(ResponseTimeout, nameof(ResponseTimeout));
        Check(DefaultCollectionAge, nameof(DefaultCollectionAge));
        Check(CollectionQuantum, nameof(CollectionQuantum));
        Check(ActivationTimeout, nameof(ActivationTimeout));
        Check(DeactivationTimeout, nameof(DeactivationTimeout));
        Check(ShutdownTimeout, nameof(ShutdownTimeout));
        foreach (var (type, age) in CollectionAgeByGrainType)
        {
            Check(age, $"{nameof(CollectionAgeByGrainType)}[{type}]");
        }

        if (MaxWorkItemsPerSlice < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxWorkItemsPerSlice), MaxWorkItemsPerSlice, "Must be at least 1.");
        }

        static void Check(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(name, value, "Must be positive.");
            }
        }
    }
}
