namespace PartyActors.Grains;

/// <summary>
/// The checks of an SLA table (<see cref="SlaTable"/>), one set for every mechanism that keeps one
/// (requests, errands). What differs between them is only which categories a rule may name, so that
/// is the one parameter (<see cref="Validate"/>).
/// </summary>
public static class SlaRules
{
    /// <summary>Longer terms are typos: a quarter of working days, a month of hours.</summary>
    public const int MaxWorkingDays = 60;

    public const int MaxHours = 720;

    /// <summary>More rules than this is a table nobody can read.</summary>
    public const int MaxRules = 200;

    /// <summary>Why a term is out of range, or null.</summary>
    public static string? CheckTerm(string field, int? amount, SlaUnit? unit)
    {
        if (unit is null || !Enum.IsDefined(unit.Value))
        {
            return $"'{field}.unit' is required: working-days or hours.";
        }

        var max = unit == SlaUnit.Hours ? MaxHours : MaxWorkingDays;
        return amount is >= 1 && amount <= max ? null : $"'{field}.amount' must be a whole number from 1 to {max} {WireNames<SlaUnit>.Name(unit.Value)}.";
    }

    /// <summary>
    /// Throws the first breach of <paramref name="table"/> as a validation error.
    /// <paramref name="checkCategory"/> gets a rule's field (<c>rules[i].category</c>) and its category,
    /// and says why the mechanism takes no such category, or null.
    /// </summary>
    public static void Validate(SlaTable table, Func<string, string, string?> checkCategory)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(checkCategory);
        CommitmentRules.Throw("default", table.Default is null ? "'default' is required." : CheckTerm("default", table.Default.Amount, table.Default.Unit));
        var rules = table.Rules.IsDefault ? [] : table.Rules;
        CommitmentRules.Throw("rules", rules.Length > MaxRules ? $"'rules' holds at most {MaxRules} rules." : null);
        var seen = new HashSet<(string?, OrganizationKind?)>();
        for (var i = 0; i < rules.Length; i++)
        {
            var rule = rules[i];
            var field = $"rules[{i}]";
            CommitmentRules.Throw(field, rule.Category is null && rule.Level is null ? $"'{field}' names neither a category nor a level; the default is 'default'." : null);
            CommitmentRules.Throw(field + ".category", rule.Category is null ? null
                : RequestRules.CheckCategory(rule.Category) ?? checkCategory(field + ".category", rule.Category));
            CommitmentRules.Throw(field + ".level", rule.Level is { } level && !Enum.IsDefined(level) ? $"'{field}.level' is not an organization kind." : null);
            CommitmentRules.Throw(field, CheckTerm(field, rule.Amount, rule.Unit));
            CommitmentRules.Throw(field, seen.Add((rule.Category?.Trim(), rule.Level)) ? null : $"'{field}' repeats the category and level of an earlier rule.");
        }
    }

    /// <summary>The table as kept: categories trimmed, no rules as an empty list.</summary>
    public static SlaTable Normalize(SlaTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table with { Rules = [.. (table.Rules.IsDefault ? [] : table.Rules).Select(r => r with { Category = r.Category?.Trim() })] };
    }
}
