using System.Collections.Immutable;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace PartyActors.Grains.Tests.Assessments;

/// <summary>The arithmetic of docs/assessment.md, checked against sums worked by hand and against an integer recomputation.</summary>
public sealed class ScorecardArithmeticTests
{
    private static AssessmentScore Score(Scorecard card, StepScores? self, StepScores? @public, StepScores? organization)
    {
        var steps = new Dictionary<AssessmentStep, RecordedStep>();
        foreach (var (step, scores) in new[] { (AssessmentStep.Self, self), (AssessmentStep.Public, @public), (AssessmentStep.Organization, organization) })
        {
            if (scores is not null)
            {
                steps[step] = Scorecards.Recorded(scores);
            }
        }

        return ScorecardArithmetic.Score(card, steps);
    }

    [Fact]
    public void A_hundred_point_card_scores_as_worked_by_hand()
    {
        var result = Score(Scorecards.Hundred(),
            Scorecards.Scores(0, ("a", 10), ("b", 15), ("c", 45), ("d", 40)),
            Scorecards.Scores(0, ("a", 8), ("b", 16), ("c", 40), ("d", 41)),
            Scorecards.Scores(2.5m, ("a", 9), ("b", 17.5m), ("c", 47), ("d", 46)));

        // self: org 40 × 25/30 = 33.333… → 33.33; svc 60 × 85/100 = 51.00; step 84.33.
        // public: org 40 × 24/30 = 32.00; svc 60 × 81/100 = 48.60; step 80.60.
        // organization: org 40 × 26.5/30 = 35.333… → 35.33; svc 60 × 93/100 = 55.80; step 91.13.
        Assert.Equal([84.33m, 80.60m, 91.13m], result.Steps.Select(s => s.Score));
        Assert.Equal([33.33m, 51.00m], result.Steps[0].Sections.Select(s => s.Score));
        Assert.Equal([25m, 85m], result.Steps[0].Sections.Select(s => s.Points));
        Assert.Equal([35.33m, 55.80m], result.Steps[2].Sections.Select(s => s.Score));

        // (20 × 84.33 + 30 × 80.60 + 50 × 91.13) / 100 = 8661.1 / 100 = 86.611 → 86.61; plus the bonus 2.5.
        Assert.True(result.Complete);
        Assert.Equal(86.61m, result.Weighted);
        Assert.Equal(2.5m, result.Bonus);
        Assert.Equal(89.11m, result.Score);
        Assert.Equal(AssessmentTier.Advanced, result.Tier);
        Assert.Equal(3, result.Stars);
    }

    [Fact]
    public void A_thousand_point_card_scores_as_worked_by_hand_and_rounds_halves_away_from_zero()
    {
        var result = Score(Scorecards.Thousand(),
            Scorecards.Scores(0, ("a1", 0.07m), ("b1", 60), ("b2", 40)),
            Scorecards.Scores(0, ("a1", 8), ("b1", 55.55m), ("b2", 33.33m)),
            Scorecards.Scores(12.34m, ("a1", 7.5m), ("b1", 59), ("b2", 39.99m)));

        // self: A 300 × 0.07/8 = 2.625 → 2.63 (to even it would be 2.62); B 700 × 100/100 = 700; step 702.63.
        Assert.Equal(2.63m, result.Steps[0].Sections[0].Score);

        // public: A 300; B 700 × 88.88/100 = 622.16; step 922.16. organization: A 281.25 → 281.25; B 700 × 98.99/100 = 692.93; step 974.18.
        Assert.Equal([702.63m, 922.16m, 974.18m], result.Steps.Select(s => s.Score));

        // 0.2 × 702.63 + 0.3 × 922.16 + 0.5 × 974.18 = 140.526 + 276.648 + 487.09 = 904.264 → 904.26; plus 12.34.
        Assert.Equal(904.26m, result.Weighted);
        Assert.Equal(916.60m, result.Score);
        Assert.Equal(AssessmentTier.Advanced, result.Tier);
        Assert.Equal(3, result.Stars);
    }

    [Fact]
    public void The_weighted_score_rounds_a_half_cent_away_from_zero()
    {
        var card = new Scorecard("半分", 100, [new ScorecardSection("s", "一", 100, [new ScorecardItem("i", "一", 10000)])],
            0, new StepWeights(50, 50, 0), new TierThresholds(80.01m, 50), [80.01m], []);

        // self 100 × 8001/10000 = 80.01; public 80.00; (50 × 80.01 + 50 × 80.00) / 100 = 80.005 → 80.01.
        var result = Score(card, Scorecards.Scores(0, ("i", 8001)), Scorecards.Scores(0, ("i", 8000)), null);
        Assert.True(result.Complete);
        Assert.Equal(80.01m, result.Score);
        Assert.Equal(AssessmentTier.Advanced, result.Tier);
        Assert.Equal(1, result.Stars);
    }

    [Fact]
    public void Tiers_and_stars_follow_the_thresholds_at_their_edges()
    {
        var card = Scorecards.Hundred();
        Assert.Equal(AssessmentTier.Advanced, card.Tiers.TierOf(85));
        Assert.Equal(AssessmentTier.Average, card.Tiers.TierOf(84.99m));
        Assert.Equal(AssessmentTier.Average, card.Tiers.TierOf(60));
        Assert.Equal(AssessmentTier.Lagging, card.Tiers.TierOf(59.99m));
        Assert.Equal([0, 1, 1, 4, 4], new[] { 59.99m, 60m, 69.99m, 90m, 105m }.Select(s => ScorecardArithmetic.StarsFor(card, s)));
    }

    [Fact]
    public void Until_every_step_with_weight_is_in_there_is_no_score()
    {
        var card = Scorecards.Hundred();
        var partial = Score(card, Scorecards.Scores(0, ("a", 1), ("b", 1), ("c", 1), ("d", 1)), null, Scorecards.Scores(1, ("a", 1), ("b", 1), ("c", 1), ("d", 1)));
        Assert.False(partial.Complete);
        Assert.Null(partial.Score);
        Assert.Null(partial.Tier);
        Assert.Equal(2, partial.Steps.Length);
        Assert.Equal(1, partial.Bonus);
    }

    [Fact]
    public void The_score_stays_within_the_scale_plus_bonus_and_equals_an_integer_recomputation()
    {
        var property = Prop.ForAll(Arb.From(Cases()), c =>
        {
            var result = ScorecardArithmetic.Score(c.Card, c.Steps);
            Assert.True(result.Complete);
            Assert.InRange(result.Score!.Value, 0, c.Card.Scale + c.Card.BonusMax);
            Assert.All(result.Steps, s => Assert.InRange(s.Score, 0, c.Card.Scale));
            Assert.Equal(Recompute(c.Card, c.Steps), result.Score.Value);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }

    /// <summary>
    /// The rules of docs/assessment.md over whole cents and ten-thousandths with rational rounding
    /// (half away from zero: ⌊(2a + b) / 2b⌋ for a, b ≥ 0), independent of <see cref="decimal"/> division.
    /// </summary>
    private static decimal Recompute(Scorecard card, IReadOnlyDictionary<AssessmentStep, RecordedStep> steps)
    {
        static BigInteger Cents(decimal value) => new(value * 100);
        static BigInteger RoundDiv(BigInteger a, BigInteger b) => ((2 * a) + b) / (2 * b);

        BigInteger sum = 0, total = 0;
        foreach (var (step, recorded) in steps)
        {
            BigInteger stepCents = 0;
            foreach (var section in card.Sections)
            {
                var points = section.Items.Aggregate(BigInteger.Zero, (acc, i) => acc + Cents(recorded.Scores.Items[i.Id]));
                var max = section.Items.Aggregate(BigInteger.Zero, (acc, i) => acc + Cents(i.MaxPoints));
                stepCents += RoundDiv(Cents(section.Weight) * points, max);
            }

            var weight = new BigInteger(card.StepWeights.Of(step) * 10_000);
            sum += weight * stepCents;
            total += weight;
        }

        var cents = RoundDiv(sum, total) + Cents(steps[AssessmentStep.Organization].Scores.Bonus);
        return (decimal)cents / 100;
    }

    private sealed record Case(Scorecard Card, Dictionary<AssessmentStep, RecordedStep> Steps)
    {
        public override string ToString() => $"{Card.Scale}: [{string.Join("; ", Card.Sections.Select(s => $"{s.Weight}: {string.Join(",", s.Items.Select(i => i.MaxPoints))}"))}] weights {Card.StepWeights} steps {string.Join(" | ", Steps.Select(s => $"{s.Key}: {string.Join(",", s.Value.Scores.Items.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => i.Value))} +{s.Value.Scores.Bonus}"))}";
    }

    /// <summary>Cards with 1 to 4 sections of 1 to 4 items, weights in cents summing to the scale, and every step scored.</summary>
    private static Gen<Case> Cases() =>
        from scale in Gen.Elements(100, 1000)
        from sectionCount in Gen.Choose(1, 4)
        from cuts in Gen.ArrayOf(Gen.Choose(1, (scale * 100) - 1), sectionCount - 1)
        from maxima in Gen.ArrayOf(Gen.ArrayOf(Gen.Choose(1, 100_00), 4), sectionCount)
        from itemCounts in Gen.ArrayOf(Gen.Choose(1, 4), sectionCount)
        from bonusMax in Gen.Choose(0, scale * 10)
        from stepWeights in Gen.ArrayOf(Gen.Choose(0, 10_000), 3)
        from fractions in Gen.ArrayOf(Gen.Choose(0, 10_000), 3 * 16)
        from bonusFraction in Gen.Choose(0, 100)
        select Build(scale, cuts, maxima, itemCounts, bonusMax, stepWeights, fractions, bonusFraction);

    private static Case Build(int scale, IReadOnlyList<int> cuts, IReadOnlyList<IReadOnlyList<int>> maxima, IReadOnlyList<int> itemCounts,
        int bonusMaxCents, IReadOnlyList<int> stepWeights, IReadOnlyList<int> fractions, int bonusFraction)
    {
        // Section weights: the scale cut at distinct points, in cents.
        var bounds = cuts.Distinct().Order().Prepend(0).Append(scale * 100).ToArray();
        var sections = ImmutableArray.CreateBuilder<ScorecardSection>();
        for (var s = 0; s + 1 < bounds.Length; s++)
        {
            var weight = (bounds[s + 1] - bounds[s]) / 100m;
            var items = Enumerable.Range(0, itemCounts[s]).Select(i => new ScorecardItem($"s{s}i{i}", "项", Math.Min(maxima[s][i] / 100m, weight))).ToImmutableArray();
            sections.Add(new ScorecardSection($"s{s}", "节", weight, items));
        }

        // Step weights summing to 1 in ten-thousandths (or all on the organization step).
        var raw = stepWeights.Select(w => (decimal)w).ToArray();
        var sum = raw.Sum();
        var weights = sum == 0 ? new StepWeights(0, 0, 1)
            : new StepWeights(decimal.Round(raw[0] / sum, 4, MidpointRounding.ToZero), decimal.Round(raw[1] / sum, 4, MidpointRounding.ToZero), 0);
        weights = weights with { Organization = 1 - weights.Self - weights.Public };

        var bonusMax = bonusMaxCents / 100m;
        var card = new Scorecard("性质", scale, sections.ToImmutable(), bonusMax, weights, new TierThresholds(scale * 0.85m, scale * 0.6m), [], []);
        Assert.Empty(ScorecardRules.Check(card));

        var steps = new Dictionary<AssessmentStep, RecordedStep>();
        var f = 0;
        foreach (var step in Enum.GetValues<AssessmentStep>())
        {
            var points = card.Sections.SelectMany(s => s.Items).ToImmutableDictionary(i => i.Id,
                i => decimal.Round(i.MaxPoints * fractions[f++ % fractions.Count] / 10_000m, 2, MidpointRounding.ToZero), StringComparer.Ordinal);
            var bonus = step == AssessmentStep.Organization ? decimal.Round(bonusMax * bonusFraction / 100m, 2, MidpointRounding.ToZero) : 0;
            var scores = new StepScores(points, bonus);
            Assert.Empty(ScorecardRules.CheckScores(card, step, scores).Where(b => b.Field != "step"));
            steps[step] = Scorecards.Recorded(scores);
        }

        return new Case(card, steps);
    }
}
