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
    /// Steps run at once, and steps between two writes of the progress: 32. Enough to move a community
    /// of a few thousand members in seconds without flooding the silo; a crash repeats at most this many
    /// (idempotent) steps.
    /// </summary>
    public int Parallelism { get; set; } = 32;

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
