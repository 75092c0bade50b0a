using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>The points one step gives: every item's points, the bonus (organization step only) and a note.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.StepScores")]
public sealed record StepScores(
    [property: Id(0)] ImmutableDictionary<string, decimal> Items,
    [property: Id(1)] decimal Bonus = 0,
    [property: Id(2)] string? Note = null);

/// <summary>A step as recorded: its scores, who recorded them and when.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.RecordedStep")]
public sealed record RecordedStep(
    [property: Id(0)] StepScores Scores,
    [property: Id(1)] string RecordedBy,
    [property: Id(2)] DateTimeOffset RecordedAt);

/// <summary>The scorecard that applies to an assessment, and the organization that set it.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.EffectiveScorecard")]
public sealed record EffectiveScorecard([property: Id(0)] Scorecard Scorecard, [property: Id(1)] string DefinedAt);

/// <summary>A section's part of one step: the raw points of its items and what they are worth on the scale.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.SectionScore")]
public sealed record SectionScore(
    [property: Id(0)] string SectionId,
    [property: Id(1)] decimal Points,
    [property: Id(2)] decimal MaxPoints,
    [property: Id(3)] decimal Score,
    [property: Id(4)] decimal Weight);

/// <summary>One recorded step: its score on the scale (the sum of its sections') and its weight.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.StepScore")]
public sealed record StepScore(
    [property: Id(0)] AssessmentStep Step,
    [property: Id(1)] decimal Weight,
    [property: Id(2)] decimal Score,
    [property: Id(3)] ImmutableArray<SectionScore> Sections,
    [property: Id(4)] decimal Bonus,
    [property: Id(5)] string? Note,
    [property: Id(6)] string RecordedBy,
    [property: Id(7)] DateTimeOffset RecordedAt);

/// <summary>
/// What the scorecard makes of the recorded steps. <see cref="Score"/>, <see cref="Tier"/> and
/// <see cref="Stars"/> are null until <see cref="Complete"/> (every step with weight recorded).
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.AssessmentScore")]
public sealed record AssessmentScore(
    [property: Id(0)] ImmutableArray<StepScore> Steps,
    [property: Id(1)] bool Complete,
    [property: Id(2)] decimal? Weighted,
    [property: Id(3)] decimal Bonus,
    [property: Id(4)] decimal? Score,
    [property: Id(5)] AssessmentTier? Tier,
    [property: Id(6)] int? Stars);

/// <summary>An organization's assessment for a year, as its grain holds it. <see cref="Scorecard"/> is the snapshot taken at the first recorded step (null before).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.AssessmentDetails")]
public sealed record AssessmentDetails(
    [property: Id(0)] string OrgId,
    [property: Id(1)] int Year,
    [property: Id(2)] EffectiveScorecard? Scorecard,
    [property: Id(3)] AssessmentScore Score,
    [property: Id(4)] DateTimeOffset? FinalizedAt,
    [property: Id(5)] string? FinalizedBy)
{
    public bool Finalized => FinalizedAt is not null;
}

/// <summary>The few figures a ranking or a later year's honours need, from one call.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.AssessmentSummary")]
public sealed record AssessmentSummary(
    [property: Id(0)] string OrgId,
    [property: Id(1)] int Year,
    [property: Id(2)] bool Started,
    [property: Id(3)] bool Complete,
    [property: Id(4)] bool Finalized,
    [property: Id(5)] decimal? Score,
    [property: Id(6)] AssessmentTier? Tier,
    [property: Id(7)] int? Stars,
    [property: Id(8)] decimal? OrganizationStepScore);

/// <summary>An honour a multi-year rule gives a finalized year.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.Honour")]
public sealed record Honour([property: Id(0)] HonourRuleKind Kind, [property: Id(1)] int Years, [property: Id(2)] string Title);

/// <summary>
/// An assessment with what depends on the years before it: the tier of the year before (when it
/// was finalized), whether the organization moved up a tier (晋位升级), and the honours of the
/// multi-year rules (<see cref="AssessmentReader"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.AssessmentResult")]
public sealed record AssessmentResult(
    [property: Id(0)] AssessmentDetails Details,
    [property: Id(1)] AssessmentTier? PreviousTier,
    [property: Id(2)] bool MovedUp,
    [property: Id(3)] ImmutableArray<Honour> Honours);

/// <summary>The stable codes of assessment refusals.</summary>
public static class AssessmentErrors
{
    /// <summary>No organization above the assessed one has a scorecard for the year.</summary>
    public const string ScorecardNotFound = "scorecard-not-found";

    /// <summary>The year is finalized: its scores no longer change.</summary>
    public const string Finalized = "assessment-finalized";

    /// <summary>A step with weight is not yet recorded, so the year cannot be finalized.</summary>
    public const string Incomplete = "assessment-incomplete";

    public static DomainException Invalid(FieldBreach breach)
    {
        ArgumentNullException.ThrowIfNull(breach);
        return DomainErrors.Invalid(breach.Field, breach.Message);
    }
}

/// <summary>Assessment grain keys: <c>{orgId}/{year}</c> (an org id never holds a slash).</summary>
public static class AssessmentKeys
{
    public static string Of(string orgId, int year) => $"{orgId}/{year.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public static (string OrgId, int Year) Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.LastIndexOf('/');
        return (key[..slash], int.Parse(key.AsSpan(slash + 1), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Whether <paramref name="year"/> may be assessed (the years a report period may be in).</summary>
    public static bool IsYear(int year) => year is >= ReportPeriod.MinYear and <= ReportPeriod.MaxYear;
}
