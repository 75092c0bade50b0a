using System.Globalization;

namespace PartyActors.Grains.Tests;

/// <summary>
/// Reminders kept in the test process so that they outlive the silos of a test, as a database's
/// table would: <see cref="For"/> gives each silo generation its view behind its
/// <see cref="CrashFence"/>. Range reads follow Orleans' ring: (begin, end], wrapping when begin ≥ end.
/// </summary>
internal sealed class SharedReminderTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(GrainId GrainId, string Name), ReminderEntry> _rows = [];
    private long _etag;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _rows.Count;
            }
        }
    }

    public IReminderTable For(CrashFence fence) => new View(this, fence);

    private static ReminderEntry Copy(ReminderEntry e) => new()
    {
        GrainId = e.GrainId,
        ReminderName = e.ReminderName,
        StartAt = e.StartAt,
        Period = e.Period,
        ETag = e.ETag,
    };

    private ReminderTableData Select(Func<ReminderEntry, bool> predicate)
    {
        lock (_lock)
        {
            return new ReminderTableData(_rows.Values.Where(predicate).Select(Copy).ToList());
        }
    }

    private sealed class View(SharedReminderTable table, CrashFence fence) : IReminderTable
    {
        public Task<ReminderTableData> ReadRows(GrainId grainId)
        {
            fence.ThrowIfClosed();
            return Task.FromResult(table.Select(e => e.GrainId == grainId));
        }

        public Task<ReminderTableData> ReadRows(uint begin, uint end)
        {
            fence.ThrowIfClosed();
            return Task.FromResult(table.Select(e =>
            {
                var hash = e.GrainId.GetUniformHashCode();
                return begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;
            }));
        }

        public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
        {
            fence.ThrowIfClosed();
            lock (table._lock)
            {
                return Task.FromResult<ReminderEntry?>(table._rows.TryGetValue((grainId, reminderName), out var row) ? Copy(row) : null);
            }
        }

        public Task<string?> UpsertRow(ReminderEntry entry)
        {
            fence.ThrowIfClosed();
            lock (table._lock)
            {
                var etag = (++table._etag).ToString(CultureInfo.InvariantCulture);
                var row = Copy(entry);
                row.ETag = etag;
                table._rows[(entry.GrainId, entry.ReminderName)] = row;
                return Task.FromResult<string?>(etag);
            }
        }

        public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
        {
            fence.ThrowIfClosed();
            lock (table._lock)
            {
                var removed = table._rows.TryGetValue((grainId, reminderName), out var row) && row.ETag == eTag && table._rows.Remove((grainId, reminderName));
                return Task.FromResult(removed);
            }
        }

        public Task TestOnlyClearTable()
        {
            lock (table._lock)
            {
                table._rows.Clear();
            }

            return Task.CompletedTask;
        }
    }
}
