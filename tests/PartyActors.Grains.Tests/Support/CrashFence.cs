namespace PartyActors.Grains.Tests;

/// <summary>
/// Stands for one generation of silo processes: when the test "crashes" them, the fence closes
/// first, so nothing the dying silos still try to read or write reaches the store, as nothing
/// reaches a disk from a killed process. Each generation of silos gets a new, open fence.
/// </summary>
internal sealed class CrashFence
{
    private volatile bool _closed;

    public void Close() => _closed = true;

    public void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new StorageUnavailableException("The silo using this store has crashed.");
        }
    }
}
