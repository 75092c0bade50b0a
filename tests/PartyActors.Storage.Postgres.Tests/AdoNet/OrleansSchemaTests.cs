using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace PartyActors.Storage.Postgres.Tests.AdoNet;

[Collection(AdoNetCollection.Name)]
public sealed class OrleansSchemaTests(AdoNetFixture fixture)
{
    /// <summary>Every key the three providers read from OrleansQuery in Orleans 10.4.2, and nothing else.</summary>
    private static readonly string[] QueryKeys =
    [
        // Clustering (CleanupDefunctSiloEntryKey is optional to Orleans; with it, cleanup spares rows changed since read).
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey",
        "UpdateIAmAlivetimeKey", "UpdateMembershipKey",
        // Reminders.
        "DeleteReminderRowKey", "DeleteReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "ReadReminderRowKey", "ReadReminderRowsKey", "UpsertReminderRowKey",
        // Grain storage (DeleteStorageKey only when DeleteStateOnClear = true).
        "ClearStorageKey", "DeleteStorageKey", "ReadFromStorageKey", "WriteToStorageKey",
    ];

    [Fact]
    public async Task Migrating_twice_applies_every_script_once_and_then_nothing()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync("schema");

        var first = await PostgresMigrator.MigrateAsync(connectionString, default);
        var second = await PostgresMigrator.MigrateAsync(connectionString, default);

        Assert.Superset(new HashSet<int> { 1, 2, 3, 4 }, first.ToHashSet());
        Assert.Equal(first.Order(), first);
        Assert.Empty(second);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var recorded = await ReadStringsAsync(connection, "select version::text from schema_version order by version");
        Assert.Equal(first.Select(v => v.ToString(CultureInfo.InvariantCulture)), recorded);
    }

    [Fact]
    public async Task The_schema_holds_the_queries_Orleans_asks_for_and_the_tables_the_service_keeps()
    {
        await using var connection = new NpgsqlConnection(await fixture.CreateMigratedDatabaseAsync("schema"));
        await connection.OpenAsync();

        // The very statement the providers run first.
        var keys = await ReadStringsAsync(connection, "SELECT QueryKey, QueryText FROM OrleansQuery");
        Assert.Equal(QueryKeys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));

        var tables = await ReadStringsAsync(connection,
            "select table_name from information_schema.tables where table_schema = 'public'");
        Assert.Superset(new HashSet<string> { "grain_state", "grain_log", "orleans_membership", "orleans_reminders", "orleans_storage" }, tables.ToHashSet());
        Assert.DoesNotContain("reminders", tables);
    }

    /// <summary>
    /// Some statements run only on paths a test cannot reach cheaply (the fallback defunct-silo
    /// cleanup, deleting a whole cluster's rows): PostgreSQL at least parses and plans each one
    /// against the schema, parameters in place, so a typo or a wrong column fails here.
    /// </summary>
    [Fact]
    public async Task Every_stored_statement_is_valid_against_the_schema()
    {
        await using var connection = new NpgsqlConnection(await fixture.CreateMigratedDatabaseAsync("schema"));
        await connection.OpenAsync();
        var statements = new List<(string Key, string Text)>();
        await using (var select = new NpgsqlCommand("select querykey, querytext from orleansquery", connection))
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                statements.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (key, text) in statements)
        {
            // PREPARE takes $1, $2...: one number per distinct parameter name, types inferred.
            var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
            var positional = Regex.Replace(text, @"@(\w+)", m => "$" + (numbers.TryGetValue(m.Groups[1].Value, out var n)
                ? n
                : numbers[m.Groups[1].Value] = numbers.Count + 1).ToString(CultureInfo.InvariantCulture));
            await using var prepare = new NpgsqlCommand($"prepare orleans_statement as {positional}", connection);
            var error = await Record.ExceptionAsync(() => prepare.ExecuteNonQueryAsync());
            Assert.True(error is null, $"{key}: {error?.Message}");
            await using var deallocate = new NpgsqlCommand("deallocate orleans_statement", connection);
            await deallocate.ExecuteNonQueryAsync();
        }
    }

    private static async Task<List<string>> ReadStringsAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
