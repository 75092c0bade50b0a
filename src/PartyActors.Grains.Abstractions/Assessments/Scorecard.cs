using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace PartyActors.Grains;

/// <summary>
/// A scorecard (考核评分表) an organization sets for one year to assess the organizations below it:
/// weighted sections of items with maximum points on a 100- or 1,000-point scale (千分制), bonus
/// points (加分) up to <see cref="BonusMax"/>, the weights of the three steps (自评, 群众测评, 组织考评),
/// the tier thresholds, the star thresholds and the multi-year honour rules. Checked by
/// <see cref="ScorecardRules.Check"/>; scored by <see cref="ScorecardArithmetic"/> (docs/assessment.md).
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.Scorecard")]
public sealed record Scorecard(
    [property: Id(0)] string Name,
    [property: Id(1)] int Scale,
    [property: Id(2)] ImmutableArray<ScorecardSection> Sections,
    [property: Id(3)] decimal BonusMax,
    [property: Id(4)] StepWeights StepWeights,
    [property: Id(5)] TierThresholds Tiers,
    [property: Id(6)] ImmutableArray<decimal> Stars,
    [property: Id(7)] ImmutableArray<HonourRule> Rules)
{
    /// <summary>The highest score the scorecard can give: the scale plus the bonus.</summary>
    public decimal MaxScore => Scale + BonusMax;

    /// <summary>The item <paramref name="itemId"/> and its section, or null when the scorecard has none.</summary>
    public (ScorecardSection Section, ScorecardItem Item)? FindItem(string itemId)
    {
        foreach (var section in Sections)
        {
            foreach (var item in section.Items)
            {
                if (string.Equals(item.Id, itemId, StringComparison.Ordinal))
                {
                    return (section, item);
                }
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="step"/> counts (its weight is above zero): only those must be recorded.</summary>
    public bool Weighs(AssessmentStep step) => StepWeights.Of(step) > 0;
}

/// <summary>A section: its <see cref="Weight"/> is its share of the scale; its items' points fill it in proportion.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.ScorecardSection")]
public sealed record ScorecardSection(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] decimal Weight,
    [property: Id(3)] ImmutableArray<ScorecardItem> Items)
{
    /// <summary>The points all its items can give together.</summary>
    public decimal MaxPoints => Items.Sum(i => i.MaxPoints);
}

/// <summary>An item scored from 0 to <see cref="MaxPoints"/>.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.ScorecardItem")]
public sealed record ScorecardItem([property: Id(0)] string Id, [property: Id(1)] string Name, [property: Id(2)] decimal MaxPoints);

/// <summary>The weights of the three steps; they sum to 1 or to 100 (percent) and only their proportions matter.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.StepWeights")]
public sealed record StepWeights([property: Id(0)] decimal Self, [property: Id(1)] decimal Public, [property: Id(2)] decimal Organization)
{
    public decimal Total => Self + Public + Organization;

    public decimal Of(AssessmentStep step) => step switch
    {
        AssessmentStep.Self => Self,
        AssessmentStep.Public => Public,
        AssessmentStep.Organization => Organization,
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };
}

/// <summary>A score of at least <see cref="Advanced"/> is advanced (先进); below <see cref="Lagging"/>, lagging (后进); between, average (一般).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.TierThresholds")]
public sealed record TierThresholds([property: Id(0)] decimal Advanced, [property: Id(1)] decimal Lagging)
{
    public AssessmentTier TierOf(decimal score) =>
        score >= Advanced ? AssessmentTier.Advanced : score < Lagging ? AssessmentTier.Lagging : AssessmentTier.Average;
}

/// <summary>A rule over several finalized years, such as "advanced three years running" (连续三年先进).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.HonourRule")]
public sealed record HonourRule([property: Id(0)] HonourRuleKind Kind, [property: Id(1)] int Years, [property: Id(2)] string Title);

/// <summary>The kinds of multi-year rule.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HonourRuleKind>))]
[GenerateSerializer, Alias("PartyActors.HonourRuleKind")]
public enum HonourRuleKind
{
    /// <summary>The year and the <see cref="HonourRule.Years"/> − 1 before it are all finalized with the tier advanced (连续 N 年优秀).</summary>
    [JsonStringEnumMemberName("consecutive-excellent")] ConsecutiveExcellent,
}

/// <summary>The three steps of an assessment.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AssessmentStep>))]
[GenerateSerializer, Alias("PartyActors.AssessmentStep")]
public enum AssessmentStep
{
    /// <summary>自评: the organization scores itself.</summary>
    [JsonStringEnumMemberName("self")] Self,

    /// <summary>群众测评: the public's appraisal, recorded by a worker on its behalf.</summary>
    [JsonStringEnumMemberName("public")] Public,

    /// <summary>组织考评: the assessment by the organization above.</summary>
    [JsonStringEnumMemberName("organization")] Organization,
}

/// <summary>The tiers of a result, lowest first (晋位升级 is a move up this order from one year to the next).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AssessmentTier>))]
[GenerateSerializer, Alias("PartyActors.AssessmentTier")]
public enum AssessmentTier
{
    /// <summary>后进.</summary>
    [JsonStringEnumMemberName("lagging")] Lagging,

    /// <summary>一般.</summary>
    [JsonStringEnumMemberName("average")] Average,

    /// <summary>先进.</summary>
    [JsonStringEnumMemberName("advanced")] Advanced,
}
