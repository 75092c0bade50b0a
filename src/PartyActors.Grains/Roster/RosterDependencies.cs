namespace PartyActors.Grains;

/// <summary>
/// What a line reads and writes, for ordering: the entity it changes, the organizations whose state
/// decides its outcome, or <see cref="Barrier"/> when it may change the tree's shape or an
/// organization's kind, which other lines' outcomes can depend on without naming it.
/// </summary>
internal sealed record RosterFootprint(string? Writes, string? Reads, string? AlsoReads, bool Barrier)
{
    /// <summary>Waits for every earlier line, and every later line waits for it.</summary>
    public static RosterFootprint Exclusive { get; } = new(null, null, null, Barrier: true);

    /// <summary>A line whose outcome is already known (it could not be read): it waits for nothing.</summary>
    public static RosterFootprint None { get; } = new(null, null, null, Barrier: false);

    public static string Organization(string id) => "o:" + id;

    public static string Member(string id) => "m:" + id;

    public static string Commitment(string id) => "c:" + id;
}

/// <summary>
/// Orders the lines in flight so that running them at once gives what running them one by one would:
/// a line that writes an entity waits for the earlier lines in flight that read or write it; a line
/// that reads one waits for the earlier writer; a barrier waits for everything before it and holds up
/// everything after it. Lines that share nothing run side by side. Used from the batch grain's turns
/// only, so it needs no locks.
/// </summary>
internal sealed class RosterDependencies
{
    private readonly Dictionary<string, Tail> _tails = new(StringComparer.Ordinal);
    private readonly HashSet<Task> _inFlight = [];
    private Task? _barrier;

    /// <summary>Lines entered and not yet left.</summary>
    public int Count => _inFlight.Count;

    /// <summary>Registers a line (<paramref name="done"/> completes when it has finished) and returns what it must wait for.</summary>
    public List<Task> Enter(Task done, RosterFootprint footprint)
    {
        var waits = new List<Task>();
        if (footprint.Barrier)
        {
            waits.AddRange(_inFlight);
            _tails.Clear();
            _barrier = done;
        }
        else
        {
            if (_barrier is { IsCompleted: false } barrier)
            {
                waits.Add(barrier);
            }

            if (footprint.Writes is { } written)
            {
                var tail = TailOf(written);
                if (tail.Writer is { } writer)
                {
                    waits.Add(writer);
                }

                waits.AddRange(tail.Readers);
                tail.Readers.Clear();
                tail.Writer = done;
            }

            Read(footprint.Reads, done, waits);
            if (!string.Equals(footprint.AlsoReads, footprint.Reads, StringComparison.Ordinal))
            {
                Read(footprint.AlsoReads, done, waits);
            }
        }

        _inFlight.Add(done);
        return waits;
    }

    /// <summary>Forgets a finished line.</summary>
    public void Leave(Task done, RosterFootprint footprint)
    {
        _inFlight.Remove(done);
        if (ReferenceEquals(_barrier, done))
        {
            _barrier = null;
        }

        Forget(footprint.Writes, done);
        Forget(footprint.Reads, done);
        Forget(footprint.AlsoReads, done);
    }

    private void Read(string? key, Task done, List<Task> waits)
    {
        if (key is null)
        {
            return;
        }

        var tail = TailOf(key);

        // An organization named its own parent both writes and reads itself; the domain refuses it.
        if (tail.Writer is { } writer && !ReferenceEquals(writer, done))
        {
            waits.Add(writer);
        }

        tail.Readers.Add(done);
    }

    private void Forget(string? key, Task done)
    {
        if (key is null || !_tails.TryGetValue(key, out var tail))
        {
            return;
        }

        if (ReferenceEquals(tail.Writer, done))
        {
            tail.Writer = null;
        }

        tail.Readers.Remove(done);
        if (tail.Writer is null && tail.Readers.Count == 0)
        {
            _tails.Remove(key);
        }
    }

    private Tail TailOf(string key)
    {
        if (!_tails.TryGetValue(key, out var tail))
        {
            _tails[key] = tail = new Tail();
        }

        return tail;
    }

    /// <summary>The last line in flight that writes an entity, and the lines in flight that read it since.</summary>
    private sealed class Tail
    {
        public Task? Writer { get; set; }

        public HashSet<Task> Readers { get; } = [];
    }
}
