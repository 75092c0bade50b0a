using System.Collections.Concurrent;

namespace PartyActors.Grains.Tests;

/// <summary>
/// Makes the shared store fail for chosen grains while the silos live, as a database does when it
/// refuses connections (the end-to-end test met it right after a restart) or stops answering in the
/// middle of a commit. A refused call throws <see cref="StorageUnavailableException"/>, as the
/// PostgreSQL store does; a held write waits until the test lets it go on or fail. Other grains
/// are not touched, so a test decides exactly which organization meets the outage.
/// </summary>
internal sealed class StoreFaults
{
    private readonly ConcurrentDictionary<GrainId, Refusal> _refused = new();
    private readonly ConcurrentDictionary<GrainId, WriteHold> _held = new();
    private readonly ConcurrentDictionary<(GrainId, string), bool> _refusedLogs = new();

    /// <summary>Refuses appends to one log of the grain (its state and other logs still write) until <see cref="RestoreLog"/>.</summary>
    public void RefuseLog(GrainId grainId, string logName) => _refusedLogs[(grainId, logName)] = true;

    public void RestoreLog(GrainId grainId, string logName) => _refusedLogs.TryRemove((grainId, logName), out _);

    internal void BeforeAppend(GrainId grainId, string logName)
    {
        if (_refusedLogs.ContainsKey((grainId, logName)))
        {
            throw Unavailable(grainId);
        }
    }

    /// <summary>Refuses the organization's writes (and, with <paramref name="reads"/>, its reads) until <see cref="Restore(string)"/>.</summary>
    public Refusal Refuse(string orgId, bool reads = false) => Refuse(Organization(orgId), reads);

    /// <summary>Refuses the grain's writes (and, with <paramref name="reads"/>, its reads) until <see cref="Restore(GrainId)"/>.</summary>
    public Refusal Refuse(GrainId grainId, bool reads = false) => _refused[grainId] = new Refusal(reads);

    public void Restore(string orgId) => Restore(Organization(orgId));

    public void Restore(GrainId grainId) => _refused.TryRemove(grainId, out _);

    /// <summary>Holds the organization's next write: it neither lands nor fails until the test says.</summary>
    public WriteHold HoldNextWrite(string orgId) => HoldNextWrite(Organization(orgId));

    /// <summary>Holds the grain's next write: it neither lands nor fails until the test says.</summary>
    public WriteHold HoldNextWrite(GrainId grainId) => _held[grainId] = new WriteHold();

    internal void BeforeRead(GrainId grainId)
    {
        if (_refused.TryGetValue(grainId, out var refusal) && refusal.Reads)
        {
            refusal.Count();
            throw Unavailable(grainId);
        }
    }

    internal async Task BeforeWriteAsync(GrainId grainId)
    {
        if (_held.TryRemove(grainId, out var hold))
        {
            await hold.WaitAsync();
        }

        if (_refused.TryGetValue(grainId, out var refusal))
        {
            refusal.Count();
            throw Unavailable(grainId);
        }
    }

    private static GrainId Organization(string orgId) => GrainId.Create("organization", orgId);

    private static StorageUnavailableException Unavailable(GrainId grainId) => new($"The store refused {grainId} (a test outage).");

    /// <summary>One outage: how many calls it refused so far.</summary>
    internal sealed class Refusal(bool reads)
    {
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Reads { get; } = reads;

        /// <summary>Completes when the first call has been refused.</summary>
        public Task FirstRefused => _first.Task;

        public void Count() => _first.TrySetResult();
    }

    /// <summary>A write waiting for the test.</summary>
    internal sealed class WriteHold
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the write has started and is waiting.</summary>
        public Task Reached => _reached.Task;

        /// <summary>Lets the write go on to the store.</summary>
        public void Release() => _release.TrySetResult();

        /// <summary>Fails the write with <see cref="StorageUnavailableException"/>: it never lands.</summary>
        public void Fail() => _release.TrySetException(new StorageUnavailableException("The store stopped answering during the write (a test outage)."));

        public Task WaitAsync()
        {
            _reached.TrySetResult();
            return _release.Task;
        }
    }
}
