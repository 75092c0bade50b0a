namespace PartyActors.Client;

/// <summary>The three steps of a year's assessment (the <c>{step}</c> of <c>POST …/assessments/{year}/steps/{step}</c>).</summary>
public static class AssessmentSteps
{
    /// <summary>自评: recorded by the organization's own admins.</summary>
    public const string Self = "self";

    /// <summary>群众评议: recorded by a worker in scope, for the public.</summary>
    public const string Public = "public";

    /// <summary>组织评定: recorded by the admins of an organization above; the only step with a bonus.</summary>
    public const string Organization = "organization";
}

/// <summary>The tiers a score falls in (<c>tier</c>, and the ranking's <c>?tier=</c>).</summary>
public static class AssessmentTiers
{
    /// <summary>先进.</summary>
    public const string Advanced = "advanced";

    /// <summary>一般.</summary>
    public const string Average = "average";

    /// <summary>后进.</summary>
    public const string Lagging = "lagging";
}

/// <summary>The kinds of multi-year honour rules.</summary>
public static class HonourRuleKinds
{
    /// <summary>Advanced in each of <c>years</c> finalized years running (连续三年先进).</summary>
    public const string ConsecutiveExcellent = "consecutive-excellent";
}

/// <summary>An item of a scorecard section, scored from 0 to <paramref name="MaxPoints"/>.</summary>
public sealed record ScorecardItem(string Id, string Name, decimal MaxPoints);

/// <summary>A section of a scorecard with its weight (the sections' weights sum to the scale) and items.</summary>
public sealed record ScorecardSection(string Id, string Name, decimal Weight, IReadOnlyList<ScorecardItem>? Items)
{
    public IReadOnlyList<ScorecardItem> Items { get; init; } = Items ?? [];
}

/// <summary>The weights of the three steps in the score (they sum to 1 or to 100; 0 leaves a step out).</summary>
public sealed record ScorecardStepWeights(decimal Self, decimal Public, decimal Organization);

/// <summary>A score at or above <paramref name="Advanced"/> is advanced, below <paramref name="Lagging"/> lagging, average between.</summary>
public sealed record ScorecardTiers(decimal Advanced, decimal Lagging);

/// <summary>A multi-year honour: <paramref name="Kind"/> (<see cref="HonourRuleKinds"/>) over <paramref name="Years"/> years earns <paramref name="Title"/>.</summary>
public sealed record HonourRule(string Kind, int Years, string Title);

/// <summary>
/// A scorecard (考核细则), the body of <c>PUT /api/v1/orgs/{orgId}/scorecards/{year}</c>: the
/// sections and items an organization assesses its subtree with, on a <paramref name="Scale"/> of 100
/// or 1000, with a bonus of up to <paramref name="BonusMax"/>, the steps' weights, the tiers' thresholds
/// and the scores that earn 1, 2, … stars (docs/assessment.md, "The scorecard").
/// </summary>
public sealed record Scorecard(
    string Name,
    int Scale,
    IReadOnlyList<ScorecardSection>? Sections,
    decimal BonusMax,
    ScorecardStepWeights StepWeights,
    ScorecardTiers Tiers,
    IReadOnlyList<decimal>? Stars,
    IReadOnlyList<HonourRule>? Rules)
{
    public IReadOnlyList<ScorecardSection> Sections { get; init; } = Sections ?? [];

    public IReadOnlyList<decimal> Stars { get; init; } = Stars ?? [];

    public IReadOnlyList<HonourRule> Rules { get; init; } = Rules ?? [];
}

/// <summary>The scorecard in force at an organization for a year, set by <paramref name="DefinedAt"/> (itself or the closest ancestor with one).</summary>
public sealed record ScorecardInForce(string OrgId, int Year, string DefinedAt, Scorecard Scorecard);

/// <summary>
/// The body of <c>POST /api/v1/orgs/{orgId}/assessments/{year}/steps/{step}</c>: the points of every
/// item of the scorecard (0 to its maximum, 2 decimals at most), a bonus (the organization step
/// only) and a note.
/// </summary>
public sealed record AssessmentStepScores(IReadOnlyDictionary<string, decimal> Items, decimal? Bonus = null, string? Note = null);

/// <summary>A section's subtotal in a step: <paramref name="Points"/> of <paramref name="MaxPoints"/>, as <paramref name="Score"/> on the scale times its weight.</summary>
public sealed record AssessmentSectionScore(string SectionId, decimal Points, decimal MaxPoints, decimal Score, decimal Weight);

/// <summary>A step as recorded, with its score on the scale and its sections' subtotals.</summary>
/// <param name="Step">One of <see cref="AssessmentSteps"/>.</param>
public sealed record AssessmentStepScore(
    string Step,
    decimal Weight,
    decimal Score,
    IReadOnlyList<AssessmentSectionScore>? Sections,
    decimal Bonus,
    string? Note,
    string RecordedBy,
    DateTimeOffset RecordedAt)
{
    public IReadOnlyList<AssessmentSectionScore> Sections { get; init; } = Sections ?? [];
}

/// <summary>An honour earned under a rule of the scorecard.</summary>
public sealed record AssessmentHonour(string Kind, int Years, string Title);

/// <summary>
/// An organization's assessment for a year (<c>GET /api/v1/orgs/{orgId}/assessments/{year}</c>):
/// the score on the scale (weighted over the steps, plus bonus; null until every step with weight is
/// recorded), tier, stars, last year's tier, honours and the scorecard snapshot used.
/// </summary>
/// <param name="Tier">One of <see cref="AssessmentTiers"/>; null until complete.</param>
/// <param name="MovedUp">It moved up a tier from last year (晋位升级).</param>
/// <param name="Missing">The steps with weight not recorded yet (<see cref="AssessmentSteps"/>).</param>
/// <param name="Scorecard">The snapshot the year is scored with; null before the first step.</param>
public sealed record Assessment(
    string OrgId,
    int Year,
    bool Complete,
    bool Finalized,
    DateTimeOffset? FinalizedAt,
    string? FinalizedBy,
    decimal? Score,
    decimal? Weighted,
    decimal Bonus,
    int? Scale,
    string? Tier,
    int? Stars,
    string? PreviousTier,
    bool MovedUp,
    IReadOnlyList<AssessmentHonour>? Honours,
    IReadOnlyList<AssessmentStepScore>? Steps,
    IReadOnlyList<string>? Missing,
    ScorecardInForce? Scorecard)
{
    public IReadOnlyList<AssessmentHonour> Honours { get; init; } = Honours ?? [];

    public IReadOnlyList<AssessmentStepScore> Steps { get; init; } = Steps ?? [];

    public IReadOnlyList<string> Missing { get; init; } = Missing ?? [];
}

/// <summary>A child's place among its siblings; <paramref name="Rank"/> is null for one without a complete score.</summary>
public sealed record RankedAssessment(int? Rank, string OrgId, string Name, decimal? Score, string? Tier, int? Stars, bool Complete, bool Finalized);

/// <summary>An organization's children ranked by their score for a year (<c>GET /api/v1/orgs/{orgId}/assessments/{year}/ranking</c>).</summary>
public sealed record AssessmentRanking(string OrgId, int Year, IReadOnlyList<RankedAssessment>? Items)
{
    public IReadOnlyList<RankedAssessment> Items { get; init; } = Items ?? [];
}
