using System.Globalization;

namespace PartyActors.Grains;

/// <summary>
/// Turns the raw values of a line into the operation it asks for, or into the first reason it cannot
/// be read: <c>unknown-op</c>, <c>invalid-id</c> or <c>invalid-field</c>, the message naming the field
/// and never echoing a value (a phone or ID number must not reach a report). The domain's own rules
/// (lengths, ranges, formats of personal data) are checked when the line is applied.
/// </summary>
internal static class RosterLineBuilder
{
    public static RosterLine Build(int number, RosterFieldValues values)
    {
        if (values.WrongType is { } wrong)
        {
            return Invalid(number, wrong, wrong switch
            {
                RosterField.Skills => "must be an array of strings",
                RosterField.BirthYear => "must be a whole number",
                _ => "must be a string",
            });
        }

        return values[RosterField.Op] switch
        {
            null => Invalid(number, RosterField.Op, "is required"),
            RosterOps.UpsertOrganization => Organization(number, values),
            RosterOps.UpsertMember => Member(number, values),
            RosterOps.RemoveMember => Removal(number, values),
            _ => RosterLine.Unreadable(number, RosterErrors.UnknownOp,
                $"Field 'op' names no known operation; use {RosterOps.UpsertOrganization}, {RosterOps.UpsertMember} or {RosterOps.RemoveMember}.", "op"),
        };
    }

    private static RosterLine Organization(int number, RosterFieldValues values)
    {
        RosterLine? failure;
        if ((failure = RequireId(number, values, RosterField.Id, out var id)) is not null ||
            (failure = RequireText(number, values, RosterField.Name, out var name)) is not null ||
            (failure = RequireEnum<OrganizationKind>(number, values, RosterField.Kind, out var kind)) is not null ||
            (failure = OptionalId(number, values, RosterField.ParentId, out var parentId)) is not null)
        {
            return failure;
        }

        return RosterLine.Of(number, new UpsertOrganization(id, new OrganizationDefinition(name, kind, parentId)));
    }

    private static RosterLine Member(int number, RosterFieldValues values)
    {
        RosterLine? failure;
        if ((failure = RequireId(number, values, RosterField.Id, out var id)) is not null ||
            (failure = RequireText(number, values, RosterField.Name, out var name)) is not null ||
            (failure = RequireEnum<MemberStatus>(number, values, RosterField.Status, out var status)) is not null ||
            (failure = RequireEnum<MemberCategory>(number, values, RosterField.Category, out var category)) is not null ||
            (failure = RequireId(number, values, RosterField.OrgId, out var orgId)) is not null ||
            (failure = OptionalId(number, values, RosterField.ResidenceGridId, out var residenceGridId)) is not null ||
            (failure = OptionalEnum<Gender>(number, values, RosterField.Gender, out var gender)) is not null ||
            (failure = OptionalYear(number, values, out var birthYear)) is not null ||
            (failure = OptionalDate(number, values, out var joinedOn)) is not null)
        {
            return failure;
        }

        var profile = new MemberProfile(
            name, status, category, orgId, residenceGridId, gender, birthYear, joinedOn,
            values[RosterField.Phone], values[RosterField.IdNumber], values.Skills ?? []);
        return RosterLine.Of(number, new UpsertMember(id, profile));
    }

    private static RosterLine Removal(int number, RosterFieldValues values) =>
        RequireId(number, values, RosterField.Id, out var id) ?? RosterLine.Of(number, new RemoveMember(id));

    private static RosterLine? RequireId(int number, RosterFieldValues values, RosterField field, out string id)
    {
        id = values[field] ?? string.Empty;
        return values[field] is null ? Invalid(number, field, "is required") : CheckId(number, field, id);
    }

    private static RosterLine? OptionalId(int number, RosterFieldValues values, RosterField field, out string? id)
    {
        id = values[field];
        return id is null ? null : CheckId(number, field, id);
    }

    private static RosterLine? CheckId(int number, RosterField field, string id) =>
        Ids.IsValid(id)
            ? null
            : RosterLine.Unreadable(number, RosterErrors.InvalidId,
                $"Field '{RosterFieldValues.WireName(field)}' is not a valid id ({Ids.Rule}).", RosterFieldValues.WireName(field));

    private static RosterLine? RequireText(int number, RosterFieldValues values, RosterField field, out string text)
    {
        text = values[field] ?? string.Empty;
        return string.IsNullOrWhiteSpace(text) ? Invalid(number, field, "is required and must not be blank") : null;
    }

    private static RosterLine? RequireEnum<T>(int number, RosterFieldValues values, RosterField field, out T value)
        where T : struct, Enum
    {
        value = default;
        if (values[field] is not { } text)
        {
            return Invalid(number, field, $"is required; use one of: {WireNames<T>.List}");
        }

        return WireNames<T>.TryParse(text, out value) ? null : Invalid(number, field, $"is not accepted; use one of: {WireNames<T>.List}");
    }

    private static RosterLine? OptionalEnum<T>(int number, RosterFieldValues values, RosterField field, out T? value)
        where T : struct, Enum
    {
        value = null;
        if (values[field] is not { } text)
        {
            return null;
        }

        if (!WireNames<T>.TryParse(text, out var parsed))
        {
            return Invalid(number, field, $"is not accepted; use one of: {WireNames<T>.List}");
        }

        value = parsed;
        return null;
    }

    private static RosterLine? OptionalYear(int number, RosterFieldValues values, out int? year)
    {
        year = null;
        if (values[RosterField.BirthYear] is not { } text)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            return Invalid(number, RosterField.BirthYear, "must be a whole number");
        }

        year = parsed;
        return null;
    }

    private static RosterLine? OptionalDate(int number, RosterFieldValues values, out DateOnly? date)
    {
        date = null;
        if (values[RosterField.JoinedOn] is not { } text)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return Invalid(number, RosterField.JoinedOn, "must be a date written yyyy-MM-dd");
        }

        date = parsed;
        return null;
    }

    private static RosterLine Invalid(int number, RosterField field, string rule)
    {
        var name = RosterFieldValues.WireName(field);
        return RosterLine.Unreadable(number, RosterErrors.InvalidField, $"Field '{name}' {rule}.", name);
    }
}
