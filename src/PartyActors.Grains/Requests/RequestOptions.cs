namespace PartyActors.Grains;

/// <summary>Settings of residents' requests (docs/requests.md); the SLA table and calendar admins set through the API override <see cref="DefaultSla"/>.</summary>
public sealed class RequestOptions
{
    public const string Section = "Requests";

    /// <summary>
    /// The term every level has to answer while no SLA table is set: 3 working days, the reply deadline
    /// (限期答复) the county in our sources used, and the 全程代办 rule's "within 3 working days".
    /// </summary>
    public int DefaultSlaAmount { get; set; } = 3;

    /// <summary>What <see cref="DefaultSlaAmount"/> counts: working days.</summary>
    public SlaUnit DefaultSlaUnit { get; set; } = SlaUnit.WorkingDays;

    /// <summary>
    /// How often a request's deadline reminder ticks again while an escalation has not succeeded (a
    /// store or an organization was down): 1 hour. The first tick is at the deadline.
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
