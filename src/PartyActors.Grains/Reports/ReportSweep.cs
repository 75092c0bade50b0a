namespace PartyActors.Grains;

/// <summary>
/// One sweep of the tree for one boundary, kept in the schedule grain's memory: the walk under way
/// (organizations to visit, organizations visited) and what the walks took. Nothing of it needs to
/// be durable: taking a snapshot twice changes nothing, so a sweep lost in a crash starts over.
/// </summary>
internal sealed class ReportSweep(DateTimeOffset boundary, DateTimeOffset startedAt)
{
    /// <summary>
    /// The most walks a sweep makes. A walk reaches an organization through its parent, so one moved
    /// from a part not yet walked to a part already walked is missed; the walk after it reaches it.
    /// The sweep ends after a walk that took nothing (every organization had its snapshots), or after
    /// this many.
    /// </summary>
    public const int MaxWalks = 3;

    private readonly Queue<string> _pending = new();
    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);

    public DateTimeOffset Boundary => boundary;

    public DateTimeOffset StartedAt => startedAt;

    /// <summary>The walk under way or last made, from 1; 0 before the first.</summary>
    public int Walk { get; private set; }

    public bool Walking { get; private set; }

    /// <summary>Organizations the current (or last) walk reached.</summary>
    public int Visited => _visited.Count;

    /// <summary>Snapshots taken by the current (or last) walk.</summary>
    public int TakenThisWalk { get; private set; }

    /// <summary>Snapshots taken by every walk of this sweep.</summary>
    public int Taken { get; private set; }

    /// <summary>Organizations the current (or last) walk could not ask; their subtrees were not reached.</summary>
    public int FailedThisWalk { get; private set; }

    public void BeginWalk(IEnumerable<string> roots)
    {
        Walk++;
        Walking = true;
        _pending.Clear();
        _visited.Clear();
        TakenThisWalk = 0;
        FailedThisWalk = 0;
        Enqueue(roots);
    }

    /// <summary>Up to <paramref name="size"/> organizations to ask next; none when the walk has reached everything it can.</summary>
    public string[] NextBatch(int size)
    {
        var batch = new string[Math.Min(size, _pending.Count)];
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i] = _pending.Dequeue();
        }

        return batch;
    }

    /// <summary>What an organization of the batch answered; null when it could not be asked.</summary>
    public void Record(SnapshotTake? take)
    {
        if (take is null)
        {
            FailedThisWalk++;
            return;
        }

        TakenThisWalk += take.Taken;
        Taken += take.Taken;
        Enqueue(take.ChildIds);
    }

    public void EndWalk() => Walking = false;

    public SweepProgress Progress() => new(boundary, startedAt, Walk, Visited, Taken, FailedThisWalk);

    private void Enqueue(IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            if (_visited.Add(id))
            {
                _pending.Enqueue(id);
            }
        }
    }
}
