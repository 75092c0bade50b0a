namespace PartyActors.Storage.Sqlite.Tests;

/// <summary>A fresh database file in its own temporary directory, deleted (with its WAL) after the test.</summary>
internal sealed class TempDatabaseFile : IDisposable
{
    private readonly string _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "partyactors-sqlite-tests", Guid.NewGuid().ToString("N"));

    public TempDatabaseFile() => Path = System.IO.Path.Combine(_directory, "test.db");

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Never created: the test failed before opening the store.
        }
    }
}

/// <summary>
/// The providers over one fresh database file, built as <c>AddSqliteGrainStorage</c> and
/// <c>UseSqliteReminderService</c> build them but without a silo: for the tests of this store's own
/// behaviour (ETag format, batching, files). The contract suite runs the same providers in a silo.
/// </summary>
internal sealed class TestStore : IAsyncDisposable
{
    private readonly TempDatabaseFile _file;
    private readonly bool _ownsFile;

    public TestStore(Action<SqliteStorageOptions>? configure = null, TempDatabaseFile? file = null)
    {
        _ownsFile = file is null;
        _file = file ?? new TempDatabaseFile();
        Options = new SqliteStorageOptions { DataSource = _file.Path };
        configure?.Invoke(Options);
        Registry = new SqliteDatabaseRegistry(TimeProvider.System);
        Database = Registry.Get(Options);
        Storage = new SqliteGrainStorage(Database, new JsonGrainStateSerializer(), Options.DeleteStateOnClear);
        Logs = new SqliteGrainLogStorage(Database);
        Reminders = new SqliteReminderTable(Database);
    }

    public string Path => _file.Path;

    public SqliteStorageOptions Options { get; }

    public SqliteDatabaseRegistry Registry { get; }

    public SqliteDatabase Database { get; }

    public SqliteGrainStorage Storage { get; }

    public SqliteGrainLogStorage Logs { get; }

    public SqliteReminderTable Reminders { get; }

    public async ValueTask DisposeAsync()
    {
        await Registry.DisposeAsync();
        if (_ownsFile)
        {
            _file.Dispose();
        }
    }
}

public sealed class Counter
{
    public long Value { get; set; }

    public string? Note { get; set; }
}
