using PartyActors.Storage.Contract;

namespace PartyActors.Storage.Sqlite.Tests;

/// <summary>
/// Fresh, empty SQLite stores for the shared contract suite: a new file per call, registered as a
/// silo registers it (state, logs and reminders in one file) and reused by every silo the returned
/// configuration builds, so it survives their restarts. The files are deleted when xunit disposes
/// the test class instance.
/// </summary>
internal sealed class SqliteContractStore : IDisposable
{
    private readonly List<TempDatabaseFile> _files = [];

    public Task<Action<ISiloBuilder>> Create()
    {
        var file = new TempDatabaseFile();
        _files.Add(file);
        return Task.FromResult<Action<ISiloBuilder>>(silo => silo
            .AddSqliteGrainStorage(StorageSiloBuilderExtensions.DefaultStorageName, options => options.DataSource = file.Path)
            .UseSqliteReminderService(options => options.DataSource = file.Path));
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }
    }
}

public sealed class SqliteGrainStorageContractTests : GrainStorageContractTests, IDisposable
{
    private readonly SqliteContractStore _store = new();

    protected override Task<Action<ISiloBuilder>> CreateStoreAsync() => _store.Create();

    public void Dispose() => _store.Dispose();
}

public sealed class SqliteGrainLogStorageContractTests : GrainLogStorageContractTests, IDisposable
{
    private readonly SqliteContractStore _store = new();

    protected override Task<Action<ISiloBuilder>> CreateStoreAsync() => _store.Create();

    public void Dispose() => _store.Dispose();
}

public sealed class SqliteReminderTableContractTests : ReminderTableContractTests, IDisposable
{
    private readonly SqliteContractStore _store = new();

    protected override Task<Action<ISiloBuilder>> CreateStoreAsync() => _store.Create();

    public void Dispose() => _store.Dispose();
}

public sealed class SqliteDurableGrainContractTests : DurableGrainContractTests, IDisposable
{
    private readonly SqliteContractStore _store = new();

    protected override Task<Action<ISiloBuilder>> CreateStoreAsync() => _store.Create();

    public void Dispose() => _store.Dispose();
}

public sealed class SqliteDurableReminderContractTests : DurableReminderContractTests, IDisposable
{
    private readonly SqliteContractStore _store = new();

    protected override Task<Action<ISiloBuilder>> CreateStoreAsync() => _store.Create();

    public void Dispose() => _store.Dispose();
}
