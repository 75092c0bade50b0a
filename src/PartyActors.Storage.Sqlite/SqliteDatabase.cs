using System.Diagnostics.Metrics;
using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;


namespace PartyActors.Storage.Sqlite;

/// <summary>
/// One SQLite database file: the schema migrations, a single writer connection fed by a
/// <see cref="GroupCommitQueue{TOperation}"/> (one transaction, so one fsync, per batch of writes),
/// and a small pool of read connections that WAL lets run beside the writer. Every provider on the
/// same file shares one instance, so all writes of a silo to that file are batched together.
/// </summary>
internal sealed partial class SqliteDatabase : IAsyncDisposable
{
    private readonly SqliteStorageOptions _options;
    private readonly string _connectionString;
    private readonly ILogger _logger;
    private readonly GroupCommitQueue<SqliteWriteOperation> _writes;
    private readonly SemaphoreSlim _readGate;
    private readonly ConcurrentBag<SqliteSession> _idleReaders = [];
    private readonly Lock _initLock = new();
    private volatile bool _initialized;
    private volatile bool _disposed;

    // Used only by the group-commit loop, which runs one batch at a time.
    private SqliteSession? _writer;

    public SqliteDatabase(string fullPath, SqliteStorageOptions options, TimeProvider timeProvider, ILogger logger, IMeterFactory? meters = null)
    {
        options.Validate();
        FullPath = fullPath;
        _options = options;
        Time = timeProvider;
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            // This class keeps its own connections; the driver's pool would only keep the file open
            // after disposal (tests delete it) and hide how many connections exist.
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();
        _readGate = new SemaphoreSlim(options.MaxReadConnections, options.MaxReadConnections);
        _writes = new GroupCommitQueue<SqliteWriteOperation>(CommitBatch, options.GroupCommit, timeProvider, "sqlite", meters);
    }

    public string FullPath { get; }

    /// <summary>The clock of modification and append times.</summary>
    public TimeProvider Time { get; }

    /// <summary>
    /// Creates the file and applies the migrations, once. Runs before the first read or write, and
    /// again after a failure, so a store that could not be opened recovers once the disk is back.
    /// </summary>
    public void EnsureInitialized()
    {
        if (_initialized)
        {
            return;
        }

        lock (_initLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_initialized)
            {
                return;
            }

            try
            {
                var directory = Path.GetDirectoryName(FullPath);
                if (!string.IsNullOrEmpty(directory))
                {
                    Directory.CreateDirectory(directory);
                }

                using var session = Open(write: true);
                SqliteMigrations.Apply(session, Time.GetUtcNow());
                _initialized = true;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new StorageUnavailableException($"The SQLite store '{FullPath}' cannot be created: {exception.Message}", exception);
            }
            catch (SqliteException exception)
            {
                throw Translate(exception);
            }
        }
    }

    /// <summary>Queues a write; completes with its result once its batch has committed.</summary>
    public Task<TResult> WriteAsync<TResult>(Func<SqliteSession, TResult> execute, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        var operation = new SqliteWriteOperation<TResult>(execute, cancellationToken);
        _writes.Enqueue(operation);
        return operation.Task;
    }

    /// <summary>Runs <paramref name="read"/> on a pooled read connection (it sees committed data only).</summary>
    public async Task<TResult> ReadAsync<TResult>(Func<SqliteSession, TResult> read, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EnsureInitialized();
        await _readGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_idleReaders.TryTake(out var session))
            {
                session = OpenOrThrow(write: false);
            }

            try
            {
                var result = read(session);
                _idleReaders.Add(session);
                return result;
            }
            catch (SqliteException exception)
            {
                // The connection may be broken (disk gone): drop it, the next read opens a new one.
                session.Dispose();
                throw Translate(exception);
            }
        }
        finally
        {
            _readGate.Release();
        }
    }

    /// <summary>The database's SQLite exception as the runtime's: an outage or a conflict.</summary>
    public Exception Translate(SqliteException exception) => (exception.SqliteErrorCode & 0xFF) switch
    {
        SqliteErrorCodes.Constraint => new Orleans.Storage.InconsistentStateException(
            $"A constraint of the SQLite store '{FullPath}' rejected the write: {exception.Message}", exception),
        _ when IsUnavailable(exception) => new StorageUnavailableException(
            $"The SQLite store '{FullPath}' is unavailable: {exception.Message}", exception),
        _ => exception,
    };

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        // Flush first: every write already queued is committed (or failed) before the connections go.
        await _writes.DisposeAsync().ConfigureAwait(false);
        _disposed = true;
        _writer?.Dispose();
        _writer = null;

        // Wait for reads in flight to hand their connections back.
        for (var i = 0; i < _options.MaxReadConnections; i++)
        {
            await _readGate.WaitAsync().ConfigureAwait(false);
        }

        while (_idleReaders.TryTake(out var reader))
        {
            reader.Dispose();
        }

        _readGate.Dispose();
    }

    private static bool IsUnavailable(SqliteException exception) => (exception.SqliteErrorCode & 0xFF) switch
    {
        SqliteErrorCodes.Busy or SqliteErrorCodes.Locked or SqliteErrorCodes.NoMem or SqliteErrorCodes.ReadOnly or
        SqliteErrorCodes.IoErr or SqliteErrorCodes.Corrupt or SqliteErrorCodes.Full or SqliteErrorCodes.CantOpen or
        SqliteErrorCodes.Protocol or SqliteErrorCodes.NotADb => true,
        _ => false,
    };

    /// <summary>The group-commit function: one transaction for the batch, one savepoint per operation.</summary>
    private Task CommitBatch(IReadOnlyList<SqliteWriteOperation> batch, CancellationToken cancellationToken)
    {
        var live = new List<SqliteWriteOperation>(batch.Count);
        foreach (var operation in batch)
        {
            if (operation.CancellationToken.IsCancellationRequested)
            {
                operation.Fail(new OperationCanceledException(operation.CancellationToken));
            }
            else
            {
                live.Add(operation);
            }
        }

        if (live.Count == 0)
        {
            return Task.CompletedTask;
        }

        SqliteSession? writer = null;
        try
        {
            EnsureInitialized();
            writer = _writer ??= OpenOrThrow(write: true);
            writer.Execute("BEGIN IMMEDIATE");
            foreach (var operation in live)
            {
                // A savepoint per operation: a conflict undoes that operation's rows only, and the
                // rest of the batch still commits.
                writer.Execute("SAVEPOINT op");
                try
                {
                    operation.Execute(writer);
                    writer.Execute("RELEASE op");
                }
                catch (Exception exception) when (exception is not SqliteException sqlite || !IsUnavailable(sqlite))
                {
                    writer.Execute("ROLLBACK TO op");
                    writer.Execute("RELEASE op");
                    operation.Fail(exception is SqliteException other ? Translate(other) : exception);
                }
            }

            writer.Execute("COMMIT");
        }
        catch (Exception exception)
        {
            var failure = exception is SqliteException sqlite ? Translate(sqlite) : exception;
            LogBatchFailed(_logger, exception, FullPath, live.Count);
            AbandonWriter(writer, failure);
            foreach (var operation in live)
            {
                operation.Fail(failure);
            }

            return Task.CompletedTask;
        }

        foreach (var operation in live)
        {
            operation.Complete();
        }

        return Task.CompletedTask;
    }

    /// <summary>After a failed batch: roll back, and drop the connection if the store itself failed.</summary>
    private void AbandonWriter(SqliteSession? writer, Exception failure)
    {
        if (writer is null)
        {
            return;
        }

        try
        {
            if (writer.Connection.State == System.Data.ConnectionState.Open)
            {
                writer.Execute("ROLLBACK");
            }
        }
        catch (SqliteException)
        {
            // SQLite rolls back by itself after an I/O error, leaving nothing to roll back.
        }

        if (failure is StorageUnavailableException)
        {
            // A fresh connection on the next batch: how the store recovers once the disk is back.
            writer.Dispose();
            _writer = null;
        }
    }

    private SqliteSession OpenOrThrow(bool write)
    {
        try
        {
            return Open(write);
        }
        catch (SqliteException exception)
        {
            throw Translate(exception);
        }
    }

    private SqliteSession Open(bool write)
    {
        var connection = new SqliteConnection(_connectionString);
        var session = new SqliteSession(connection);
        try
        {
            connection.Open();
            var busyMs = ((long)_options.BusyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            var synchronous = _options.Synchronous.ToString().ToUpperInvariant();
            // busy_timeout: SQLite itself waits for another connection's lock (the driver's retry
            // loop only covers statement steps). synchronous is per connection, not stored in the file.
            session.Execute($"PRAGMA busy_timeout = {busyMs}");
            session.Execute($"PRAGMA synchronous = {synchronous}");
            if (write)
            {
                // WAL is recorded in the file; setting it again is a no-op once it is on.
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA journal_mode = WAL";
                var mode = command.ExecuteScalar() as string;
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"The SQLite store '{FullPath}' could not switch to WAL mode (it is in '{mode}').");
                }
            }

            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A write batch of {Count} operations on the SQLite store '{Path}' failed.")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, string path, int count);
}

/// <summary>SQLite's primary result codes (the low byte of an extended code).</summary>
internal static class SqliteErrorCodes
{
    public const int Busy = 5;
    public const int Locked = 6;
    public const int NoMem = 7;
    public const int ReadOnly = 8;
    public const int IoErr = 10;
    public const int Corrupt = 11;
    public const int Full = 13;
    public const int CantOpen = 14;
    public const int Protocol = 15;
    public const int Constraint = 19;
    public const int NotADb = 26;
}
