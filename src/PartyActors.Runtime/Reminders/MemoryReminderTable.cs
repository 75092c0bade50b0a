using System.Globalization;

namespace PartyActors.Runtime;

/// <summary>Reminders kept in process memory, for tests and demos, with the durable tables' rules.</summary>
public sealed class MemoryReminderTable : IReminderTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(GrainId GrainId, string Name), ReminderEntry> _rows = [];
    private long _version;

    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ReminderEntry>>([.. _rows.Values]);
        }
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ReminderEntry>>([.. _rows.Values.Where(r => r.GrainId == grainId)]);
        }
    }

    public Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_rows.GetValueOrDefault((grainId, name)));
        }
    }

    public Task<string?> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            var key = (entry.GrainId, entry.Name);
            if (entry.ETag is not null && (!_rows.TryGetValue(key, out var stored) || stored.ETag != entry.ETag))
            {
                return Task.FromResult<string?>(null);
            }

            var etag = (++_version).ToString(CultureInfo.InvariantCulture);
            _rows[key] = entry with { ETag = etag };
            return Task.FromResult<string?>(etag);
        }
    }

    public Task<bool> RemoveRowAsync(GrainId grainId, string name, string? etag, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_rows.TryGetValue((grainId, name), out var stored) || (etag is not null && stored.ETag != etag))
            {
                return Task.FromResult(false);
            }

            return Task.FromResult(_rows.Remove((grainId, name)));
        }
    }
}
