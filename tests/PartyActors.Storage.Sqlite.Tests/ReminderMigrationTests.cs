using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PartyActors.Storage.Contract;

namespace PartyActors.Storage.Sqlite.Tests;

/// <summary>
/// A database written before the move to Orleans (schema version 1, table <c>reminders</c>) is
/// upgraded in place: migration 2 moves its reminders into <c>orleans_reminders</c>, and the
/// reminder table fills in the grain hashes when it starts, so each silo finds them in its range.
/// </summary>
public sealed class ReminderMigrationTests
{
    private static readonly DateTimeOffset Daily = new(2026, 11, 22, 8, 30, 0, 123, TimeSpan.Zero);
    private static readonly DateTimeOffset Once = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Reminders_of_a_version_1_database_move_to_the_orleans_table_with_hashes_filled_in()
    {
        using var file = new TempDatabaseFile();
        var grid = GrainId.Create("grid", "g1");
        var roster = GrainId.Create("roster", "江岸区-批次-1");
        CreateVersion1(file.Path,
            ("grid", "g1", "daily", Daily, 86_400_000L, Daily.AddDays(3), 4L),
            ("grid", "g1", "expire", Once, null, null, 1L),
            ("roster", "江岸区-批次-1", "到期清理", Once, 3_600_000L, null, 2L));

        var gridHash = grid.GetUniformHashCode();
        var rosterHash = roster.GetUniformHashCode();
        await using (var store = new TestStore(file: file))
        {
            await store.Reminders.StartAsync();

            var daily = await store.Reminders.ReadRow(grid, "daily");
            Assert.NotNull(daily);
            Assert.Equal((Daily.UtcDateTime, TimeSpan.FromDays(1), "4"), (daily.StartAt, daily.Period, daily.ETag));

            // Orleans reminders always tick again: a one-shot one now comes back every minute until its grain removes it.
            var expire = await store.Reminders.ReadRow(grid, "expire");
            Assert.NotNull(expire);
            Assert.Equal((Once.UtcDateTime, TimeSpan.FromSeconds(60), "1"), (expire.StartAt, expire.Period, expire.ETag));

            var batch = Assert.Single((await store.Reminders.ReadRows(roster)).Reminders);
            Assert.Equal(("到期清理", TimeSpan.FromHours(1), "2"), (batch.ReminderName, batch.Period, batch.ETag));

            // Each grain's rows are found by the range that holds its hash, and only by it.
            Assert.Equal(["daily", "expire"], (await store.Reminders.ReadRows(gridHash - 1, gridHash)).Reminders.Select(r => r.ReminderName).Order(StringComparer.Ordinal));
            Assert.Equal([roster], (await store.Reminders.ReadRows(rosterHash - 1, rosterHash)).Reminders.Select(r => r.GrainId));
            Assert.DoesNotContain(grid, (await store.Reminders.ReadRows(gridHash, gridHash - 1)).Reminders.Select(r => r.GrainId));
            Assert.Equal(3, (await store.Reminders.ReadRows(0u, 0u)).Reminders.Count);

            // The converted rows go on from their versions.
            Assert.Equal("5", await store.Reminders.UpsertRow(daily));
            Assert.True(await store.Reminders.RemoveRow(grid, "expire", "1"));

            // Starting again finds nothing left to hash.
            await store.Reminders.StartAsync();
        }

        using var raw = Open(file.Path);
        Assert.Equal(2L, Scalar(raw, "SELECT max(version) FROM schema_version"));
        Assert.Equal(0L, Scalar(raw, "SELECT count(*) FROM sqlite_master WHERE name = 'reminders'"));
        Assert.Equal(0L, Scalar(raw, "SELECT count(*) FROM orleans_reminders WHERE grain_hash IS NULL"));
        Assert.Equal((long)gridHash, Scalar(raw, "SELECT grain_hash FROM orleans_reminders WHERE grain_id = 'grid/g1' AND name = 'daily'"));
        Assert.Equal((long)rosterHash, Scalar(raw, "SELECT grain_hash FROM orleans_reminders WHERE name = '到期清理'"));
    }

    [Fact]
    public async Task A_reminder_kept_before_the_upgrade_ticks_in_an_orleans_silo()
    {
        using var file = new TempDatabaseFile();
        var period = TimeSpan.FromMilliseconds(500);
        CreateVersion1(file.Path, ("alarm", "legacy", "beat", DateTimeOffset.UtcNow.AddSeconds(-10), (long)period.TotalMilliseconds, null, 1L));
        var probe = new ContractProbe();

        await using var silo = await ContractSilo.StartAsync(
            s => s.AddSqliteGrainStorage("Default", o => o.DataSource = file.Path).UseSqliteReminderService(o => o.DataSource = file.Path),
            s =>
            {
                s.Services.AddSingleton(probe);
                s.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = period);
            });

        await ContractSilo.EventuallyAsync(() => !probe.Ticks.IsEmpty, "the converted reminder to tick");
        Assert.Equal(("legacy", "beat"), (probe.Ticks.First().Grain, probe.Ticks.First().Reminder));
        Assert.Equal(["beat"], await silo.Grains.GetGrain<IAlarmGrain>("legacy").Reminders());
    }

    /// <summary>A database as the runtime before Orleans left it: migration 1 only, with reminder rows.</summary>
    private static void CreateVersion1(string path,
        params (string Type, string Key, string Name, DateTimeOffset FirstTick, long? PeriodMs, DateTimeOffset? LastDelivered, long Version)[] reminders)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var connection = Open(path);
        var (version, name, sql) = SqliteMigrations.All[0];
        Assert.Equal(1, version);
        Execute(connection, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        Execute(connection, sql);
        using (var record = connection.CreateCommand())
        {
            record.CommandText = "INSERT INTO schema_version (version, name, applied_at) VALUES (1, $name, $at)";
            record.Parameters.AddWithValue("$name", name);
            record.Parameters.AddWithValue("$at", SqliteTime.Format(DateTimeOffset.UtcNow));
            record.ExecuteNonQuery();
        }

        foreach (var r in reminders)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText =
                "INSERT INTO reminders (grain_type, grain_key, name, first_tick, period_ms, last_delivered, version) VALUES ($t, $k, $n, $f, $p, $l, $v)";
            insert.Parameters.AddWithValue("$t", r.Type);
            insert.Parameters.AddWithValue("$k", r.Key);
            insert.Parameters.AddWithValue("$n", r.Name);
            insert.Parameters.AddWithValue("$f", SqliteTime.Format(r.FirstTick));
            insert.Parameters.AddWithValue("$p", (object?)r.PeriodMs ?? DBNull.Value);
            insert.Parameters.AddWithValue("$l", r.LastDelivered is { } last ? SqliteTime.Format(last) : DBNull.Value);
            insert.Parameters.AddWithValue("$v", r.Version);
            insert.ExecuteNonQuery();
        }
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
