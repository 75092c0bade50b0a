using System.Diagnostics.Metrics;
using System.Threading.Channels;

namespace PartyActors.Storage;

/// <summary>
/// Gathers concurrent operations into batches so that a store commits many grains' writes in one
/// round trip and one transaction (one fsync) instead of one each. A batch closes when it holds
/// <see cref="GroupCommitOptions.MaxBatchSize"/> operations, or <see cref="GroupCommitOptions.MaxDelay"/>
/// after its first one arrived, whichever is first; with no concurrency it commits at once, so a
/// lone writer pays no delay. Up to <see cref="GroupCommitOptions.MaxConcurrentCommits"/> commits
/// run at once (one by default): while they run, the next batch fills. Concurrent batches never hold
/// two operations of one grain that depend on each other, since a grain awaits each of its writes.
/// The commit function must complete every operation of its batch (each one's own success or
/// failure), so that one bad row does not fail the others.
/// </summary>
public sealed class GroupCommitQueue<TOperation> : IAsyncDisposable
    where TOperation : IGroupCommitOperation
{
    private readonly Channel<TOperation> _queue = Channel.CreateUnbounded<TOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<IReadOnlyList<TOperation>, CancellationToken, Task> _commit;
    private readonly GroupCommitOptions _options;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Histogram<int> _batchSize;
    private readonly KeyValuePair<string, object?> _queueTag;
    private readonly Task _loop;

    /// <param name="commit">Commits one batch, completing each of its operations.</param>
    /// <param name="options">Batch limits.</param>
    /// <param name="timeProvider">The clock for the batching delay.</param>
    /// <param name="name">Names the queue in the batch-size metric (for example "postgres.state").</param>
    /// <param name="meters">
    /// The host's meter factory: the metric then belongs to this host alone, and another host in the
    /// same process (tests, benchmarks) does not export it too. Without one, the queue has its own meter.
    /// </param>
    public GroupCommitQueue(Func<IReadOnlyList<TOperation>, CancellationToken, Task> commit, GroupCommitOptions options,
        TimeProvider? timeProvider = null, string name = "default", IMeterFactory? meters = null)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _commit = commit;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _ownsMeter = meters is null;
        _meter = meters?.Create("PartyActors.Storage") ?? new Meter("PartyActors.Storage");
        _batchSize = _meter.CreateHistogram<int>("partyactors.storage.batch_size", "{operation}", "Operations committed together in one transaction.");
        _queueTag = new KeyValuePair<string, object?>("queue", name);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues an operation; the caller awaits the operation's own completion.</summary>
    public void Enqueue(TOperation operation)
    {
        if (!_queue.Writer.TryWrite(operation))
        {
            operation.Fail(new ObjectDisposedException(nameof(GroupCommitQueue<>), "The store is shutting down."));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        using var slots = new SemaphoreSlim(_options.MaxConcurrentCommits);
        var running = new HashSet<Task>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            // Take a commit slot before the batch: while every slot is busy, the batch keeps filling.
            await slots.WaitAsync().ConfigureAwait(false);
            running.RemoveWhere(task => task.IsCompleted);
            var batch = new List<TOperation>(Math.Min(_options.MaxBatchSize, 64));
            while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var operation))
            {
                batch.Add(operation);
            }

            // Several arrived together, so more writers are probably on their way: give them one
            // short wait to join this batch. A lone operation is committed at once. Beyond this,
            // batching comes by itself: what arrives while a commit runs forms the next batch.
            if (batch.Count > 1 && batch.Count < _options.MaxBatchSize && _options.MaxDelay > TimeSpan.Zero)
            {
                await Task.Delay(_options.MaxDelay, _time).ConfigureAwait(false);
                while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var late))
                {
                    batch.Add(late);
                }
            }

            _batchSize.Record(batch.Count, _queueTag);
            var commit = CommitAsync(batch, slots);
            if (_options.MaxConcurrentCommits == 1)
            {
                await commit.ConfigureAwait(false);
            }
            else
            {
                running.Add(commit);
            }
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task CommitAsync(List<TOperation> batch, SemaphoreSlim slots)
    {
        try
        {
            await _commit(batch, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // The commit failed as a whole (for example the connection dropped): every
            // operation it had not completed fails with that error.
            foreach (var operation in batch)
            {
                operation.Fail(exception);
            }
        }
        finally
        {
            slots.Release();
        }
    }
}
