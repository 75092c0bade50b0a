namespace PartyActors.Storage;

/// <summary>
/// An append-only log per grain (the points ledger, roster lines, the audit trail). Entries of one
/// log get consecutive sequence numbers from 1. Providers are registered as keyed services under
/// the same name as the <see cref="Orleans.Storage.IGrainStorage"/> beside them, and unkeyed for the default.
/// </summary>
public interface IGrainLogStorage
{
    /// <summary>
    /// Appends <paramref name="entries"/> (UTF-8 JSON documents) after the log's last entry and
    /// completes once they are durable. When <paramref name="expectedNextSequence"/> is given and
    /// the log's next sequence differs, nothing is written and
    /// <see cref="Orleans.Storage.InconsistentStateException"/> is thrown: two writers of one log are
    /// detected. Returns the sequence of the first entry appended.
    /// </summary>
    Task<long> AppendAsync(string logName, GrainId grainId, IReadOnlyList<ReadOnlyMemory<byte>> entries,
        long? expectedNextSequence, CancellationToken cancellationToken);

    /// <summary>Entries with <paramref name="fromSequence"/> ≤ sequence &lt; <paramref name="toSequence"/>, in order.</summary>
    Task<IReadOnlyList<StoredLogEntry>> ReadAsync(string logName, GrainId grainId, long fromSequence, long toSequence,
        CancellationToken cancellationToken);

    /// <summary>The sequence the next appended entry will get (1 for an empty log).</summary>
    Task<long> GetNextSequenceAsync(string logName, GrainId grainId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes every entry of the log and completes once that is durable; deleting a log that has
    /// no entries does nothing. The log is then as if never written: its next sequence is 1 again.
    /// Every provider derives the next sequence from the entries it holds, so keeping the count
    /// would need a record beside the log, and a log is deleted to forget it. Sequences therefore
    /// repeat after a delete: the writer must drop whatever refers to the old ones (a checkpoint, a
    /// first sequence) with the log. A writer still expecting a later sequence is refused as usual.
    /// </summary>
    Task DeleteAsync(string logName, GrainId grainId, CancellationToken cancellationToken);
}

/// <summary>One stored log entry: its sequence, its JSON, and when it was appended.</summary>
public sealed record StoredLogEntry(long Sequence, ReadOnlyMemory<byte> Json, DateTimeOffset At);
