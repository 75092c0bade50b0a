using Microsoft.Extensions.DependencyInjection;
using PartyActors.Storage.Contract;

namespace PartyActors.Storage.Postgres.Tests.AdoNet;

/// <summary>
/// Fresh, empty PostgreSQL databases for the shared contract suite, one per call, registered as the
/// silo registers <c>Storage:Provider=AdoNet</c>: migrations at start-up (the project's tables and
/// Orleans' ADO.NET ones), Orleans' ADO.NET grain storage for state, the group-commit store for logs,
/// and Orleans' ADO.NET reminder table.
/// </summary>
internal static class AdoNetContractStore
{
    private const string Logs = "Logs";

    public static async Task<Action<ISiloBuilder>> CreateAsync(PostgresFixture fixture)
    {
        var connectionString = await fixture.CreateDatabaseAsync("adonet");
        return silo =>
        {
            silo.AddPostgresMigrations(connectionString);
            silo.AddPostgresGrainStorage(Logs, options => options.ConnectionString = connectionString);
            silo.Services.AddGrainLogStorage(StorageSiloBuilderExtensions.DefaultStorageName, (sp, _) => sp.GetRequiredKeyedService<IGrainLogStorage>(Logs));
            silo.AddAdoNetPostgresGrainStorage(StorageSiloBuilderExtensions.DefaultStorageName, connectionString);
            silo.UsePostgresReminderService(connectionString);
        };
    }
}

[Collection(PostgresCollection.Name)]
public sealed class AdoNetGrainStorageContractTests(PostgresFixture fixture) : GrainStorageContractTests
{
    protected override Task<Action<ISiloBuilder>> CreateStoreAsync() => AdoNetContractStore.CreateAsync(fixture);
}

[Collection(PostgresCollection.Name)]
public sealed class AdoNetReminderTableContractTests(PostgresFixture fixture) : ReminderTableContractTests
{
    protected override Task<Action<ISiloBuilder>> CreateStoreAsync() => AdoNetContractStore.CreateAsync(fixture);
}

[Collection(PostgresCollection.Name)]
public sealed class AdoNetDurableGrainContractTests(PostgresFixture fixture) : DurableGrainContractTests
{
    protected override Task<Action<ISiloBuilder>> CreateStoreAsync() => AdoNetContractStore.CreateAsync(fixture);
}

[Collection(PostgresCollection.Name)]
public sealed class AdoNetDurableReminderContractTests(PostgresFixture fixture) : DurableReminderContractTests
{
    protected override Task<Action<ISiloBuilder>> CreateStoreAsync() => AdoNetContractStore.CreateAsync(fixture);
}
