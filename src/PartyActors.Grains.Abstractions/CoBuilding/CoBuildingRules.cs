namespace PartyActors.Grains;

/// <summary>
/// The rules of co-building with stationed units (共驻共建, docs/co-building.md), shared by the grains
/// and the HTTP layer, and the stable codes of their refusals. Dates are days in China Standard Time
/// (<see cref="CommitmentRules.Today"/>); an item due on D is overdue from the midnight (UTC+8) after D,
/// as a commitment is (<see cref="CommitmentRules.Deadline"/>).
/// </summary>
public static class CoBuildingRules
{
    public const int MaxTitleLength = 200;
    public const int MaxNoteLength = 1000;
    public const int MaxSeatTitleLength = 50;
    public const int MaxMinutesLength = 20_000;

    /// <summary>An agreement with more items than this is several agreements.</summary>
    public const int MaxItems = 100;

    /// <summary>More units than a community has stationed in it at most (Erqi's busiest have a few dozen).</summary>
    public const int MaxUnitsPresent = 200;

    public const int MaxDecisions = 50;

    /// <summary>Records of things longer ago than this (a signing, a meeting) are typos, not history.</summary>
    public const int MaxYearsBack = 5;

    /// <summary>The unit named is not reported in (双报到) to the community now (422).</summary>
    public const string UnitNotStationed = "unit-not-stationed";

    /// <summary>An item's owner is neither the community nor the unit, nor a member of either (422).</summary>
    public const string OwnerNotAParty = "owner-not-a-party";

    /// <summary>A part-time committee member's organization of record is not the unit or below it (422).</summary>
    public const string MemberNotOfUnit = "member-not-of-unit";

    public const string AgreementNotFound = "agreement-not-found";
    public const string AgreementExists = "agreement-exists";
    public const string ItemNotFound = "agreement-item-not-found";

    /// <summary>A terminated agreement takes no more items nor completions (409).</summary>
    public const string AgreementTerminated = "agreement-terminated";

    public static string? CheckTitle(string field, string? title) => TextRules.CheckRequired(field, title?.Trim(), MaxTitleLength);

    public static string? CheckNote(string field, string? note) =>
        note is not null && note.Length > MaxNoteLength ? $"'{field}' must be at most {MaxNoteLength} characters." : null;

    /// <summary>A date something happened on: required, not after today (UTC+8), at most <see cref="MaxYearsBack"/> years back.</summary>
    public static string? CheckPastDate(string field, DateOnly? date, DateTimeOffset now)
    {
        var today = CommitmentRules.Today(now);
        return date switch
        {
            null => $"'{field}' is required (a date, yyyy-MM-dd).",
            { } d when d > today => $"'{field}' must be today ({today:yyyy-MM-dd}, China Standard Time) or earlier.",
            { } d when d < today.AddYears(-MaxYearsBack) => $"'{field}' must be within {MaxYearsBack} years.",
            _ => null,
        };
    }

    /// <summary>A seat's start: required, within <see cref="MaxYearsBack"/> years either side of today.</summary>
    public static string? CheckFrom(DateOnly? from, DateTimeOffset now)
    {
        var today = CommitmentRules.Today(now);
        return from is { } d && d >= today.AddYears(-MaxYearsBack) && d <= today.AddYears(MaxYearsBack) ? null
            : $"'from' is required, a date (yyyy-MM-dd) within {MaxYearsBack} years of today.";
    }

    /// <summary>Every breach of one item's terms, with the field prefixed (<c>items[2].dueOn</c>).</summary>
    public static IEnumerable<(string Field, string Breach)> CheckItem(string prefix, AgreementItemTerms? item, DateTimeOffset now)
    {
        if (item is null)
        {
            yield return (prefix, $"'{prefix}' is required.");
            yield break;
        }

        if (CheckTitle(prefix + ".title", item.Title) is { } title)
        {
            yield return (prefix + ".title", title);
        }

        if (item.OwnerOrgId is null && item.OwnerMemberId is null)
        {
            yield return (prefix + ".ownerOrgId", "An item names its owner: 'ownerOrgId' (the community or the unit) and/or 'ownerMemberId'.");
        }

        foreach (var (field, id) in new[] { (".ownerOrgId", item.OwnerOrgId), (".ownerMemberId", item.OwnerMemberId) })
        {
            if (id is not null && !Ids.IsValid(id))
            {
                yield return (prefix + field, "Ids are " + Ids.Rule + ".");
            }
        }

        if (CommitmentRules.CheckDueOn(item.DueOn, now) is { } due)
        {
            yield return (prefix + ".dueOn", due.Replace("'dueOn'", $"'{prefix}.dueOn'", StringComparison.Ordinal));
        }
    }

    /// <summary>Throws the first breach of the terms as a validation error naming the field.</summary>
    public static void Validate(AgreementTerms terms, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(terms);
        CommitmentRules.Throw("unitOrgId", terms.UnitOrgId is not null && Ids.IsValid(terms.UnitOrgId) ? null : "Ids are " + Ids.Rule + ".");
        CommitmentRules.Throw("title", CheckTitle("title", terms.Title));
        CommitmentRules.Throw("signedOn", CheckPastDate("signedOn", terms.SignedOn, now));
        ValidateItems(terms.Items, 0, now);
    }

    /// <summary>Throws the first breach of items added to an agreement that holds <paramref name="existing"/> already.</summary>
    public static void ValidateItems(IReadOnlyList<AgreementItemTerms> items, int existing, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(items);
        CommitmentRules.Throw("items", CheckItemCount(items.Count, existing));
        for (var i = 0; i < items.Count; i++)
        {
            foreach (var (field, breach) in CheckItem($"items[{i}]", items[i], now))
            {
                throw DomainErrors.Invalid(field, breach);
            }
        }
    }

    public static string? CheckItemCount(int count, int existing) =>
        count < 1 ? "'items' must hold at least one item."
        : count + existing > MaxItems ? $"An agreement holds at most {MaxItems} items." : null;

    /// <summary>The units present at a joint meeting: at least one, each a valid id, none twice.</summary>
    public static string? CheckUnitsPresent(IReadOnlyList<string?>? units) =>
        units is null || units.Count == 0 ? "'unitOrgIds' must name at least one unit present."
        : units.Count > MaxUnitsPresent ? $"'unitOrgIds' names at most {MaxUnitsPresent} units."
        : units.Any(u => u is null || !Ids.IsValid(u)) ? "Each of 'unitOrgIds' is an id: " + Ids.Rule + "."
        : units.Distinct(StringComparer.Ordinal).Count() != units.Count ? "'unitOrgIds' names a unit twice."
        : null;

    public static string? CheckMinutes(string? minutes) =>
        minutes is not null && minutes.Length > MaxMinutesLength ? $"'minutes' must be at most {MaxMinutesLength} characters." : null;

    public static string? CheckDecisions(IReadOnlyList<string?>? decisions) =>
        decisions is null ? null
        : decisions.Count > MaxDecisions ? $"'decisions' holds at most {MaxDecisions} entries."
        : decisions.Any(d => TextRules.CheckRequired("decisions", d?.Trim(), MaxNoteLength) is not null)
            ? $"Each of 'decisions' is a text of 1 to {MaxNoteLength} characters." : null;
}
