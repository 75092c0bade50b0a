namespace PartyActors.Runtime;

/// <summary>
/// What a grain's constructor may ask of the activation being created: services, and the
/// persistent states declared with <see cref="PersistentStateAttribute"/>. Generated factories call it.
/// </summary>
public interface IGrainContext
{
    GrainId GrainId { get; }

    /// <summary>The silo's services.</summary>
    IServiceProvider ActivationServices { get; }

    /// <summary>A service the constructor needs; throws when it is not registered.</summary>
    T GetRequiredService<T>() where T : notnull;

    /// <summary>
    /// The state <paramref name="stateName"/> kept in the storage provider <paramref name="storageName"/>
    /// (<see cref="PersistentStateAttribute.DefaultStorageName"/> when null). It is read before
    /// <see cref="Grain.OnActivateAsync"/> runs.
    /// </summary>
    IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName) where TState : new();

    /// <summary>
    /// The log <paramref name="logName"/> kept in the log storage <paramref name="storageName"/>
    /// (<see cref="PersistentStateAttribute.DefaultStorageName"/> when null). Its next sequence is read
    /// before <see cref="Grain.OnActivateAsync"/> runs.
    /// </summary>
    IGrainLog<TEntry> GetGrainLog<TEntry>(string logName, string? storageName);
}
