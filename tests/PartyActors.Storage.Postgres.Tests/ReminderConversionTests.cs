using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PartyActors.Storage.Contract;

namespace PartyActors.Storage.Postgres.Tests;

/// <summary>An upgrade from the previous runtime keeps its reminders: they move into Orleans' table and fire.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReminderConversionTests(PostgresFixture fixture)
{
    [Fact]
    public async Task Reminders_of_the_previous_runtime_move_to_orleans_at_start_and_fire()
    {
        var connectionString = await fixture.CreateDatabaseAsync("upgrade");

        // The database as the previous release left it: migration 0001, and a reminder in its table
        // (an expiry, as a roster batch keeps one) due a few seconds after the silo starts.
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, "create table schema_version (version integer primary key, applied_at timestamptz not null default now())");
            await ExecuteAsync(connection, PostgresMigrator.Scripts().Single(s => s.Version == 1).Sql);
            await ExecuteAsync(connection, "insert into schema_version (version) values (1)");
            await ExecuteAsync(connection,
                "insert into reminders (grain_type, grain_key, name, first_tick, period_ms, last_delivered, version) " +
                "values ('alarm', 'upgraded', 'expire', now() + interval '8 seconds', 60000, null, 1)");
        }

        var probe = new ContractProbe();
        await using (var silo = await ContractSilo.StartAsync(
            store => store
                .AddPostgresMigrations(connectionString)
                .AddPostgresGrainStorage(StorageSiloBuilderExtensions.DefaultStorageName, o => o.ConnectionString = connectionString)
                .UsePostgresReminderService(connectionString),
            silo => silo.Services.AddSingleton(probe)))
        {
            // Nothing calls the grain: only the converted reminder can activate it.
            await ContractSilo.EventuallyAsync(() => probe.Ticks.Any(t => t is { Grain: "upgraded", Reminder: "expire" }),
                "the converted reminder fires", TimeSpan.FromSeconds(90));
            Assert.Equal(["expire"], await silo.Grains.GetGrain<IAlarmGrain>("upgraded").Reminders());
        }

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var old = new NpgsqlCommand("select to_regclass('reminders_before_orleans') is null and to_regclass('reminders') is null", connection);
            Assert.True((bool)(await old.ExecuteScalarAsync())!, "The previous runtime's table is gone.");
            await using var moved = new NpgsqlCommand("select service_id, grain_id, period_ms from orleans_reminders", connection);
            await using var reader = await moved.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(("contract", "alarm/upgraded", 60_000L), (reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
            Assert.False(await reader.ReadAsync());
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
