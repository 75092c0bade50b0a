using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartyActors.Storage.Contract;

namespace PartyActors.Runtime.Tests;

/// <summary>The in-memory store against the shared storage contract (tests/Shared/StorageContract).</summary>
internal static class MemoryStore
{
    /// <summary>One set of memory stores, shared by every silo the configuration builds, as a durable store would be.</summary>
    public static Task<Action<ISiloBuilder>> CreateAsync()
    {
        var state = new MemoryGrainStorage(new GrainStateSerializer(Options.Create(new GrainStateSerializerOptions())));
        var log = new MemoryGrainLogStorage(TimeProvider.System);
        var reminders = new MemoryReminderTable();
        return Task.FromResult<Action<ISiloBuilder>>(silo =>
        {
            silo.Services.AddKeyedSingleton<IGrainStorage>(PersistentStateAttribute.DefaultStorageName, state);
            silo.Services.AddKeyedSingleton<IGrainLogStorage>(PersistentStateAttribute.DefaultStorageName, log);
            silo.Services.AddSingleton<IReminderTable>(reminders);
        });
    }
}

public sealed class MemoryGrainStorageContractTests : GrainStorageContractTests
{
    protected override Task<Action<ISiloBuilder>> CreateStoreAsync() => MemoryStore.CreateAsync();
}

public sealed class MemoryGrainLogStorageContractTests : GrainLogStorageContractTests
{
    protected override Task<Action<ISiloBuilder>> CreateStoreAsync() => MemoryStore.CreateAsync();
}

public sealed class MemoryReminderTableContractTests : ReminderTableContractTests
{
    protected override Task<Action<ISiloBuilder>> CreateStoreAsync() => MemoryStore.CreateAsync();
}

public sealed class MemoryDurableGrainContractTests : DurableGrainContractTests
{
    protected override Task<Action<ISiloBuilder>> CreateStoreAsync() => MemoryStore.CreateAsync();
}
