using PartyActors.Runtime;
using PartyActors.Storage.Contract;

namespace PartyActors.Storage.Postgres.Tests;

/// <summary>Fresh, empty PostgreSQL stores for the shared contract suite: a new database per call.</summary>
internal static class PostgresContractStore
{
    public static async Task<Action<ISiloBuilder>> CreateAsync(PostgresFixture fixture)
    {
        var connectionString = await fixture.CreateDatabaseAsync("contract");
        return silo => silo
            .AddPostgresGrainStorage(PersistentStateAttribute.DefaultStorageName, options => options.ConnectionString = connectionString)
            .AddPostgresReminders(options => options.ConnectionString = connectionString);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageContractTests(PostgresFixture fixture) : GrainStorageContractTests
{
    protected override Task<Action<ISiloBuilder>> CreateStoreAsync() => PostgresContractStore.CreateAsync(fixture);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainLogStorageContractTests(PostgresFixture fixture) : GrainLogStorageContractTests
{
    protected override Task<Action<ISiloBuilder>> CreateStoreAsync() => PostgresContractStore.CreateAsync(fixture);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresReminderTableContractTests(PostgresFixture fixture) : ReminderTableContractTests
{
    protected override Task<Action<ISiloBuilder>> CreateStoreAsync() => PostgresContractStore.CreateAsync(fixture);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresDurableGrainContractTests(PostgresFixture fixture) : DurableGrainContractTests
{
    protected override Task<Action<ISiloBuilder>> CreateStoreAsync() => PostgresContractStore.CreateAsync(fixture);
}
