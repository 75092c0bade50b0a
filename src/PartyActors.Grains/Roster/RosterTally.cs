using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>
/// Where applying a batch stands, as made durable: <see cref="Next"/> is the log sequence of the first
/// line not yet finished (every earlier one is), <see cref="DoneAhead"/> the lines after it that have
/// finished, and the counts and errors cover exactly those lines. A resumed batch skips them and
/// applies the rest.
/// </summary>
internal sealed record RosterCheckpoint(long Next, int Applied, int Rejected, ImmutableArray<RosterLineError> Errors, ImmutableArray<long> DoneAhead)
{
    public static RosterCheckpoint Start(long first) => new(first, 0, 0, [], []);
}

/// <summary>
/// The live count of a batch's finished lines. A line is counted once, when its outcome is first
/// recorded; errors are kept by line number. Lines finish out of order, so it tracks the first
/// unfinished line and the finished ones beyond it.
/// </summary>
internal sealed class RosterTally
{
    private readonly SortedDictionary<int, RosterLineError> _errors = [];
    private readonly HashSet<long> _doneAhead;

    public RosterTally(RosterCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        Next = checkpoint.Next;
        Applied = checkpoint.Applied;
        Rejected = checkpoint.Rejected;
        _doneAhead = [.. checkpoint.DoneAhead.IsDefault ? [] : checkpoint.DoneAhead];
        foreach (var error in checkpoint.Errors.IsDefault ? [] : checkpoint.Errors)
        {
            _errors[error.Line] = error;
        }
    }

    /// <summary>The log sequence of the first line not yet finished.</summary>
    public long Next { get; private set; }

    public int Applied { get; private set; }

    public int Rejected { get; private set; }

    public int Recorded => Applied + Rejected;

    public ImmutableArray<RosterLineError> Errors => [.. _errors.Values];

    public bool IsRecorded(long sequence) => sequence < Next || _doneAhead.Contains(sequence);

    /// <summary>Counts a finished line (applied or rejected) unless it was counted already.</summary>
    public void Record(long sequence, RosterLineOutcome outcome)
    {
        if (outcome.Kind == RosterLineOutcomeKind.Deferred || IsRecorded(sequence))
        {
            return;
        }

        if (outcome.Error is { } error)
        {
            Rejected++;
            _errors[error.Line] = error;
        }
        else
        {
            Applied++;
        }

        _doneAhead.Add(sequence);
        while (_doneAhead.Remove(Next))
        {
            Next++;
        }
    }

    public RosterCheckpoint ToCheckpoint() => new(Next, Applied, Rejected, Errors, [.. _doneAhead.Order()]);
}
