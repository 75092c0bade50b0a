using PartyActors.Storage;
using PartyActors.Storage.Postgres;
using PartyActors.Storage.Postgres.Testing;

namespace PartyActors.Benchmarks;

/// <summary>
/// The <see cref="DurableStoreMeasurement"/> figures on a throwaway PostgreSQL server with fsync and
/// synchronous_commit on.
/// </summary>
internal static class PostgresMeasurement
{
    public static async Task<int> RunAsync(int seconds)
    {
        await using var server = await PostgresServer.StartNewAsync();
        Console.WriteLine($"PostgreSQL throwaway server on 127.0.0.1:{server.Port}: {await SettingsAsync(server.ConnectionString())}");

        await DurableStoreMeasurement.RunAsync(server.CreateDatabaseAsync, Cluster, seconds,
            ("Orleans ADO.NET grain storage", connectionString => silo => silo
                .AddPostgresMigrations(connectionString)
                .AddAdoNetPostgresGrainStorage(StorageSiloBuilderExtensions.DefaultStorageName, connectionString)));
        return 0;
    }

    /// <summary>The settings that decide what a commit costs, as the server reports them.</summary>
    public static async Task<string> SettingsAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var settings = new List<string>();
        foreach (var name in new[] { "server_version", "fsync", "synchronous_commit", "wal_sync_method", "full_page_writes" })
        {
            await using var command = new Npgsql.NpgsqlCommand($"show {name}", connection);
            settings.Add($"{name}={await command.ExecuteScalarAsync()}");
        }

        return string.Join(", ", settings);
    }

    private static Action<ISiloBuilder> Cluster(string connectionString, GroupCommitOptions groupCommit) =>
        silo => silo.AddPostgresGrainStorage(StorageSiloBuilderExtensions.DefaultStorageName, options =>
        {
            options.ConnectionString = connectionString;
            options.GroupCommit = groupCommit;
        });
}
