using Orleans.Storage;

namespace PartyActors.Grains.Tests;

/// <summary>
/// One silo generation's view of a <see cref="MemoryGrainStore"/> that outlives it: every call
/// passes the generation's <see cref="CrashFence"/> first, and state calls the test's
/// <see cref="StoreFaults"/>.
/// </summary>
internal sealed class FencedStore(MemoryGrainStore inner, CrashFence fence, StoreFaults faults) : IGrainStorage, IGrainLogStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        fence.ThrowIfClosed();
        faults.BeforeRead(grainId);
        return inner.ReadStateAsync(stateName, grainId, grainState);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        fence.ThrowIfClosed();
        await faults.BeforeWriteAsync(grainId);

        // A write held past a crash must not land: the process that made it is gone.
        fence.ThrowIfClosed();
        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        fence.ThrowIfClosed();
        return inner.ClearStateAsync(stateName, grainId, grainState);
    }

    public Task<long> AppendAsync(string logName, GrainId grainId, IReadOnlyList<ReadOnlyMemory<byte>> entries, long? expectedNextSequence, CancellationToken cancellationToken)
    {
        fence.ThrowIfClosed();
        faults.BeforeAppend(grainId, logName);
        return inner.AppendAsync(logName, grainId, entries, expectedNextSequence, cancellationToken);
    }

    public Task<IReadOnlyList<StoredLogEntry>> ReadAsync(string logName, GrainId grainId, long fromSequence, long toSequence, CancellationToken cancellationToken)
    {
        fence.ThrowIfClosed();
        return inner.ReadAsync(logName, grainId, fromSequence, toSequence, cancellationToken);
    }

    public Task<long> GetNextSequenceAsync(string logName, GrainId grainId, CancellationToken cancellationToken)
    {
        fence.ThrowIfClosed();
        return inner.GetNextSequenceAsync(logName, grainId, cancellationToken);
    }

    public Task DeleteAsync(string logName, GrainId grainId, CancellationToken cancellationToken)
    {
        fence.ThrowIfClosed();
        return inner.DeleteAsync(logName, grainId, cancellationToken);
    }
}
