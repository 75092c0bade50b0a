using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>A breach of a scorecard or score rule, against the field (a JSON path such as <c>sections[1].items[0].maxPoints</c>) it concerns.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.FieldBreach")]
public sealed record FieldBreach([property: Id(0)] string Field, [property: Id(1)] string Message);

/// <summary>
/// The rules a scorecard and the scores recorded against it keep (docs/assessment.md, "The
/// scorecard"). Shared by the API's request checks (which report every breach together) and the
/// grains (which refuse the first).
/// </summary>
public static class ScorecardRules
{
    public const int MaxNameLength = 100;
    public const int MaxNoteLength = 500;
    public const int MaxSections = 20;
    public const int MaxItemsPerSection = 50;
    public const int MaxStars = 10;
    public const int MaxRules = 10;

    /// <summary>A "N years running" rule spans at least two years (one is just the tier) and at most twenty.</summary>
    public const int MinRuleYears = 2;

    public const int MaxRuleYears = 20;

    /// <summary>Points, weights and thresholds have at most two decimals (0.01 of a point), as a score is kept.</summary>
    public const int PointDecimals = 2;

    /// <summary>Step weights have at most four decimals: 1/3 is written 0.3333 or 33.33.</summary>
    public const int WeightDecimals = 4;

    /// <summary>The accepted scales: 100 points (百分制) or 1,000 (千分制).</summary>
    public static readonly ImmutableArray<int> Scales = [100, 1000];

    /// <summary>Every breach of <paramref name="card"/>, in field order; empty when it keeps every rule.</summary>
    public static ImmutableArray<FieldBreach> Check(Scorecard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var breaches = ImmutableArray.CreateBuilder<FieldBreach>();
        void Add(string field, string? message)
        {
            if (message is not null)
            {
                breaches.Add(new FieldBreach(field, message));
            }
        }

        Add("name", TextRules.CheckRequired("name", card.Name?.Trim(), MaxNameLength));
        var scaleKnown = Scales.Contains(card.Scale);
        Add("scale", scaleKnown ? null : "'scale' must be 100 or 1000.");
        CheckSections(card, scaleKnown, Add);
        Add("bonusMax", CheckPoints("bonusMax", card.BonusMax, 0, scaleKnown ? card.Scale : null));
        CheckStepWeights(card.StepWeights, Add);

        decimal? top = scaleKnown && breaches.All(b => b.Field != "bonusMax") ? card.MaxScore : null;
        if (card.Tiers is null)
        {
            Add("tiers", "'tiers' is required: { advanced, lagging }.");
        }
        else
        {
            Add("tiers.advanced", CheckPoints("tiers.advanced", card.Tiers.Advanced, 0, top));
            Add("tiers.lagging", CheckPoints("tiers.lagging", card.Tiers.Lagging, 0, top));
            if (card.Tiers.Lagging > card.Tiers.Advanced)
            {
                Add("tiers", "'tiers.lagging' must not be above 'tiers.advanced'.");
            }
        }

        var stars = card.Stars.IsDefault ? [] : card.Stars;
        Add("stars", stars.Length > MaxStars ? $"At most {MaxStars} star thresholds." : null);
        for (var i = 0; i < stars.Length; i++)
        {
            Add($"stars[{i}]", CheckPoints($"stars[{i}]", stars[i], 0.01m, top)
                ?? (i > 0 && stars[i] <= stars[i - 1] ? "Star thresholds must rise: each above the one before." : null));
        }

        var rules = card.Rules.IsDefault ? [] : card.Rules;
        Add("rules", rules.Length > MaxRules ? $"At most {MaxRules} rules." : null);
        for (var i = 0; i < rules.Length; i++)
        {
            var rule = rules[i];
            if (rule is null)
            {
                Add($"rules[{i}]", "A rule is an object { kind, years, title }.");
                continue;
            }

            Add($"rules[{i}].kind", Enum.IsDefined(rule.Kind) ? null : $"Use one of: {WireNames<HonourRuleKind>.List}.");
            Add($"rules[{i}].years", rule.Years is < MinRuleYears or > MaxRuleYears ? $"'years' must be from {MinRuleYears} to {MaxRuleYears}." : null);
            Add($"rules[{i}].title", TextRules.CheckRequired("title", rule.Title?.Trim(), MaxNameLength));
        }

        return breaches.ToImmutable();
    }

    /// <summary>
    /// Every breach of the scores recorded for <paramref name="step"/>: every item of the scorecard
    /// scored (and no other), each from 0 to its maximum with at most two decimals; a bonus only in
    /// the organization step, from 0 to <see cref="Scorecard.BonusMax"/>; a note of at most
    /// <see cref="MaxNoteLength"/> characters; and the step must carry weight.
    /// </summary>
    public static ImmutableArray<FieldBreach> CheckScores(Scorecard card, AssessmentStep step, StepScores scores)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(scores);
        var breaches = ImmutableArray.CreateBuilder<FieldBreach>();
        if (!Enum.IsDefined(step))
        {
            breaches.Add(new FieldBreach("step", $"Use one of: {WireNames<AssessmentStep>.List}."));
            return breaches.ToImmutable();
        }

        if (!card.Weighs(step))
        {
            breaches.Add(new FieldBreach("step", $"The step '{WireNames<AssessmentStep>.Name(step)}' has weight 0 on this scorecard: nothing is recorded for it."));
        }

        var items = scores.Items ?? ImmutableDictionary<string, decimal>.Empty;
        foreach (var item in card.Sections.SelectMany(s => s.Items))
        {
            if (!items.TryGetValue(item.Id, out var points))
            {
                breaches.Add(new FieldBreach($"items.{item.Id}", $"Item '{item.Id}' must be scored, from 0 to {item.MaxPoints}."));
            }
            else if (CheckPoints($"items.{item.Id}", points, 0, item.MaxPoints) is { } breach)
            {
                breaches.Add(new FieldBreach($"items.{item.Id}", breach));
            }
        }

        foreach (var itemId in items.Keys.Where(id => card.FindItem(id) is null).Order(StringComparer.Ordinal))
        {
            breaches.Add(new FieldBreach($"items.{Shorten(itemId)}", "The scorecard has no such item."));
        }

        if (scores.Bonus != 0 && step != AssessmentStep.Organization)
        {
            breaches.Add(new FieldBreach("bonus", "Bonus points (加分) are given in the organization step only."));
        }
        else if (CheckPoints("bonus", scores.Bonus, 0, card.BonusMax) is { } bonus)
        {
            breaches.Add(new FieldBreach("bonus", bonus));
        }

        if (scores.Note is { Length: > MaxNoteLength })
        {
            breaches.Add(new FieldBreach("note", $"'note' must be at most {MaxNoteLength} characters."));
        }

        return breaches.ToImmutable();
    }

    /// <summary>Why <paramref name="value"/> is not a number of points from <paramref name="min"/> to <paramref name="max"/> (none: no bound) with at most two decimals; null when it is.</summary>
    public static string? CheckPoints(string field, decimal value, decimal min, decimal? max)
    {
        if (value < min || (max is { } m && value > m))
        {
            return max is { } upper ? $"'{field}' must be from {min} to {upper}." : $"'{field}' must be at least {min}.";
        }

        return HasAtMost(value, PointDecimals) ? null : $"'{field}' has at most {PointDecimals} decimals.";
    }

    /// <summary>Whether <paramref name="value"/> needs at most <paramref name="decimals"/> decimals.</summary>
    public static bool HasAtMost(decimal value, int decimals) => decimal.Round(value, decimals) == value;

    private static void CheckSections(Scorecard card, bool scaleKnown, Action<string, string?> add)
    {
        var sections = card.Sections.IsDefault ? [] : card.Sections;
        if (sections.Length is 0 or > MaxSections)
        {
            add("sections", $"A scorecard has 1 to {MaxSections} sections.");
            return;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var itemIds = new HashSet<string>(StringComparer.Ordinal);
        var weightsValid = true;
        for (var s = 0; s < sections.Length; s++)
        {
            var section = sections[s];
            var at = $"sections[{s}]";
            if (section is null)
            {
                add(at, "A section is an object { id, name, weight, items }.");
                weightsValid = false;
                continue;
            }

            add($"{at}.id", CheckId(section.Id) ?? (ids.Add(section.Id) ? null : $"Section id '{section.Id}' is used twice."));
            add($"{at}.name", TextRules.CheckRequired("name", section.Name?.Trim(), MaxNameLength));
            var weight = CheckPoints($"{at}.weight", section.Weight, 0.01m, scaleKnown ? card.Scale : null);
            weightsValid &= weight is null;
            add($"{at}.weight", weight);
            var items = section.Items.IsDefault ? [] : section.Items;
            if (items.Length is 0 or > MaxItemsPerSection)
            {
                add($"{at}.items", $"A section has 1 to {MaxItemsPerSection} items.");
                continue;
            }

            for (var i = 0; i < items.Length; i++)
            {
                var item = items[i];
                var itemAt = $"{at}.items[{i}]";
                if (item is null)
                {
                    add(itemAt, "An item is an object { id, name, maxPoints }.");
                    continue;
                }

                add($"{itemAt}.id", CheckId(item.Id) ?? (itemIds.Add(item.Id) ? null : $"Item id '{item.Id}' is used twice: item ids are unique across the scorecard."));
                add($"{itemAt}.name", TextRules.CheckRequired("name", item.Name?.Trim(), MaxNameLength));

                // An item is never worth more than its section: points are scored on the item's own range and
                // the section's items fill its weight in proportion to their maxima.
                add($"{itemAt}.maxPoints", CheckPoints($"{itemAt}.maxPoints", item.MaxPoints, 0.01m, weight is null ? section.Weight : null));
            }
        }

        if (scaleKnown && weightsValid && sections.Sum(s => s.Weight) is var total && total != card.Scale)
        {
            add("sections", $"The sections' weights must sum to the scale, {card.Scale}; they sum to {total}.");
        }
    }

    private static void CheckStepWeights(StepWeights? weights, Action<string, string?> add)
    {
        if (weights is null)
        {
            add("stepWeights", "'stepWeights' is required: { self, public, organization }.");
            return;
        }

        var valid = true;
        foreach (var (field, value) in new[] { ("self", weights.Self), ("public", weights.Public), ("organization", weights.Organization) })
        {
            string? breach = value < 0 || value > 100 ? $"'stepWeights.{field}' must be from 0 to 100."
                : HasAtMost(value, WeightDecimals) ? null : $"'stepWeights.{field}' has at most {WeightDecimals} decimals.";
            valid &= breach is null;
            add($"stepWeights.{field}", breach);
        }

        if (valid && weights.Total is not (1m or 100m))
        {
            add("stepWeights", $"The step weights must sum to 1 or to 100; they sum to {weights.Total}.");
        }
    }

    private static string? CheckId(string? id) =>
        id is null ? "An id is required." : Ids.IsValid(id) ? null : "Ids are " + Ids.Rule + ".";

    private static string Shorten(string id) => id.Length <= 64 ? id : id[..64];
}
