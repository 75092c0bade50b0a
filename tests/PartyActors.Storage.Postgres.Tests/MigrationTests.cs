using Npgsql;
using PartyActors.Storage.Contract;

namespace PartyActors.Storage.Postgres.Tests;

[Collection(PostgresCollection.Name)]
public sealed class MigrationTests(PostgresFixture fixture)
{
    [Fact]
    public async Task Migrating_twice_and_concurrently_applies_each_version_once()
    {
        var connectionString = await fixture.CreateDatabaseAsync("migrate");
        var first = await PostgresMigrator.MigrateAsync(connectionString, default);
        Assert.Equal(PostgresMigrator.Scripts().Select(s => s.Version), first);
        Assert.Empty(await PostgresMigrator.MigrateAsync(connectionString, default));

        var fresh = await fixture.CreateDatabaseAsync("migrate");
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostgresMigrator.MigrateAsync(fresh, default)));
        Assert.Equal(1, concurrent.Count(applied => applied.Count > 0));

        foreach (var database in new[] { connectionString, fresh })
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select version, count(*) from schema_version group by version order by version", connection);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<(int, long)>();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetInt32(0), reader.GetInt64(1)));
            }

            Assert.Equal(PostgresMigrator.Scripts().Select(s => (s.Version, 1L)), rows);
        }
    }

    [Fact]
    public async Task The_providers_migrate_an_empty_database_before_their_first_operation()
    {
        await using var providers = new Providers(await fixture.CreateDatabaseAsync("lazy"));
        var state = new StoredState<Counter>();
        await providers.Storage.ReadStateAsync("count", GrainId.Create("counter", "x"), state, default);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task A_silo_without_a_connection_string_refuses_to_start_and_says_why()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ContractSilo.StartAsync(s => s.AddPostgresGrainStorage("Default", _ => { })));

        Assert.Contains("ConnectionString is required", error.Message, StringComparison.Ordinal);
    }
}
