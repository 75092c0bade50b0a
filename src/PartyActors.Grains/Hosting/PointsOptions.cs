namespace PartyActors.Grains;

/// <summary>Settings of points (积分) that the membership pipeline relies on (docs/points.md).</summary>
public sealed class PointsOptions
{
    public const string Section = "Points";

    /// <summary>
    /// The points an applicant needs before becoming an activist (入党积极分子): 30, the threshold the
    /// districts we serve use; a profile change from applicant to activist below it is refused (409).
    /// </summary>
    public int ActivistThreshold { get; set; } = 30;
}
