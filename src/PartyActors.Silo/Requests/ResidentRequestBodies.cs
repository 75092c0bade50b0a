using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using PartyActors.Grains;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Requests;

/// <summary>The body of <c>POST /api/v1/orgs/{orgId}/requests</c>.</summary>
internal sealed record FileResidentRequestBody(string? Title, string? Category, string? Channel) : IRequestBody
{
    /// <summary>The filing, or null with every breach recorded.</summary>
    public RequestFiling? Validate(string orgId, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check("title", RequestRules.CheckTitle(Title));
        errors.Check("category", RequestRules.CheckCategory(Category));
        var channel = errors.ParseEnum<RequestChannel>("channel", Channel, required: true);
        return errors.IsEmpty ? new RequestFiling(orgId, Title!.Trim(), Category!.Trim(), channel!.Value) : null;
    }
}

/// <summary>The body of <c>POST /api/v1/requests/{requestId}/reply</c>.</summary>
internal sealed record ReplyResidentRequestBody(string? Text) : IRequestBody;

/// <summary>The body of <c>POST /api/v1/requests/{requestId}/assign</c>: exactly one of a member and an organization.</summary>
internal sealed record AssignResidentRequestBody(string? MemberId, string? OrgId) : IRequestBody;

/// <summary>The body of <c>POST /api/v1/requests/{requestId}/close</c>.</summary>
internal sealed record CloseResidentRequestBody(int? Satisfaction) : IRequestBody;

/// <summary>The body of <c>POST /api/v1/requests/{requestId}/reopen</c>.</summary>
internal sealed record ReopenResidentRequestBody(string? Reason) : IRequestBody;

/// <summary>A term in a body: an amount and a unit (<c>working-days</c> or <c>hours</c>).</summary>
internal sealed record SlaTermBody(int? Amount, string? Unit);

/// <summary>A rule in a body: a category and/or a level (an organization kind), and its term.</summary>
internal sealed record SlaRuleBody(string? Category, string? Level, int? Amount, string? Unit);

/// <summary>The body of <c>PUT /api/v1/requests/sla</c>: the whole table.</summary>
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

/// <summary>The body of <c>PUT /api/v1/calendar/{year}</c>: the year's holidays and make-up working days (调休), dates in China Standard Time.</summary>
internal sealed record PutWorkCalendarBody(ImmutableArray<DateOnly>? Holidays, ImmutableArray<DateOnly>? Workdays) : IRequestBody;

/// <summary>The answer to filing a request.</summary>
internal sealed record ResidentRequestFiled(string Id, DateTimeOffset DueAt);

/// <summary>A page of a subtree's ledger (台账) of requests.</summary>
/// <param name="Next">The id to pass as <c>after</c> for the next page; null on the last.</param>
internal sealed record ResidentRequestLedgerPage(string OrgId, string? Status, ImmutableArray<RequestLedgerEntry> Items, string? Next);

/// <summary>
/// Request ids are made by the server: <c>rq-</c>, the filing instant's Unix milliseconds in 12 hex
/// digits, and 8 random hex digits. Ids in ordinal order are then requests in the order they were
/// filed, which is the order a ledger pages them in.
/// </summary>
internal static class ResidentRequestIds
{
    public static string New(DateTimeOffset now) =>
        "rq-" + now.ToUnixTimeMilliseconds().ToString("x12", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
}
