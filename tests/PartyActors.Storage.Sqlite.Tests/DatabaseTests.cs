using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using PartyActors.Storage.Contract;

namespace PartyActors.Storage.Sqlite.Tests;

public sealed class DatabaseTests
{
    private static SqliteConnection OpenRaw(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Fact]
    public async Task Migrations_are_applied_once_however_often_the_file_is_opened()
    {
        using var file = new TempDatabaseFile();
        await using (var first = new TestStore(file: file))
        {
            await first.Storage.WriteStateAsync("s", GrainId.Create("t", "k"), new StoredState<Counter> { State = new Counter { Value = 1 } }, default);
        }

        await using (var second = new TestStore(file: file))
        {
            var read = new StoredState<Counter>();
            await second.Storage.ReadStateAsync("s", GrainId.Create("t", "k"), read, default);
            Assert.Equal(1, read.State.Value);
        }

        using (var session = new SqliteSession(OpenRaw(file.Path)))
        {
            Assert.Equal(0, SqliteMigrations.Apply(session, DateTimeOffset.UtcNow));
        }

        using var raw = OpenRaw(file.Path);
        Assert.Equal((long)SqliteMigrations.All.Count, Scalar(raw, "SELECT count(*) FROM schema_version"));
        Assert.Equal((long)SqliteMigrations.All[^1].Version, Scalar(raw, "SELECT max(version) FROM schema_version"));
    }

    [Fact]
    public async Task The_file_is_in_wal_mode_and_commits_with_the_configured_sync()
    {
        using var file = new TempDatabaseFile();
        await using (var store = new TestStore(file: file))
        {
            Assert.Equal(2L, await store.Database.ReadAsync(s => s.Command("PRAGMA synchronous").ExecuteScalar(), default));
            Assert.Equal(5000L, await store.Database.ReadAsync(s => s.Command("PRAGMA busy_timeout").ExecuteScalar(), default));
        }

        await using (var normal = new TestStore(options => options.Synchronous = SqliteSynchronous.Normal, file))
        {
            Assert.Equal(1L, await normal.Database.ReadAsync(s => s.Command("PRAGMA synchronous").ExecuteScalar(), default));
        }

        // journal_mode=WAL is recorded in the file itself.
        using var raw = OpenRaw(file.Path);
        Assert.Equal("wal", Scalar(raw, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Reads_run_beside_a_stream_of_writes_and_never_see_uncommitted_versions()
    {
        await using var store = new TestStore();
        var grain = GrainId.Create("counter", "hot");
        var writer = new StoredState<Counter>();
        await store.Storage.WriteStateAsync("count", grain, writer, default);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));

        var writes = Task.Run(async () =>
        {
            var count = 0;
            while (!stop.IsCancellationRequested)
            {
                writer.State.Value++;
                await store.Storage.WriteStateAsync("count", grain, writer, default);
                count++;
            }

            return count;
        });
        var reads = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            long last = 0;
            var count = 0;
            while (!stop.IsCancellationRequested)
            {
                var read = new StoredState<Counter>();
                await store.Storage.ReadStateAsync("count", grain, read, default);
                // Value and version move together (version = value + 1) and only forward.
                Assert.Equal(read.State.Value + 1, long.Parse(read.ETag!, System.Globalization.CultureInfo.InvariantCulture));
                Assert.True(read.State.Value >= last);
                last = read.State.Value;
                count++;
                // A read on a pooled connection runs synchronously: yield, so four readers do not
                // hold the two-core machine's pool threads away from the writer.
                await Task.Yield();
            }

            return count;
        })).ToArray();

        var written = await writes;
        var readCounts = await Task.WhenAll(reads);
        Assert.True(written > 10, $"only {written} writes");
        Assert.All(readCounts, c => Assert.True(c > 10, $"only {c} reads"));
    }

    [Fact]
    public async Task Disposal_commits_the_writes_still_queued()
    {
        using var file = new TempDatabaseFile();
        var store = new TestStore(file: file);
        var writes = Enumerable.Range(0, 200)
            .Select(i => store.Storage.WriteStateAsync("s", GrainId.Create("t", $"k{i}"), new StoredState<Counter> { State = new Counter { Value = i } }, default))
            .ToArray();
        await store.DisposeAsync();
        await Task.WhenAll(writes);

        using var raw = OpenRaw(file.Path);
        Assert.Equal(200L, Scalar(raw, "SELECT count(*) FROM grain_state"));
    }

    [Fact]
    public async Task An_unusable_path_surfaces_as_storage_unavailable()
    {
        using var file = new TempDatabaseFile();
        Directory.CreateDirectory(Path.GetDirectoryName(file.Path)!);
        await File.WriteAllTextAsync(file.Path, "not a directory");
        // The database's directory would have to be created under a regular file.
        await using var store = new TestStore(options => options.DataSource = Path.Combine(file.Path, "sub", "db.sqlite"), file);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.Storage.ReadStateAsync("s", GrainId.Create("t", "k"), new StoredState<Counter>(), default));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.Storage.WriteStateAsync("s", GrainId.Create("t", "k"), new StoredState<Counter>(), default));
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_surfaces_as_storage_unavailable()
    {
        using var file = new TempDatabaseFile();
        Directory.CreateDirectory(Path.GetDirectoryName(file.Path)!);
        await File.WriteAllBytesAsync(file.Path, [.. Enumerable.Repeat((byte)0x5A, 8192)]);
        await using var store = new TestStore(file: file);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.Logs.AppendAsync("l", GrainId.Create("t", "k"), [new byte[] { (byte)'1' }], null, default));
    }

    [Fact]
    public async Task The_silo_registration_shares_one_database_per_file_and_closes_it_with_the_silo()
    {
        using var file = new TempDatabaseFile();
        await using (var silo = await ContractSilo.StartAsync(s => s
            .AddSqliteGrainStorage("Default", options => options.DataSource = file.Path)
            .AddSqliteGrainStorage("Archive", options => { options.DataSource = file.Path; options.DeleteStateOnClear = false; })
            .UseSqliteReminderService(options => options.DataSource = file.Path)))
        {
            var services = silo.Services;
            var storage = Assert.IsType<SqliteGrainStorage>(services.GetRequiredKeyedService<IGrainStorage>("Default"));
            Assert.Same(storage, services.GetRequiredService<IGrainStorage>());
            var archive = services.GetRequiredKeyedService<IGrainStorage>("Archive");
            var logs = Assert.IsType<SqliteGrainLogStorage>(services.GetRequiredKeyedService<IGrainLogStorage>("Default"));
            Assert.Same(logs, services.GetRequiredService<IGrainLogStorage>());
            var reminders = Assert.IsType<SqliteReminderTable>(services.GetRequiredService<IReminderTable>());
            var registry = services.GetRequiredService<SqliteDatabaseRegistry>();
            Assert.Same(registry.Get(new SqliteStorageOptions { DataSource = file.Path }), registry.Get(new SqliteStorageOptions { DataSource = Path.GetRelativePath(Environment.CurrentDirectory, file.Path) }));

            var state = new StoredState<Counter> { State = new Counter { Value = 3 } };
            await storage.WriteStateAsync("s", GrainId.Create("t", "k"), state);
            await archive.ClearStateAsync("s", GrainId.Create("t", "k"), state);
            Assert.Equal("2", state.ETag); // the archive keeps rows on clear
            await logs.AppendAsync("l", GrainId.Create("t", "k"), [new byte[] { (byte)'1' }], 1, default);
            await reminders.UpsertRow(new ReminderEntry { GrainId = GrainId.Create("t", "k"), ReminderName = "r", StartAt = DateTime.UnixEpoch, Period = TimeSpan.FromMinutes(1) });
        }

        // The silo is gone: its connections are closed, and every acknowledged write is in the file.
        using var raw = OpenRaw(file.Path);
        Assert.Equal(1L, Scalar(raw, "SELECT count(*) FROM orleans_reminders"));
        Assert.Equal(1L, Scalar(raw, "SELECT count(*) FROM grain_state WHERE payload IS NULL AND version = 2"));
        Assert.Equal(1L, Scalar(raw, "SELECT count(*) FROM grain_log"));
    }
}
