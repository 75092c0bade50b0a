using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>
/// One organization's assessment (考核) for one year, keyed <c>{orgId}/{year}</c>: the three
/// steps' scores against the scorecard snapshotted at the first of them, and the finalization that
/// fixes them.
/// </summary>
[Alias("PartyActors.IAssessmentGrain")]
public interface IAssessmentGrain : IGrainWithStringKey
{
    /// <summary>The assessment as it stands, scored.</summary>
    [ReadOnly]
    Task<AssessmentDetails> GetDetails();

    /// <summary>The figures a ranking and a later year need.</summary>
    [ReadOnly]
    Task<AssessmentSummary> GetSummary();

    /// <summary>The scorecard the steps are scored against: the snapshot once a step is recorded, else the one that would be taken now (null: none).</summary>
    [ReadOnly]
    Task<EffectiveScorecard?> GetScorecard();

    /// <summary>Records (or records again) a step's scores; refused once the year is finalized.</summary>
    Task<AssessmentDetails> Record(AssessmentStep step, StepScores scores, string recordedBy);

    /// <summary>Fixes the year: every step with weight must be recorded. Again changes nothing.</summary>
    Task<AssessmentDetails> Finalize(string finalizedBy);
}

/// <summary>Reads an assessment with what the years before it decide: the previous tier, 晋位升级, honours.</summary>
public static class AssessmentReader
{
    public static async Task<AssessmentResult> ReadAsync(IGrainFactory grains, string orgId, int year)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var details = await grains.GetGrain<IAssessmentGrain>(AssessmentKeys.Of(orgId, year)).GetDetails();
        var rules = details.Scorecard?.Scorecard.Rules is { IsDefault: false } r ? r : [];
        var span = Math.Max(1, rules.Select(rule => rule.Years - 1).DefaultIfEmpty(0).Max());
        var earlierYears = Enumerable.Range(1, span).Select(back => year - back).Where(AssessmentKeys.IsYear).ToArray();
        var earlier = (await Task.WhenAll(earlierYears.Select(y => grains.GetGrain<IAssessmentGrain>(AssessmentKeys.Of(orgId, y)).GetSummary())))
            .ToDictionary(s => s.Year);

        // Only finalized years count: a year still being scored may change.
        AssessmentTier? FinalTier(int y) => earlier.TryGetValue(y, out var s) && s.Finalized ? s.Tier : null;
        var previous = FinalTier(year - 1);
        var tier = details.Finalized ? details.Score.Tier : null;
        var honours = ImmutableArray.CreateBuilder<Honour>();
        if (tier == AssessmentTier.Advanced)
        {
            foreach (var rule in rules.Where(rule => rule.Kind == HonourRuleKind.ConsecutiveExcellent))
            {
                if (Enumerable.Range(1, rule.Years - 1).All(back => FinalTier(year - back) == AssessmentTier.Advanced))
                {
                    honours.Add(new Honour(rule.Kind, rule.Years, rule.Title));
                }
            }
        }

        return new AssessmentResult(details, previous, tier is { } t && previous is { } p && t > p, honours.ToImmutable());
    }
}
