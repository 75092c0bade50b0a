using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using PartyActors.Grains;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.CoBuilding;

/// <summary>One item of <see cref="SignAgreementRequest"/> and <see cref="AddAgreementItemsRequest"/>.</summary>
internal sealed record AgreementItemRequest(string? Title, string? OwnerOrgId, string? OwnerMemberId, DateOnly? DueOn);

/// <summary>The body of <c>POST /api/v1/orgs/{orgId}/agreements</c>.</summary>
internal sealed record SignAgreementRequest(string? UnitOrgId, string? Title, DateOnly? SignedOn, List<AgreementItemRequest?>? Items) : IRequestBody
{
    /// <summary>The terms, or null with every breach recorded (<see cref="CoBuildingRules"/>).</summary>
    public AgreementTerms? Validate(ValidationErrors errors, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.CheckId("unitOrgId", UnitOrgId, required: true);
        errors.Check("title", CoBuildingRules.CheckTitle("title", Title));
        errors.Check("signedOn", CoBuildingRules.CheckPastDate("signedOn", SignedOn, now));
        var items = AgreementItemRequests.Validate(errors, Items, existing: 0, now);
        return errors.IsEmpty ? new AgreementTerms(UnitOrgId!, Title!.Trim(), SignedOn!.Value, items) : null;
    }
}

/// <summary>The body of <c>POST /api/v1/agreements/{agreementId}/items</c>.</summary>
internal sealed record AddAgreementItemsRequest(List<AgreementItemRequest?>? Items) : IRequestBody;

/// <summary>The body of <c>POST /api/v1/agreements/{agreementId}/items/{itemId}/complete</c> (optional).</summary>
internal sealed record CompleteAgreementItemRequest(string? Note) : IRequestBody;

/// <summary>The body of <c>POST /api/v1/agreements/{agreementId}/terminate</c>.</summary>
internal sealed record TerminateAgreementRequest(string? Note) : IRequestBody;

/// <summary>The body of <c>POST /api/v1/orgs/{orgId}/joint-meetings</c>.</summary>
internal sealed record RecordJointMeetingRequest(DateOnly? HeldOn, string? Topic, List<string?>? UnitOrgIds, string? Minutes, List<string?>? Decisions) : IRequestBody
{
    public JointMeetingTerms? Validate(ValidationErrors errors, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check("heldOn", CoBuildingRules.CheckPastDate("heldOn", HeldOn, now));
        errors.Check("topic", CoBuildingRules.CheckTitle("topic", Topic));
        errors.Check("unitOrgIds", CoBuildingRules.CheckUnitsPresent(UnitOrgIds));
        errors.Check("minutes", CoBuildingRules.CheckMinutes(Minutes));
        errors.Check("decisions", CoBuildingRules.CheckDecisions(Decisions));
        return errors.IsEmpty
            ? new JointMeetingTerms(HeldOn!.Value, Topic!.Trim(), [.. UnitOrgIds!.OfType<string>()], Minutes, [.. (Decisions ?? []).OfType<string>()])
            : null;
    }
}

/// <summary>The body of <c>PUT /api/v1/orgs/{orgId}/committee/{memberId}</c>.</summary>
internal sealed record SeatCommitteeMemberRequest(string? UnitOrgId, string? Title, DateOnly? From) : IRequestBody;

/// <summary>A page of agreements; <c>next</c> is the <c>after</c> of the next page, null on the last.</summary>
internal sealed record AgreementPage(string OrgId, ImmutableArray<AgreementDetails> Items, string? Next);

/// <summary>A page of a community's joint meetings, oldest first.</summary>
internal sealed record JointMeetingPage(string OrgId, ImmutableArray<JointMeeting> Items, string? Next);

/// <summary>A part-time committee member as listed: the seat, the member's name, the unit's name and whether it is still stationed here.</summary>
internal sealed record CommitteeMemberView(
    string MemberId, string? Name, string UnitOrgId, string? UnitName, bool UnitStationed, string Title, DateOnly From, DateTimeOffset SeatedAt);

/// <summary>A community's part-time committee members (兼职委员).</summary>
internal sealed record CommitteeList(string OrgId, ImmutableArray<CommitteeMemberView> Items);

internal static class AgreementItemRequests
{
    /// <summary>The items' terms, every breach recorded under <c>items</c> or <c>items[i].field</c>.</summary>
    public static ImmutableArray<AgreementItemTerms> Validate(ValidationErrors errors, List<AgreementItemRequest?>? items, int existing, DateTimeOffset now)
    {
        if (CoBuildingRules.CheckItemCount(items?.Count ?? 0, existing) is { } count)
        {
            errors.Add("items", count);
            return [];
        }

        var terms = items!.Select(i => i is null ? null : new AgreementItemTerms(i.Title ?? "", i.OwnerOrgId, i.OwnerMemberId, i.DueOn ?? default)).ToList();
        for (var i = 0; i < terms.Count; i++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"items[{i}]");
            if (items![i] is { DueOn: null })
            {
                errors.Add(prefix + ".dueOn", $"'{prefix}.dueOn' is required (a date, yyyy-MM-dd).");
                terms[i] = terms[i]! with { DueOn = CommitmentRules.Today(now) };
            }

            foreach (var (field, breach) in CoBuildingRules.CheckItem(prefix, terms[i], now))
            {
                errors.Add(field, breach);
            }
        }

        return errors.IsEmpty ? [.. terms.Select(t => t! with { Title = t.Title.Trim() })] : [];
    }
}

/// <summary>Server-made ids: agreements <c>ag-</c> and 16 random hex digits; joint meetings <c>jm-</c>, the day held and 8 random hex digits, so they sort by day.</summary>
internal static class CoBuildingIds
{
    public static string NewAgreement() => "ag-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static string NewJointMeeting(DateOnly heldOn) =>
        string.Create(CultureInfo.InvariantCulture, $"jm-{heldOn:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
}
