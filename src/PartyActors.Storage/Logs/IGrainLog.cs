namespace PartyActors.Storage;

/// <summary>
/// A grain's append-only log of <typeparamref name="TEntry"/>, declared on a grain constructor
/// parameter with <see cref="PersistentLogAttribute"/>, as Orleans declares state with
/// <c>[PersistentState]</c>. The grain is the log's only writer: every append carries the sequence
/// it expects next, so a second activation writing the same log is detected
/// (<see cref="Orleans.Storage.InconsistentStateException"/>, and Orleans deactivates the activation).
/// </summary>
public interface IGrainLog<TEntry>
{
    /// <summary>The sequence the next appended entry will get (1 for an empty log). Read on activation.</summary>
    long NextSequence { get; }

    /// <summary>Appends entries; completes once they are durable. Returns the first one's sequence.</summary>
    Task<long> AppendAsync(IReadOnlyList<TEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Entries with <paramref name="fromSequence"/> ≤ sequence &lt; <paramref name="toSequence"/>.</summary>
    Task<IReadOnlyList<LogRecord<TEntry>>> ReadAsync(long fromSequence, long toSequence = long.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes every entry; completes once that is durable. The log starts again at sequence 1
    /// (<see cref="IGrainLogStorage.DeleteAsync"/>), so the grain drops anything that names an old
    /// sequence, in its state too, before it appends again.
    /// </summary>
    Task ClearAsync(CancellationToken cancellationToken = default);
}

/// <summary>One entry of a grain log.</summary>
public sealed record LogRecord<TEntry>(long Sequence, TEntry Entry, DateTimeOffset At);
