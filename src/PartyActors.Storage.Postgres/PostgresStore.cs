using System.Diagnostics.Metrics;
using System.Net.Sockets;
using Npgsql;

namespace PartyActors.Storage.Postgres;

/// <summary>
/// What the providers of one storage name share: the data source (one connection pool), the
/// migration that must finish before the first operation, and the outage breaker. Every database
/// call goes through <see cref="RunAsync{T}"/>, which turns connection-level failures into
/// <see cref="StorageUnavailableException"/>.
/// </summary>
internal sealed class PostgresStore : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    // Callers wait here for one of the pool's connections. Npgsql would also queue them, but only
    // for the connect timeout, and a timeout there reads as an outage and trips the breaker for the
    // whole silo: a busy silo must wait in line, not fail.
    private readonly SemaphoreSlim _connections;
    private readonly TimeProvider _time;
    private readonly string _name;
    private readonly Lock _lock = new();
    private Task? _migration;

    // Outage breaker. _retryAt is a TimeProvider timestamp; 0 while the store is healthy.
    private long _retryAt;
    private int _probing;

    // Timeouts in a row with no call succeeding between them (see PostgresStorageOptions.OutageTimeouts).
    private int _timeouts;

    public PostgresStore(string name, PostgresStorageOptions options, TimeProvider time, IMeterFactory? meters = null)
    {
        Meters = meters;
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(name);
        _name = name;
        Options = options;
        _time = time;
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            Timeout = Math.Max(1, (int)Math.Ceiling(options.ConnectTimeout.TotalSeconds)),
        };
        if (!NamesPoolSize(options.ConnectionString!))
        {
            builder.MaxPoolSize = options.MaxPoolSize;
        }

        PoolSize = builder.MaxPoolSize;
        _connections = new SemaphoreSlim(PoolSize, PoolSize);
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>How many connections the store opens at most: the connection string's <c>Maximum Pool Size</c>, else <see cref="PostgresStorageOptions.MaxPoolSize"/>.</summary>
    public int PoolSize { get; }

    public PostgresStorageOptions Options { get; }

    /// <summary>The host's meter factory, for the store's group-commit queues' metrics (none outside a host).</summary>
    public IMeterFactory? Meters { get; }

    /// <summary>
    /// Runs <paramref name="work"/> on a pooled connection, after the schema is migrated. Fails at
    /// once while the breaker is open; a connection-level failure opens it and clears the pool.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var probe = EnterBreaker();
        try
        {
            await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
            T result;
            await _connections.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                result = await work(connection, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _connections.Release();
            }

            if (probe || Volatile.Read(ref _retryAt) != 0)
            {
                Volatile.Write(ref _retryAt, 0);
                Volatile.Write(ref _probing, 0);
            }

            if (Volatile.Read(ref _timeouts) != 0)
            {
                Volatile.Write(ref _timeouts, 0);
            }

            return result;
        }
        catch (Exception exception) when (IsConnectionFailure(exception, cancellationToken))
        {
            // A refused or dropped connection is an outage at once. A timeout alone is not: it may be
            // this process starved of CPU (a restart after a crash activating thousands of grains on
            // two cores stalls the thread pool for seconds), and tripping then would fail every
            // activation of the silo for a back-off, which makes the restart slower still. So a
            // timeout fails its own call, and only a run of them with no success between opens the
            // breaker. A probe that times out reopens it: the server is still not answering.
            if (probe || !IsTimeout(exception) || Interlocked.Increment(ref _timeouts) >= Options.OutageTimeouts)
            {
                Trip();
            }

            throw new StorageUnavailableException($"PostgreSQL storage '{_name}' is unavailable: {exception.Message}", exception)
            {
                RetryAfter = Options.OutageBackoff,
            };
        }
        catch when (probe)
        {
            // The probe reached the server (the failure was something else), so the outage is over.
            Volatile.Write(ref _retryAt, 0);
            Volatile.Write(ref _probing, 0);
            throw;
        }
    }

    public Task RunAsync(Func<NpgsqlConnection, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        RunAsync<bool>(async (connection, ct) =>
        {
            await work(connection, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>Returns whether this call is the one probe allowed after a back-off; throws while failing fast.</summary>
    private bool EnterBreaker()
    {
        var retryAt = Volatile.Read(ref _retryAt);
        if (retryAt == 0)
        {
            return false;
        }

        if (_time.GetTimestamp() >= retryAt && Interlocked.CompareExchange(ref _probing, 1, 0) == 0)
        {
            return true;
        }

        throw new StorageUnavailableException($"PostgreSQL storage '{_name}' is unavailable (failing fast until the next probe).")
        {
            RetryAfter = Options.OutageBackoff,
        };
    }

    private void Trip()
    {
        var backoffTicks = (long)(Options.OutageBackoff.TotalSeconds * _time.TimestampFrequency);
        Volatile.Write(ref _retryAt, Math.Max(1, _time.GetTimestamp() + backoffTicks));
        Volatile.Write(ref _probing, 0);
        Volatile.Write(ref _timeouts, 0);

        // Pooled connections to a server that went away are dead; without this every one of them
        // would fail once more after the server is back.
        _dataSource.Clear();
    }

    private Task EnsureMigratedAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // A failed migration (server down at start-up) is retried by the next operation.
            if (_migration is null || _migration.IsFaulted || _migration.IsCanceled)
            {
                _migration = PostgresMigrator.MigrateAsync(_dataSource, CancellationToken.None);
            }

            return _migration.IsCompletedSuccessfully ? Task.CompletedTask : _migration.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Whether the connection string sets the pool's size itself (under any of Npgsql's names for it).</summary>
    internal static bool NamesPoolSize(string connectionString)
    {
        var keys = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys;
        return keys.Cast<string>().Select(static key => key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant())
            .Any(static key => key is "MAXIMUMPOOLSIZE" or "MAXPOOLSIZE");
    }

    /// <summary>
    /// Whether the failure is a timeout (connecting, or waiting for an answer), which a slow server
    /// and a starved client look alike in, rather than a refused or dropped connection.
    /// </summary>
    internal static bool IsTimeout(Exception exception) => exception switch
    {
        TimeoutException => true,
        NpgsqlException { InnerException: TimeoutException } => true,
        _ => false,
    };

    /// <summary>Whether the failure means the server could not be reached or dropped the connection.</summary>
    internal static bool IsConnectionFailure(Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        return exception switch
        {
            PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
                || postgres.SqlState is "57P01" or "57P02" or "57P03" // admin/crash shutdown, cannot connect now
                || postgres.SqlState == "53300", // too many connections
            NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
            SocketException or IOException or TimeoutException => true,
            _ => false,
        };
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
