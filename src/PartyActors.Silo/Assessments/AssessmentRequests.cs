using System.Collections.Immutable;
using System.Globalization;
using PartyActors.Grains;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Assessments;

/// <summary>
/// The body of <c>PUT /api/v1/orgs/{orgId}/scorecards/{year}</c> (docs/assessment.md, "The
/// scorecard"). Missing parts are read as empty or zero, so that every breach, missing ones
/// included, is reported together by <see cref="ScorecardRules.Check"/>.
/// </summary>
internal sealed record PutScorecardRequest(
    string? Name,
    int? Scale,
    List<ScorecardSectionRequest?>? Sections,
    decimal? BonusMax,
    StepWeightsRequest? StepWeights,
    TiersRequest? Tiers,
    List<decimal>? Stars,
    List<HonourRuleRequest?>? Rules) : IRequestBody
{
    public Scorecard? Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var card = new Scorecard(
            Name?.Trim() ?? "",
            Scale ?? 0,
            Sections is null ? [] : [.. Sections.Select(s => s?.ToSection()!)],
            BonusMax ?? 0,
            StepWeights is { } w ? new StepWeights(w.Self ?? -1, w.Public ?? -1, w.Organization ?? -1) : null!,
            Tiers is { } t ? new TierThresholds(t.Advanced ?? -1, t.Lagging ?? -1) : null!,
            Stars is null ? [] : [.. Stars],
            Rules is null ? [] : [.. Rules.Select(r => r?.ToRule()!)]);
        foreach (var breach in ScorecardRules.Check(card))
        {
            errors.Add(breach.Field, breach.Message);
        }

        return errors.IsEmpty ? card : null;
    }
}

internal sealed record ScorecardSectionRequest(string? Id, string? Name, decimal? Weight, List<ScorecardItemRequest?>? Items)
{
    public ScorecardSection ToSection() => new(Id!, Name?.Trim()!, Weight ?? 0,
        Items is null ? [] : [.. Items.Select(i => i is null ? null! : new ScorecardItem(i.Id!, i.Name?.Trim()!, i.MaxPoints ?? 0))]);
}

internal sealed record ScorecardItemRequest(string? Id, string? Name, decimal? MaxPoints);

/// <summary>Weights left out are read as −1, which the rules refuse by name.</summary>
internal sealed record StepWeightsRequest(decimal? Self, decimal? Public, decimal? Organization);

internal sealed record TiersRequest(decimal? Advanced, decimal? Lagging);

internal sealed record HonourRuleRequest(string? Kind, int? Years, string? Title)
{
    /// <summary>An unknown kind is kept as a value no kind has, which the rules refuse with the accepted names.</summary>
    public HonourRule ToRule() => new(
        Kind is not null && WireNames<HonourRuleKind>.TryParse(Kind, out var kind) ? kind : (HonourRuleKind)(-1),
        Years ?? 0, Title?.Trim()!);
}

/// <summary>The body of <c>POST /api/v1/orgs/{orgId}/assessments/{year}/steps/{step}</c>: <c>{ items: { itemId: points }, bonus?, note? }</c>.</summary>
internal sealed record RecordStepRequest(Dictionary<string, decimal?>? Items, decimal? Bonus, string? Note) : IRequestBody
{
    /// <summary>The scores as given, or null with the breaches that need no scorecard to see.</summary>
    public StepScores? Read(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (Items is null)
        {
            errors.Add("items", "'items' is required: { itemId: points } for every item of the scorecard.");
        }

        foreach (var (itemId, points) in Items ?? [])
        {
            if (points is null)
            {
                errors.Add($"items.{(itemId.Length <= 64 ? itemId : itemId[..64])}", "Points are a number.");
            }
        }

        errors.Check("note", Note is { Length: > ScorecardRules.MaxNoteLength } ? $"'note' must be at most {ScorecardRules.MaxNoteLength} characters." : null);
        return errors.IsEmpty ? new StepScores(Items!.ToImmutableDictionary(i => i.Key, i => i.Value!.Value, StringComparer.Ordinal), Bonus ?? 0, Note) : null;
    }
}

/// <summary>A scorecard where it is asked for: the one in force at <see cref="OrgId"/>, set by <see cref="DefinedAt"/>.</summary>
internal sealed record ScorecardView(string OrgId, int Year, string DefinedAt, Scorecard Scorecard)
{
    public static ScorecardView Of(string orgId, int year, EffectiveScorecard card) => new(orgId, year, card.DefinedAt, card.Scorecard);
}

/// <summary>The answer of <c>GET /api/v1/orgs/{orgId}/assessments/{year}</c> (docs/assessment.md, "The result").</summary>
internal sealed record AssessmentView(
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
    AssessmentTier? Tier,
    int? Stars,
    AssessmentTier? PreviousTier,
    bool MovedUp,
    ImmutableArray<Honour> Honours,
    ImmutableArray<StepScore> Steps,
    ImmutableArray<AssessmentStep> Missing,
    ScorecardView? Scorecard)
{
    public static AssessmentView Of(AssessmentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var d = result.Details;
        var card = d.Scorecard?.Scorecard;
        // Before the first step there is no snapshot yet to say which steps carry weight: all are missing.
        ImmutableArray<AssessmentStep> missing = card is null ? [.. Enum.GetValues<AssessmentStep>()] : [.. Enum.GetValues<AssessmentStep>()
            .Where(s => card.Weighs(s) && d.Score.Steps.All(r => r.Step != s))];
        return new AssessmentView(d.OrgId, d.Year, d.Score.Complete, d.Finalized, d.FinalizedAt, d.FinalizedBy,
            d.Score.Score, d.Score.Weighted, d.Score.Bonus, card?.Scale, d.Score.Tier, d.Score.Stars,
            result.PreviousTier, result.MovedUp, result.Honours, d.Score.Steps, missing,
            d.Scorecard is { } used ? ScorecardView.Of(d.OrgId, d.Year, used) : null);
    }
}

/// <summary>A child's place among its siblings; <see cref="Rank"/> is null for a child without a complete score.</summary>
internal sealed record RankedAssessment(int? Rank, string OrgId, string Name, decimal? Score, AssessmentTier? Tier, int? Stars, bool Complete, bool Finalized);

internal sealed record AssessmentRanking(string OrgId, int Year, ImmutableArray<RankedAssessment> Items);

/// <summary>The route's year: four digits, a year a report period may be in.</summary>
internal static class AssessmentYears
{
    public static int? Parse(ValidationErrors errors, string? year)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && AssessmentKeys.IsYear(parsed))
        {
            return parsed;
        }

        errors.Add("year", $"'year' is a year from {ReportPeriod.MinYear} to {ReportPeriod.MaxYear}.");
        return null;
    }
}
