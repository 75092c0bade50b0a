using PartyActors.Storage;
using PartyActors.Storage.Sqlite;

namespace PartyActors.Benchmarks;

/// <summary>
/// The <see cref="DurableStoreMeasurement"/> figures on fresh SQLite files (WAL, synchronous=FULL) in
/// the temporary directory, so they compare with PostgreSQL's.
/// </summary>
internal static class SqliteMeasurement
{
    public static async Task<int> RunAsync(int seconds)
    {
        var directory = Path.Combine(Path.GetTempPath(), "partyactors-sqlite-bench", Guid.NewGuid().ToString("N"));
        Console.WriteLine($"SQLite files in {directory} (WAL, synchronous=FULL)");
        try
        {
            await DurableStoreMeasurement.RunAsync(name => Task.FromResult(Path.Combine(directory, name + ".db")), Cluster, seconds);
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Action<ISiloBuilder> Cluster(string path, GroupCommitOptions groupCommit) =>
        silo => silo.AddSqliteGrainStorage(StorageSiloBuilderExtensions.DefaultStorageName, options =>
        {
            options.DataSource = path;
            options.Synchronous = SqliteSynchronous.Full;
            options.GroupCommit = groupCommit;
        });
}
