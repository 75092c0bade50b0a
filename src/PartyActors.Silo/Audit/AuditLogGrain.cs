using System.Collections.Immutable;

namespace PartyActors.Silo.Audit;

/// <summary>
/// An audit trail on a grain log. Reentrant so that writes arriving together share one append (one
/// commit): the first caller appends what has queued up and keeps going while more arrives; the
/// others wait for the batch that carries their entry. The log has one writer, this activation.
/// </summary>
[GrainType("auditlog")]
[Reentrant]
internal sealed class AuditLogGrain([PersistentLog("audit")] IGrainLog<AuditEntry> log) : Grain, IAuditLogGrain
{
    /// <summary>Entries read from the store per step when scanning back for a query.</summary>
    private const int ReadChunk = 256;

    private List<AuditEntry> _queued = [];
    private TaskCompletionSource? _queuedDone;
    private bool _appending;

    public async Task Record(AuditEntry entry)
    {
        _queued.Add(entry);
        var mine = _queuedDone ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_appending)
        {
            _appending = true;
            try
            {
                while (_queued.Count > 0)
                {
                    var batch = _queued;
                    var done = _queuedDone!;
                    _queued = [];
                    _queuedDone = null;
                    try
                    {
                        await log.AppendAsync(batch);
                        done.SetResult();
                    }
                    catch (Exception exception)
                    {
                        done.SetException(exception);
                    }
                }
            }
            finally
            {
                _appending = false;
            }
        }

        await mine.Task;
    }

    public async Task<ImmutableArray<AuditEntry>> Read(AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var found = ImmutableArray.CreateBuilder<AuditEntry>();
        var end = log.NextSequence;
        while (end > 1 && found.Count < query.Limit)
        {
            var start = Math.Max(1, end - ReadChunk);
            var chunk = await log.ReadAsync(start, end);
            for (var i = chunk.Count - 1; i >= 0 && found.Count < query.Limit; i--)
            {
                var entry = chunk[i].Entry;
                if (query.From is { } from && entry.At < from)
                {
                    // Entries are appended in time order: everything further back is older still.
                    return found.ToImmutable();
                }

                if (query.To is not { } to || entry.At < to)
                {
                    found.Add(entry);
                }
            }

            end = start;
        }

        return found.ToImmutable();
    }
}
