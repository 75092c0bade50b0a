using Microsoft.Extensions.Hosting;
using Npgsql;
using PartyActors.Storage.Postgres.Testing;

namespace PartyActors.Storage.Postgres.Tests.AdoNet;

/// <summary>
/// One throwaway PostgreSQL server for the tests of Orleans' ADO.NET providers on our schema, and
/// one silo on a migrated database that the reminder and grain storage tests share (a silo start is
/// the slow part). The clustering tests start silos of their own.
/// </summary>
public sealed class AdoNetFixture : IAsyncLifetime
{
    private PostgresServer? _server;
    private Task<IHost>? _sharedSilo;

    internal PostgresServer Server => _server ?? throw new InvalidOperationException("The server did not start.");

    public async Task InitializeAsync() => _server = await PostgresServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        if (_sharedSilo is { IsCompletedSuccessfully: true })
        {
            await AdoNetSilo.StopAsync(_sharedSilo.Result);
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>
    /// A fresh database with every migration applied. Its sessions run in China's time zone
    /// (UTC+8), so that a time Orleans stores and reads back shifted by the session's zone (a
    /// heartbeat, a reminder's start) shows up as a failure.
    /// </summary>
    public async Task<string> CreateMigratedDatabaseAsync(string prefix)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await Server.CreateDatabaseAsync(prefix))
        {
            Timezone = "Asia/Shanghai",
        }.ConnectionString;
        await PostgresMigrator.MigrateAsync(connectionString, default);
        return connectionString;
    }

    /// <summary>The silo the reminder and storage tests share, started on first use.</summary>
    public Task<IHost> SharedSiloAsync()
    {
        // Tests of one collection run one at a time, so a plain field is enough.
        return _sharedSilo ??= StartSharedSiloAsync();

        async Task<IHost> StartSharedSiloAsync() =>
            await AdoNetSilo.StartAsync(await CreateMigratedDatabaseAsync("adonet_shared"), clusterId: "shared");
    }
}

/// <summary>Every class that uses <see cref="AdoNetFixture"/> joins this collection, so one server serves them all.</summary>
[CollectionDefinition(Name)]
public sealed class AdoNetCollection : ICollectionFixture<AdoNetFixture>
{
    public const string Name = "PostgreSQL, Orleans ADO.NET providers";
}
