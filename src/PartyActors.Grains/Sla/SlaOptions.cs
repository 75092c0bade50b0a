namespace PartyActors.Grains;

/// <summary>
/// The settings every mechanism with an SLA table has (requests, errands): the default term while
/// no table is set, and how often a deadline reminder ticks again after a failed attempt. Each
/// mechanism binds its own section (<see cref="RequestOptions"/>, <see cref="ErrandOptions"/>).
/// </summary>
public abstract class SlaOptions
{
    /// <summary>
    /// The term while no SLA table is set: 3 working days, the reply deadline (限期答复) the county in
    /// our sources used for requests, and the 全程代办 rule's "done within 3 working days" for errands.
    /// </summary>
    public int DefaultSlaAmount { get; set; } = 3;

    /// <summary>What <see cref="DefaultSlaAmount"/> counts: working days (by the requests' holiday calendar).</summary>
    public SlaUnit DefaultSlaUnit { get; set; } = SlaUnit.WorkingDays;

    /// <summary>
    /// How often a deadline reminder ticks again while acting on a missed deadline (escalating a
    /// request, marking an errand overdue) has not succeeded, a store or an organization being down:
    /// 1 hour. The first tick is at the deadline.
    /// </summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The term of <see cref="DefaultSlaAmount"/> and <see cref="DefaultSlaUnit"/>.</summary>
    public SlaTerm DefaultSla() => new(DefaultSlaAmount, DefaultSlaUnit);

    /// <summary>Checks the values; throws <see cref="ArgumentOutOfRangeException"/> on nonsense.</summary>
    public void Validate()
    {
        if (SlaRules.CheckTerm("DefaultSla", DefaultSlaAmount, DefaultSlaUnit) is { } breach)
        {
            throw new ArgumentOutOfRangeException(nameof(DefaultSlaAmount), breach);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(RetryPeriod, TimeSpan.FromMinutes(1), nameof(RetryPeriod));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(RetryPeriod, TimeSpan.FromDays(1), nameof(RetryPeriod));
    }
}
