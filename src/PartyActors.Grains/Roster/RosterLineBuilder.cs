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
                RosterField.Target or RosterField.Progress => "must be a number",
                RosterField.Correction => "must be true or false",
                _ => "must be a string",
            });
        }

        return values[RosterField.Op] switch
        {
            null => Invalid(number, RosterField.Op, "is required"),
            RosterOps.UpsertOrganization => Organization(number, values),
            RosterOps.UpsertMember => Member(number, values),
            RosterOps.RemoveMember => Removal(number, values),
            RosterOps.ReportIn => ReportIn(number, values),
            RosterOps.WithdrawReportIn => Withdrawal(number, values),
            RosterOps.UpsertCommitment => Commitment(number, values),
            _ => RosterLine.Unreadable(number, RosterErrors.UnknownOp, $"Field 'op' names no known operation; use one of: {RosterOps.List}.", "op"),
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
            (failure = OptionalDate(number, values, RosterField.JoinedOn, out var joinedOn)) is not null ||
            (failure = Correction(number, values, out var correction, out var reason)) is not null)
        {
            return failure;
        }

        var profile = new MemberProfile(
            name, status, category, orgId, residenceGridId, gender, birthYear, joinedOn,
            values[RosterField.Phone], values[RosterField.IdNumber], values.Skills ?? []);
        return RosterLine.Of(number, new UpsertMember(id, profile, correction, reason));
    }

    /// <summary>
    /// A member line's <c>correction</c> mark (<c>true</c>/<c>1</c> or <c>false</c>/<c>0</c>, JSON
    /// booleans too) and <c>reason</c>: a correction says why (docs/member-status.md). Whether the
    /// batch's submitter may correct is judged when the line is applied.
    /// </summary>
    private static RosterLine? Correction(int number, RosterFieldValues values, out bool correction, out string? reason)
    {
        correction = false;
        reason = values[RosterField.Reason]?.Trim();
        switch (values[RosterField.Correction]?.Trim().ToLowerInvariant())
        {
            case null or "" or "false" or "0":
                break;
            case "true" or "1":
                correction = true;
                break;
            default:
                return Invalid(number, RosterField.Correction, "must be true or false (or 1 or 0)");
        }

        return MemberStatusPipeline.CheckReason(reason, correction) is { } breach
            ? RosterLine.Unreadable(number, RosterErrors.InvalidField, breach, RosterFieldValues.WireName(RosterField.Reason))
            : null;
    }

    private static RosterLine Removal(int number, RosterFieldValues values) =>
        RequireId(number, values, RosterField.Id, out var id) ?? RosterLine.Of(number, new RemoveMember(id));

    private static RosterLine ReportIn(int number, RosterFieldValues values)
    {
        RosterLine? failure;
        if ((failure = RequireId(number, values, RosterField.MemberId, out var memberId)) is not null ||
            (failure = RequireId(number, values, RosterField.GridId, out var gridId)) is not null)
        {
            return failure;
        }

        return RosterLine.Of(number, new ReportMemberIn(memberId, gridId));
    }

    private static RosterLine Withdrawal(int number, RosterFieldValues values) =>
        RequireId(number, values, RosterField.MemberId, out var memberId) ?? RosterLine.Of(number, new WithdrawMemberReportIn(memberId));

    /// <summary>
    /// An <c>upsert-commitment</c>: its key (<c>id</c>), exactly one owner (<c>memberId</c> or
    /// <c>orgId</c>), the terms as the API takes them, an optional total of progress and an optional
    /// status (<c>open</c> asks nothing, <c>done</c> completes it; <c>overdue</c> follows from the due
    /// date and cannot be stated).
    /// </summary>
    private static RosterLine Commitment(int number, RosterFieldValues values)
    {
        RosterLine? failure;
        if ((failure = RequireId(number, values, RosterField.Id, out var key)) is not null ||
            (failure = Owner(number, values, out var owner)) is not null ||
            (failure = RequireText(number, values, RosterField.Title, out var title)) is not null ||
            (failure = RequireNumber(number, values, RosterField.Target, out var target)) is not null ||
            (failure = RequireText(number, values, RosterField.Unit, out var unit)) is not null ||
            (failure = RequireDate(number, values, RosterField.DueOn, out var dueOn)) is not null ||
            (failure = OptionalNumber(number, values, RosterField.Progress, out var progress)) is not null ||
            (failure = CommitmentDone(number, values, out var done)) is not null)
        {
            return failure;
        }

        var terms = new CommitmentTerms(title, target, unit, dueOn);
        return RosterLine.Of(number, new UpsertCommitment(key, new CommitmentImport(key, owner, terms, progress, done)));
    }

    private static RosterLine? Owner(int number, RosterFieldValues values, out CommitmentOwner owner)
    {
        owner = new CommitmentOwner(CommitmentOwnerKind.Member, string.Empty);
        RosterLine? failure;
        if ((failure = OptionalId(number, values, RosterField.MemberId, out var memberId)) is not null ||
            (failure = OptionalId(number, values, RosterField.OrgId, out var orgId)) is not null)
        {
            return failure;
        }

        switch (memberId, orgId)
        {
            case (null, null):
                return Invalid(number, RosterField.MemberId, "or 'orgId' is required: the member or the organization that commits");
            case ({ }, { }):
                return Invalid(number, RosterField.OrgId, "must be left out when 'memberId' is given: a commitment has one owner");
            case ({ } member, null):
                owner = new CommitmentOwner(CommitmentOwnerKind.Member, member);
                return null;
            default:
                owner = new CommitmentOwner(CommitmentOwnerKind.Org, orgId!);
                return null;
        }
    }

    private static RosterLine? CommitmentDone(int number, RosterFieldValues values, out bool done)
    {
        done = false;
        if (values[RosterField.Status] is not { } text)
        {
            return null;
        }

        if (!WireNames<CommitmentStatus>.TryParse(text, out var status) || status == CommitmentStatus.Overdue)
        {
            return Invalid(number, RosterField.Status, "is not accepted for a commitment; use open or done (overdue follows from the due date)");
        }

        done = status == CommitmentStatus.Done;
        return null;
    }

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

    private static RosterLine? OptionalDate(int number, RosterFieldValues values, RosterField field, out DateOnly? date)
    {
        date = null;
        if (values[field] is not { } text)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return Invalid(number, field, "must be a date written yyyy-MM-dd");
        }

        date = parsed;
        return null;
    }

    private static RosterLine? RequireDate(int number, RosterFieldValues values, RosterField field, out DateOnly date)
    {
        date = default;
        if (values[field] is null)
        {
            return Invalid(number, field, "is required, a date written yyyy-MM-dd");
        }

        var failure = OptionalDate(number, values, field, out var parsed);
        date = parsed.GetValueOrDefault();
        return failure;
    }

    private static RosterLine? OptionalNumber(int number, RosterFieldValues values, RosterField field, out decimal? value)
    {
        value = null;
        if (values[field] is not { } text)
        {
            return null;
        }

        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            return Invalid(number, field, "must be a number");
        }

        value = parsed;
        return null;
    }

    private static RosterLine? RequireNumber(int number, RosterFieldValues values, RosterField field, out decimal value)
    {
        value = default;
        if (values[field] is null)
        {
            return Invalid(number, field, "is required, a number");
        }

        var failure = OptionalNumber(number, values, field, out var parsed);
        value = parsed.GetValueOrDefault();
        return failure;
    }

    private static RosterLine Invalid(int number, RosterField field, string rule)
    {
        var name = RosterFieldValues.WireName(field);
        return RosterLine.Unreadable(number, RosterErrors.InvalidField, $"Field '{name}' {rule}.", name);
    }
}
