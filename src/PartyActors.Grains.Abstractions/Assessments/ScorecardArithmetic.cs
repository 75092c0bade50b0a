using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>
/// The arithmetic of a scorecard, in <see cref="decimal"/> (no binary fractions), rounding only
/// where written here, to 2 decimals with halves away from zero (docs/assessment.md, "Arithmetic"):
/// <list type="number">
/// <item>a section in a step scores <c>round(weight × Σ points ÷ Σ maxPoints)</c>;</item>
/// <item>a step scores the sum of its sections (exact: no further rounding), at most the scale;</item>
/// <item>the weighted score is <c>round(Σ stepWeight × stepScore ÷ Σ stepWeights)</c> over the three steps;</item>
/// <item>the score is the weighted score plus the bonus of the organization step (exact), at most scale + bonusMax.</item>
/// </list>
/// Rounding each section keeps the subtotals shown adding up to the step score to the cent.
/// </summary>
public static class ScorecardArithmetic
{
    /// <summary>To 2 decimals, halves away from zero (四舍五入).</summary>
    public static decimal Round(decimal value) => decimal.Round(value, ScorecardRules.PointDecimals, MidpointRounding.AwayFromZero);

    /// <summary>A section's worth on the scale for the points its items got in one step.</summary>
    public static SectionScore ScoreSection(ScorecardSection section, IReadOnlyDictionary<string, decimal> items)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(items);
        var points = section.Items.Sum(i => items.GetValueOrDefault(i.Id));
        var max = section.MaxPoints;
        return new SectionScore(section.Id, points, max, Round(section.Weight * points / max), section.Weight);
    }

    /// <summary>Scores the recorded steps (a step that is absent is not recorded).</summary>
    public static AssessmentScore Score(Scorecard card, IReadOnlyDictionary<AssessmentStep, RecordedStep> steps)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(steps);
        var scored = ImmutableArray.CreateBuilder<StepScore>();
        foreach (var step in Enum.GetValues<AssessmentStep>())
        {
            if (steps.TryGetValue(step, out var recorded))
            {
                var sections = card.Sections.Select(s => ScoreSection(s, recorded.Scores.Items)).ToImmutableArray();
                scored.Add(new StepScore(step, card.StepWeights.Of(step), sections.Sum(s => s.Score), sections,
                    recorded.Scores.Bonus, recorded.Scores.Note, recorded.RecordedBy, recorded.RecordedAt));
            }
        }

        var bonus = steps.TryGetValue(AssessmentStep.Organization, out var organization) ? organization.Scores.Bonus : 0m;
        var complete = Enum.GetValues<AssessmentStep>().All(s => !card.Weighs(s) || steps.ContainsKey(s));
        if (!complete)
        {
            return new AssessmentScore(scored.ToImmutable(), false, null, bonus, null, null, null);
        }

        var weighted = Round(scored.Sum(s => s.Weight * s.Score) / card.StepWeights.Total);
        var score = weighted + bonus;
        return new AssessmentScore(scored.ToImmutable(), true, weighted, bonus, score, card.Tiers.TierOf(score), StarsFor(card, score));
    }

    /// <summary>How many star thresholds the score reaches (0 to the number of thresholds).</summary>
    public static int StarsFor(Scorecard card, decimal score)
    {
        ArgumentNullException.ThrowIfNull(card);
        return card.Stars.IsDefault ? 0 : card.Stars.Count(threshold => score >= threshold);
    }
}
