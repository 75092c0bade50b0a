namespace PartyActors.Runtime;

/// <summary>
/// A grain's append-only log of <typeparamref name="TEntry"/>, declared on a constructor parameter
/// with <see cref="PersistentLogAttribute"/>. The grain is the log's only writer: every append
/// carries the sequence it expects next, so a second activation writing the same log is detected
/// (<see cref="InconsistentStateException"/>, and the activation is deactivated).
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

/// <summary>Declares a constructor parameter of type <see cref="IGrainLog{TEntry}"/>.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentLogAttribute(string logName, string? storageName = null) : Attribute
{
    public string LogName { get; } = logName;

    public string? StorageName { get; } = storageName;
}

internal sealed class GrainLog<TEntry>(string logName, GrainId grainId, IGrainLogStorage storage, GrainStateSerializer serializer)
    : IGrainLog<TEntry>
{
    public long NextSequence { get; private set; } = 1;

    public async Task LoadAsync() => NextSequence = await storage.GetNextSequenceAsync(logName, grainId, CancellationToken.None);

    public async Task<long> AppendAsync(IReadOnlyList<TEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return NextSequence;
        }

        var json = new ReadOnlyMemory<byte>[entries.Count];
        for (var i = 0; i < json.Length; i++)
        {
            json[i] = serializer.Serialize(entries[i]);
        }

        var first = await storage.AppendAsync(logName, grainId, json, NextSequence, cancellationToken);
        NextSequence = first + entries.Count;
        return first;
    }

    public async Task<IReadOnlyList<LogRecord<TEntry>>> ReadAsync(long fromSequence, long toSequence = long.MaxValue, CancellationToken cancellationToken = default)
    {
        var stored = await storage.ReadAsync(logName, grainId, fromSequence, toSequence, cancellationToken);
        return [.. stored.Select(e => new LogRecord<TEntry>(e.Sequence, serializer.Deserialize<TEntry>(e.Json.Span), e.At))];
    }

    public async Task ClearAsync(CancellationToken cancellationToken = default)
    {
        await storage.DeleteAsync(logName, grainId, cancellationToken);
        NextSequence = 1;
    }
}
