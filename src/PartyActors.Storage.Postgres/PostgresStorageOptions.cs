
namespace PartyActors.Storage.Postgres;

/// <summary>Options of the PostgreSQL grain storage, grain log storage and reminder table.</summary>
public sealed class PostgresStorageOptions
{
    /// <summary>
    /// The Npgsql connection string (for example <c>Host=db;Database=partyactors;Username=silo;Password=…</c>).
    /// Required: there is no sensible default server.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How state writes, clears and log appends are batched into one transaction. The defaults
    /// (256 rows, 2 ms) keep one statement small and wait less than an fsync costs; two batches
    /// commit at once, on two connections, so the server runs one batch's statement while it
    /// flushes the other's commit.
    /// </summary>
    public GroupCommitOptions GroupCommit { get; set; } = new() { MaxConcurrentCommits = 2 };

    /// <summary>
    /// How state reads are batched during activation storms. 1,000 keys per query: one round trip
    /// for a large storm, and still a small statement; no waiting, since a lone read should not wait.
    /// </summary>
    public GroupCommitOptions ReadBatch { get; set; } = new() { MaxBatchSize = 1000, MaxDelay = TimeSpan.Zero };

    /// <summary>
    /// Whether clearing a state deletes its row (true, the default: no rows left behind for grains
    /// that are gone) or keeps it with a null payload and a new version (false: a writer holding an
    /// ETag from before the clear can never match again, even after the grain writes anew).
    /// </summary>
    public bool DeleteStateOnClear { get; set; } = true;

    /// <summary>
    /// How long opening a connection may take. 5 s: a healthy server on the same network answers in
    /// milliseconds, and during an outage callers should learn it quickly rather than queue up; but a
    /// silo starved of CPU (a restart warming up thousands of grains on 2 cores) was seen to need more
    /// than 2 s, and every timeout here fails the whole store for <see cref="OutageBackoff"/>.
    /// Npgsql counts whole seconds, so this is rounded up to at least 1 s.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many connections one process opens to the server at most, unless the connection string
    /// sets <c>Maximum Pool Size</c> itself. 20: writes and reads are batched, so a silo keeps only a
    /// few busy (two commits at a time per queue, a read batch, the reminder table, queries), and
    /// PostgreSQL's default of 100 connections then holds four silos with room to spare. Npgsql's own
    /// default of 100 per process let three silos activating 20,000 members exhaust the server
    /// ("too many clients already"). Callers beyond it wait for a connection; they do not fail.
    /// </summary>
    public int MaxPoolSize { get; set; } = 20;

    /// <summary>
    /// After a connection failure, how long calls fail at once with
    /// <see cref="StorageUnavailableException"/> before one call probes the server again. 1 s: short
    /// enough that recovery is noticed quickly, long enough that a down server is not hammered.
    /// </summary>
    public TimeSpan OutageBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many timeouts in a row, with no call succeeding between them, open the outage breaker. 3:
    /// a refused or dropped connection opens it at once, but a timeout may be this silo starved of
    /// CPU rather than the server gone (a restart after a crash, activating thousands of grains on
    /// 2 cores, stalls the thread pool for seconds), so one timeout fails only its own call. Against
    /// a server that stopped answering, calls time out together and the breaker opens within one
    /// <see cref="ConnectTimeout"/>.
    /// </summary>
    public int OutageTimeouts { get; set; } = 3;

    internal void Validate(string name)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException(
                $"PostgreSQL storage '{name}': PostgresStorageOptions.ConnectionString is required " +
                "(for example \"Host=localhost;Database=partyactors;Username=partyactors;Password=...\").");
        }

        ArgumentNullException.ThrowIfNull(GroupCommit);
        ArgumentNullException.ThrowIfNull(ReadBatch);
        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"PostgreSQL storage '{name}': ConnectTimeout must be positive.");
        }

        if (OutageTimeouts < 1)
        {
            throw new InvalidOperationException($"PostgreSQL storage '{name}': OutageTimeouts must be at least 1.");
        }

        if (MaxPoolSize < 2)
        {
            throw new InvalidOperationException($"PostgreSQL storage '{name}': MaxPoolSize must be at least 2 (a commit and a read at once).");
        }

        if (OutageBackoff < TimeSpan.Zero)
        {
            throw new InvalidOperationException($"PostgreSQL storage '{name}': OutageBackoff must not be negative.");
        }
    }
}
