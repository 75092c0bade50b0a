using PartyActors.Storage.Contract;

namespace PartyActors.Storage.Tests;

/// <summary>
/// The in-memory store (<see cref="MemoryGrainStore"/>, PartyActors.Storage) against the shared
/// contract suite: state and logs. One store per call, handed to every silo the configuration
/// builds, so what a stopped silo wrote is all the next one finds. (Reminders in memory are Orleans'
/// own <c>UseInMemoryReminderService</c>, which keeps them in a grain and does not outlive the cluster.)
/// </summary>
internal static class MemoryContractStore
{
    public static Task<Action<ISiloBuilder>> CreateAsync()
    {
        var store = new MemoryGrainStore(new JsonGrainStateSerializer(), TimeProvider.System);
        return Task.FromResult<Action<ISiloBuilder>>(silo => silo.AddMemoryGrainStore(StorageSiloBuilderExtensions.DefaultStorageName, store));
    }
}

public sealed class MemoryGrainStorageContractTests : GrainStorageContractTests
{
    protected override Task<Action<ISiloBuilder>> CreateStoreAsync() => MemoryContractStore.CreateAsync();
}

public sealed class MemoryGrainLogStorageContractTests : GrainLogStorageContractTests
{
    protected override Task<Action<ISiloBuilder>> CreateStoreAsync() => MemoryContractStore.CreateAsync();
}

public sealed class MemoryDurableGrainContractTests : DurableGrainContractTests
{
    protected override Task<Action<ISiloBuilder>> CreateStoreAsync() => MemoryContractStore.CreateAsync();
}
