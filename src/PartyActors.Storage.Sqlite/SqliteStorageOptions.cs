namespace PartyActors.Storage.Sqlite;

/// <summary>
/// Options of the SQLite store. Providers that name the same <see cref="DataSource"/> share one
/// database object (one writer, one read pool); its connection-level settings
/// (<see cref="Synchronous"/>, <see cref="BusyTimeout"/>, <see cref="GroupCommit"/>,
/// <see cref="MaxReadConnections"/>) are taken from the first provider that opens it.
/// </summary>
public sealed class SqliteStorageOptions
{
    /// <summary>
    /// Path of the database file; relative paths are resolved against the current directory and
    /// missing directories are created. Default <c>data/partyactors.db</c>: beside the silo, in a
    /// directory that <c>.gitignore</c> already excludes.
    /// </summary>
    public string DataSource { get; set; } = Path.Combine("data", "partyactors.db");

    /// <summary>
    /// How hard a commit is pushed to the disk. Default <see cref="SqliteSynchronous.Full"/>: an
    /// acknowledged write survives a power loss, which is what "completes once durable" promises.
    /// <see cref="SqliteSynchronous.Normal"/> is faster (no fsync per commit, only at checkpoints)
    /// and still survives a crash of the process, but the last commits may be lost if the machine
    /// loses power.
    /// </summary>
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>
    /// How a connection waits for a lock held by another connection (another process on the same
    /// file, or a checkpoint) before the operation fails with <see cref="StorageUnavailableException"/>.
    /// Default 5 s: long enough to ride out a checkpoint or a second silo's commit, short enough
    /// that a caller learns of a wedged file well before an HTTP client gives up.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How writes are batched into one transaction (one fsync). Defaults as <see cref="GroupCommitOptions"/>.</summary>
    public GroupCommitOptions GroupCommit { get; set; } = new();

    /// <summary>
    /// Whether clearing a state deletes its row. Default true, as Orleans' ADO.NET provider. With
    /// false the row stays (its payload emptied) and its version is bumped, so versions never
    /// restart and a writer holding an ETag from before the clear still conflicts.
    /// </summary>
    public bool DeleteStateOnClear { get; set; } = true;

    /// <summary>
    /// Read connections at most, beside the single writer. Default 4: SQLite reads are synchronous
    /// and CPU-bound once the pages are cached, so more connections than cores only contend, and
    /// WAL lets each of them read beside the writer.
    /// </summary>
    public int MaxReadConnections { get; set; } = 4;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(DataSource, nameof(DataSource));
        ArgumentOutOfRangeException.ThrowIfLessThan(BusyTimeout, TimeSpan.Zero, nameof(BusyTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReadConnections, 1, nameof(MaxReadConnections));
        ArgumentNullException.ThrowIfNull(GroupCommit, nameof(GroupCommit));
        GroupCommit.Validate();
        if (!Enum.IsDefined(Synchronous))
        {
            throw new ArgumentOutOfRangeException(nameof(Synchronous), Synchronous, "Unknown synchronous mode.");
        }
    }
}

/// <summary>SQLite's <c>PRAGMA synchronous</c> settings that keep the database consistent (OFF is not offered).</summary>
public enum SqliteSynchronous
{
    /// <summary>In WAL mode: no fsync per commit; survives a process crash, may lose the last commits on power loss.</summary>
    Normal = 1,

    /// <summary>fsync of the WAL at every commit: an acknowledged commit survives a power loss.</summary>
    Full = 2,

    /// <summary>As <see cref="Full"/>, and also syncs the directory after the WAL is reset.</summary>
    Extra = 3,
}
