namespace PartyActors.Storage.Contract;

/// <summary>
/// What a grain holds of one stored record, as Orleans' persistent state holds it: the state
/// (never null: a fresh <typeparamref name="T"/> until something is read), the ETag, and whether a
/// record exists. Orleans' own <see cref="GrainState{T}"/> starts with a null state, which the
/// providers replace on every read; tests that write first need a state to fill in.
/// </summary>
public sealed class StoredState<T> : IGrainState<T>
    where T : new()
{
    public T State { get; set; } = new();

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }

    T? IGrainState<T>.State
    {
        get => State;
        set => State = value ?? new T();
    }

    /// <summary>A second holder of the same record (same ETag), to play a stale or concurrent writer.</summary>
    public StoredState<T> Copy(T? state = default) =>
        new() { State = state ?? State, ETag = ETag, RecordExists = RecordExists };
}
