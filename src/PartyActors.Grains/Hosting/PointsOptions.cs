namespace PartyActors.Grains;

/// <summary>Settings of points (积分) that the membership pipeline and the no-show deduction rely on (docs/points.md).</summary>
public sealed class PointsOptions
{
    public const string Section = "Points";

    /// <summary>
    /// The points an applicant needs before becoming an activist (入党积极分子): 30, the threshold the
    /// districts we serve use; a profile change from applicant to activist below it is refused (409).
    /// </summary>
    public int ActivistThreshold { get; set; } = 30;

    /// <summary>
    /// How long after a project closes its claims may still be completed before those still open
    /// count as no-shows (未履约) and lose the rule table's <c>noShowDeduction</c>: 7 days. Closing a
    /// project stops claims, not the recording of service done: a Saturday's service is often
    /// recorded during the week after. Zero makes a claim open at the close a no-show at once.
    /// </summary>
    public TimeSpan NoShowGrace { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Checks the values; throws <see cref="ArgumentOutOfRangeException"/> on nonsense.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(NoShowGrace, TimeSpan.Zero, nameof(NoShowGrace));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(NoShowGrace, TimeSpan.FromDays(366), nameof(NoShowGrace));
    }
}
