namespace PartyActors.Grains;

/// <summary>How splits and merges run (docs/reshaping.md).</summary>
public sealed class ReshapeOptions
{
    /// <summary>The configuration section: <c>Reshape</c>.</summary>
    public const string Section = "Reshape";

    /// <summary>
    /// How often the reminder that drives a reshape ticks: 1 minute (Orleans' floor for reminders). A
    /// reshape runs at once when accepted and when its grain activates; the reminder only resumes one
    /// that a crash or a transient failure (a store that refused a write) stopped.
    /// </summary>
    public TimeSpan ResumePeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Moves and relocations run at once (each started as another ends), and steps between two writes
    /// of the progress: 256. Each relocation writes both communities, whose records list every member
    /// and item they count, and contributions arriving together share one write. With 32 at once a
    /// split of 2,000 members moved 140–230 a second, up to 7× slower than a roster batch doing the
    /// same moves, and wrote more log per member the larger the community; with 256 it stays within
    /// 2× of the roster batch and writes less log per member than it (docs/benchmarks.md, "Splits and
    /// merges"). A crash repeats fewer than twice this many (idempotent) steps.
    /// </summary>
    public int Parallelism { get; set; } = 256;

    /// <summary>How often a merge relocates late arrivals and retries dissolving the absorbed community before it fails: 5.</summary>
    public int DissolveAttempts { get; set; } = 5;

    public void Validate()
    {
        if (ResumePeriod <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ResumePeriod), ResumePeriod, "Reshape:ResumePeriod must be positive.");
        }

        if (Parallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Parallelism), Parallelism, "Reshape:Parallelism must be at least 1.");
        }

        if (DissolveAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(DissolveAttempts), DissolveAttempts, "Reshape:DissolveAttempts must be at least 1.");
        }
    }
}
