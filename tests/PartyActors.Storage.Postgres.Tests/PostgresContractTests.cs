using PartyActors.Storage.Contract;

namespace PartyActors.Storage.Postgres.Tests;

/// <summary>
/// Fresh, empty PostgreSQL databases for the shared contract suite, one per call, registered as the
/// silo registers <c>Storage:Provider=Postgres</c>: migrations at start-up, the group-commit store for
/// state and logs.
/// </summary>
internal static class PostgresContractStore
{
    public static async Task<Action<ISiloBuilder>> CreateAsync(PostgresFixture fixture)
    {
        var connectionString = await fixture.CreateDatabaseAsync("contract");
        return silo => silo
            .AddPostgresMigrations(connectionString)
            .AddPostgresGrainStorage(StorageSiloBuilderExtensions.DefaultStorageName, options => options.ConnectionString = connectionString);
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
public sealed class PostgresDurableGrainContractTests(PostgresFixture fixture) : DurableGrainContractTests
{
    protected override Task<Action<ISiloBuilder>> CreateStoreAsync() => PostgresContractStore.CreateAsync(fixture);
}
