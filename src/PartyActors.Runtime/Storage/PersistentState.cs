namespace PartyActors.Runtime;

/// <summary>
/// A grain's durable state, declared on a constructor parameter with
/// <see cref="PersistentStateAttribute"/>. Read when the grain activates; written only when the
/// grain says so. Every write carries the ETag it read: a mismatch throws
/// <see cref="InconsistentStateException"/> and the activation is deactivated.
/// </summary>
public interface IPersistentState<TState> : IStorage<TState>
{
}

/// <summary>The operations on a piece of durable state.</summary>
public interface IStorage<TState> : IStorage
{
    TState State { get; set; }
}

/// <summary>The operations on a piece of durable state, without its type.</summary>
public interface IStorage
{
    /// <summary>The version of the stored record this state was read from or last written as; null when none.</summary>
    string? Etag { get; }

    /// <summary>Whether a stored record exists.</summary>
    bool RecordExists { get; }

    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Completes once the state is durable in the store.</summary>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes the stored state (or resets it, as the provider is configured) and resets <c>State</c>.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}

/// <summary>The state, ETag and existence flag a storage provider reads and writes.</summary>
public interface IGrainState<TState>
{
    TState State { get; set; }

    string? ETag { get; set; }

    bool RecordExists { get; set; }
}

/// <summary>
/// A store of grain state. Providers are registered under a name (as keyed services) and named by
/// <see cref="PersistentStateAttribute"/>.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Reads the state into <paramref name="grainState"/>; leaves a fresh state and a null ETag when none is stored.</summary>
    Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the state if the stored ETag still equals <c>grainState.ETag</c>, then sets the new
    /// ETag. Throws <see cref="InconsistentStateException"/> otherwise. Completes once durable.
    /// </summary>
    Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken);

    /// <summary>
    /// Clears the state under the same ETag rule as a write. A store that deletes the record may
    /// start its versions again afterwards, so an activation still holding an ETag from before the
    /// clear could match a new record; stores offer to keep the record (with a higher version)
    /// instead, where that matters.
    /// </summary>
    Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken);
}

/// <summary>Declares a constructor parameter of type <see cref="IPersistentState{TState}"/>.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    /// <summary>The provider used when none is named.</summary>
    public const string DefaultStorageName = "Default";

    public string StateName { get; } = stateName;

    public string? StorageName { get; } = storageName;
}

/// <summary>
/// The stored state changed since this activation read it (its ETag is stale): another writer got
/// there first. The activation that sees it is deactivated so that the next call reads afresh.
/// </summary>
public sealed class InconsistentStateException : Exception
{
    public InconsistentStateException() : base("The stored state was changed by another writer.") { }

    public InconsistentStateException(string message) : base(message) { }

    public InconsistentStateException(string message, Exception innerException) : base(message, innerException) { }

    public InconsistentStateException(string message, string? storedEtag, string? currentEtag)
        : base(message)
    {
        StoredEtag = storedEtag;
        CurrentEtag = currentEtag;
    }

    /// <summary>The ETag found in the store.</summary>
    public string? StoredEtag { get; }

    /// <summary>The ETag the writer held.</summary>
    public string? CurrentEtag { get; }
}

/// <summary>
/// A plain <see cref="IGrainState{TState}"/>: what tools, tests and migrations hand a storage
/// provider when they read or write a grain's state without a grain.
/// </summary>
public sealed class GrainState<TState> : IGrainState<TState>
    where TState : new()
{
    public TState State { get; set; } = new();

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
