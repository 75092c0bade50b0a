using Npgsql;
using Orleans.Storage;
using PartyActors.Storage.Postgres.Testing;

namespace PartyActors.Storage.Postgres.Tests;

/// <summary>One throwaway PostgreSQL server for the whole test run; each test class makes its own database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    internal PostgresServer Server => _server ?? throw new InvalidOperationException("The server did not start.");

    public async Task InitializeAsync() => _server = await PostgresServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>
    /// A fresh, empty database. Its sessions run in China's time zone (UTC+8), as the service's
    /// would, so that a time stored and read back shifted by the session's zone shows up as a failure.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string prefix) =>
        new NpgsqlConnectionStringBuilder(await Server.CreateDatabaseAsync(prefix)) { Timezone = "Asia/Shanghai" }.ConnectionString;
}

/// <summary>Every class that uses the server joins this collection, so one server serves them all.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}

/// <summary>
/// The group-commit providers of one database, built as <c>AddPostgresGrainStorage</c> builds them
/// but without a silo: for the tests of this store's own behaviour (ETag format, batching,
/// outages). The contract suite runs the same providers in a silo.
/// </summary>
internal sealed class Providers : IAsyncDisposable
{
    private readonly PostgresStore _store;
    private readonly PostgresGrainStorage _storage;
    private readonly PostgresGrainLogStorage _log;

    public Providers(string connectionString, Action<PostgresStorageOptions>? configure = null)
    {
        var options = new PostgresStorageOptions { ConnectionString = connectionString };
        configure?.Invoke(options);
        _store = new PostgresStore(StorageSiloBuilderExtensions.DefaultStorageName, options, TimeProvider.System);
        _storage = new PostgresGrainStorage(_store, new JsonGrainStateSerializer(), TimeProvider.System);
        _log = new PostgresGrainLogStorage(_store, TimeProvider.System);
    }

    public IGrainStorage Storage => _storage;

    public IGrainLogStorage Log => _log;

    public async ValueTask DisposeAsync()
    {
        // As the silo's container does: the queues first (they flush), then the pool.
        await _storage.DisposeAsync();
        await _log.DisposeAsync();
        await _store.DisposeAsync();
    }
}

public sealed class Counter
{
    public long Value { get; set; }

    public string? Note { get; set; }
}
