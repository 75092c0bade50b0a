using System.Collections.Immutable;
using PartyActors.Grains;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Sla;

/// <summary>A term in a body: an amount and a unit (<c>working-days</c> or <c>hours</c>).</summary>
internal sealed record SlaTermBody(int? Amount, string? Unit);

/// <summary>A rule in a body: a category and/or a level (an organization kind), and its term.</summary>
internal sealed record SlaRuleBody(string? Category, string? Level, int? Amount, string? Unit);

/// <summary>The body of <c>PUT /api/v1/requests/sla</c> and <c>PUT /api/v1/errands/sla</c>: the whole table, in the one shape of both (<see cref="SlaTable"/>).</summary>
internal sealed record PutSlaTableBody(SlaTermBody? Default, ImmutableArray<SlaRuleBody>? Rules) : IRequestBody
{
    public SlaTable? Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var @default = Term(errors, "default", Default?.Amount, Default?.Unit, required: true);
        var rules = Rules ?? [];
        if (rules.Length > SlaRules.MaxRules)
        {
            errors.Add("rules", $"'rules' holds at most {SlaRules.MaxRules} rules.");
            return null;
        }

        var parsed = new List<SlaRule>();
        var seen = new HashSet<(string?, OrganizationKind?)>();
        for (var i = 0; i < rules.Length; i++)
        {
            var field = $"rules[{i}]";
            if (rules[i] is not { } rule)
            {
                errors.Add(field, $"'{field}' must be an object.");
                continue;
            }

            var category = rule.Category?.Trim();
            if (rule.Category is not null)
            {
                errors.Check(field + ".category", RequestRules.CheckCategory(rule.Category));
            }

            var level = errors.ParseEnum<OrganizationKind>(field + ".level", rule.Level, required: false);
            if (rule.Category is null && rule.Level is null)
            {
                errors.Add(field, $"'{field}' names neither a category nor a level; the term for everything else is 'default'.");
            }
            else if (!seen.Add((category, level)))
            {
                errors.Add(field, $"'{field}' repeats the category and level of an earlier rule.");
            }

            if (Term(errors, field, rule.Amount, rule.Unit, required: true) is { } term)
            {
                parsed.Add(new SlaRule(category, level, term.Amount, term.Unit));
            }
        }

        return errors.IsEmpty ? new SlaTable(@default!, [.. parsed]) : null;
    }

    private static SlaTerm? Term(ValidationErrors errors, string field, int? amount, string? unitName, bool required)
    {
        var unit = errors.ParseEnum<SlaUnit>(field + ".unit", unitName, required);
        if (unit is null)
        {
            return null;
        }

        var breach = SlaRules.CheckTerm(field, amount, unit);
        errors.Check(field + ".amount", breach);
        return breach is null ? new SlaTerm(amount!.Value, unit.Value) : null;
    }
}
