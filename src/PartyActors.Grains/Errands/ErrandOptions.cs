namespace PartyActors.Grains;

/// <summary>Settings of errands (全程代办, docs/errands.md); the SLA table admins set through the API overrides <see cref="DefaultSla"/>.</summary>
public sealed class ErrandOptions
{
    public const string Section = "Errands";

    /// <summary>The term of every errand while no SLA table is set: 3 working days, the 全程代办 rule's "done within 3 working days".</summary>
    public int DefaultSlaAmount { get; set; } = 3;

    /// <summary>What <see cref="DefaultSlaAmount"/> counts: working days (by the requests' holiday calendar).</summary>
    public SlaUnit DefaultSlaUnit { get; set; } = SlaUnit.WorkingDays;

    /// <summary>
    /// How often an errand's deadline reminder ticks again while marking it overdue has not succeeded
    /// (a store or an organization was down): 1 hour. The first tick is at the deadline.
    /// </summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The term of <see cref="DefaultSlaAmount"/> and <see cref="DefaultSlaUnit"/>.</summary>
    public SlaTerm DefaultSla() => new(DefaultSlaAmount, DefaultSlaUnit);

    /// <summary>Checks the values; throws <see cref="ArgumentOutOfRangeException"/> on nonsense.</summary>
    public void Validate()
    {
        if (RequestRules.CheckTerm("DefaultSla", DefaultSlaAmount, DefaultSlaUnit) is { } breach)
        {
            throw new ArgumentOutOfRangeException(nameof(DefaultSlaAmount), breach);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(RetryPeriod, TimeSpan.FromMinutes(1), nameof(RetryPeriod));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(RetryPeriod, TimeSpan.FromDays(1), nameof(RetryPeriod));
    }
}
