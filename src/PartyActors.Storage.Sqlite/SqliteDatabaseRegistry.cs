using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PartyActors.Storage.Sqlite;

/// <summary>
/// The silo's open SQLite databases, one per file path, so that every provider on one file shares
/// its writer (and its group commits) and its read pool. A singleton of the silo's container, which
/// disposes it on shutdown: queued writes are flushed, then the connections are closed.
/// </summary>
internal sealed class SqliteDatabaseRegistry(TimeProvider timeProvider, ILoggerFactory? loggerFactory = null, IMeterFactory? meters = null) : IAsyncDisposable, IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SqliteDatabase> _databases = new(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>The database of <paramref name="options"/>' file, opened with those options if it is the first.</summary>
    public SqliteDatabase Get(SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var path = Path.GetFullPath(options.DataSource);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_databases.TryGetValue(path, out var database))
            {
                var logger = (ILogger?)loggerFactory?.CreateLogger<SqliteDatabase>() ?? NullLogger.Instance;
                database = new SqliteDatabase(path, options, timeProvider, logger, meters);
                _databases.Add(path, database);
            }

            return database;
        }
    }

    public async ValueTask DisposeAsync()
    {
        SqliteDatabase[] databases;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            databases = [.. _databases.Values];
            _databases.Clear();
        }

        foreach (var database in databases)
        {
            await database.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>For containers disposed synchronously: blocks until the queues are flushed.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
