using System.Globalization;
using Orleans.Storage;

namespace PartyActors.Storage;

/// <summary>
/// Grain state and grain logs kept in process memory: for tests, and for <c>Storage:Provider=Memory</c>
/// demos (refused in Production). Not durable, but it keeps the durable stores' rules (ETags, log
/// sequences) and stores JSON copies, so a grain that changes its state without writing behaves as
/// against a real store. One instance can outlive the silos of a test cluster: what a "crashed"
/// silo had written is all the next one finds.
/// </summary>
public sealed class MemoryGrainStore(JsonGrainStateSerializer serializer, TimeProvider timeProvider) : IGrainStorage, IGrainLogStorage
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string StateName, GrainId GrainId), (byte[] Json, long Version)> _records = [];
    private readonly Dictionary<(string LogName, GrainId GrainId), List<StoredLogEntry>> _logs = [];

    /// <summary>Number of stored state records, for tests.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _records.Count;
            }
        }
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        (byte[] Json, long Version) record;
        bool found;
        lock (_lock)
        {
            found = _records.TryGetValue((stateName, grainId), out record);
        }

        grainState.State = found ? serializer.Deserialize<T>(record.Json) : JsonGrainStateSerializer.CreateEmpty<T>();
        grainState.ETag = found ? record.Version.ToString(CultureInfo.InvariantCulture) : null;
        grainState.RecordExists = found;
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var json = serializer.SerializeToUtf8Bytes(grainState.State);
        long version;
        lock (_lock)
        {
            if (Conflict(stateName, grainId, grainState.ETag, out var stored) is { } conflict)
            {
                return Task.FromException(conflict);
            }

            version = stored + 1;
            _records[(stateName, grainId)] = (json, version);
        }

        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        lock (_lock)
        {
            if (Conflict(stateName, grainId, grainState.ETag, out _) is { } conflict)
            {
                return Task.FromException(conflict);
            }

            _records.Remove((stateName, grainId));
        }

        grainState.State = JsonGrainStateSerializer.CreateEmpty<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

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
                    $"Log '{logName}' of {grainId}: the next sequence is {next}, the writer expected {expected}.",
                    next.ToString(CultureInfo.InvariantCulture), expected.ToString(CultureInfo.InvariantCulture), null));
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

    /// <summary>The conflict when the writer did not read the stored version, else null with that version. Lock held.</summary>
    private InconsistentStateException? Conflict(string stateName, GrainId grainId, string? etag, out long version)
    {
        version = _records.TryGetValue((stateName, grainId), out var record) ? record.Version : 0;
        var stored = version == 0 ? null : version.ToString(CultureInfo.InvariantCulture);
        return string.Equals(stored, etag, StringComparison.Ordinal)
            ? null
            : new InconsistentStateException(
                $"State '{stateName}' of {grainId}: the store holds version {stored ?? "none"}, the writer read {etag ?? "none"}.", stored, etag, null);
    }
}
