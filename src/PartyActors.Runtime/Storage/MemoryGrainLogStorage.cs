namespace PartyActors.Runtime;

/// <summary>Grain logs kept in process memory, for tests and demos, with the durable stores' rules.</summary>
public sealed class MemoryGrainLogStorage(TimeProvider timeProvider) : IGrainLogStorage
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string LogName, GrainId GrainId), List<StoredLogEntry>> _logs = [];

    public Task<long> AppendAsync(string logName, GrainId grainId, IReadOnlyList<ReadOnlyMemory<byte>> entries,
        long? expectedNextSequence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var now = timeProvider.GetUtcNow();
        lock (_lock)
        {
            if (!_logs.TryGetValue((logName, grainId), out var log))
            {
                _logs[(logName, grainId)] = log = [];
            }

            var next = log.Count + 1L;
            if (expectedNextSequence is { } expected && expected != next)
            {
                return Task.FromException<long>(new InconsistentStateException(
                    $"Log '{logName}' of {grainId}: the next sequence is {next}, the writer expected {expected}.", next.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    expected.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            foreach (var entry in entries)
            {
                log.Add(new StoredLogEntry(log.Count + 1L, entry.ToArray(), now));
            }

            return Task.FromResult(next);
        }
    }

    public Task<IReadOnlyList<StoredLogEntry>> ReadAsync(string logName, GrainId grainId, long fromSequence, long toSequence,
        CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<StoredLogEntry> found = _logs.TryGetValue((logName, grainId), out var log)
                ? [.. log.Where(e => e.Sequence >= fromSequence && e.Sequence < toSequence)]
                : [];
            return Task.FromResult(found);
        }
    }

    public Task<long> GetNextSequenceAsync(string logName, GrainId grainId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_logs.TryGetValue((logName, grainId), out var log) ? log.Count + 1L : 1L);
        }
    }

    public Task DeleteAsync(string logName, GrainId grainId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _logs.Remove((logName, grainId));
            return Task.CompletedTask;
        }
    }
}
