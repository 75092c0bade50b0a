namespace PartyActors.Storage;

/// <summary>How a store batches writes.</summary>
public sealed class GroupCommitOptions
{
    /// <summary>Operations per batch at most. 256 rows keep one statement and its transaction small.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// How long a batch that already holds several operations waits for more. 2 ms: shorter than
    /// one fsync, so it never costs more than it saves.
    /// </summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// Batches committed at once at most: 1 by default (a store with one writer, like SQLite, gains
    /// nothing from more). A server store can overlap one batch's commit (its fsync) with the next
    /// batch's statement on another connection.
    /// </summary>
    public int MaxConcurrentCommits { get; set; } = 1;

    /// <summary>Throws when an option is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentCommits, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDelay, TimeSpan.Zero);
    }
}
