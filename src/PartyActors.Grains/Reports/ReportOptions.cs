namespace PartyActors.Grains;

/// <summary>How the periodic reports are taken (docs/reports.md). Every default is chosen for one district on one silo.</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>
    /// Organizations asked at once to take their snapshots while the tree is swept: 64. A sweep
    /// gives each batch a turn of the schedule grain of its own, so the grain answers in between;
    /// at a few milliseconds a call, a district's 870 organizations take well under a second a walk.
    /// </summary>
    public int SweepParallelism { get; set; } = 64;

    /// <summary>
    /// How long a sweep waits before walking the tree again after a walk in which some organization
    /// could not take its snapshots (its store refused, a call timed out): 1 minute.
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The period of the schedule's reminder once it has ticked: 1 hour. The reminder is registered
    /// again for the next boundary when a sweep completes; until then (a sweep that fails or a silo
    /// that stops midway) it ticks this often, and each tick resumes the sweep.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Checks the values; throws <see cref="ArgumentOutOfRangeException"/> on nonsense.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(SweepParallelism, 1, nameof(SweepParallelism));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero, nameof(RetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReminderPeriod, TimeSpan.Zero, nameof(ReminderPeriod));
    }
}
