namespace PartyActors.Grains;

/// <summary>
/// A roster batch's durable record. The lines themselves are in the batch's log: the current upload's
/// start at <see cref="FirstSequence"/> (an upload that was superseded left its lines before it).
/// </summary>
internal sealed class RosterBatchState
{
    public RosterBatchInfo? Info { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the current upload was begun (its Open); an upload never sealed is deleted a retention after it.</summary>
    public DateTimeOffset UploadBegunAt { get; set; }

    /// <summary>The upload lines may be appended to; a later Open replaces it.</summary>
    public Guid Upload { get; set; }

    /// <summary>The log sequence of the current upload's first line.</summary>
    public long FirstSequence { get; set; } = 1;

    /// <summary>Whether the upload is complete: from then on the lines are only applied.</summary>
    public bool Sealed { get; set; }

    /// <summary>The number of lines (blank lines not counted).</summary>
    public int Total { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public RosterCheckpoint Checkpoint { get; set; } = RosterCheckpoint.Start(1);
}
