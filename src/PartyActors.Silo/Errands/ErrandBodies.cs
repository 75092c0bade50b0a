using System.Collections.Immutable;
using PartyActors.Grains;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Errands;

/// <summary>The resident in a body: a name and an optional phone (kept whole, read masked).</summary>
internal sealed record ErrandResidentBody(string? Name, string? Phone);

/// <summary>The body of <c>POST /api/v1/orgs/{orgId}/errands</c>.</summary>
internal sealed record TakeErrandBody(ErrandResidentBody? Resident, string? Category, string? Description, string? CadreMemberId) : IRequestBody
{
    /// <summary>The taking, or null with every breach recorded.</summary>
    public ErrandTaking? Validate(string orgId, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (Resident is null)
        {
            errors.Add("resident", "'resident' is required: { name, phone? }.");
        }
        else
        {
            errors.Check("resident.name", ErrandRules.CheckResidentName(Resident.Name));
            errors.Check("resident.phone", ErrandRules.CheckResidentPhone(Resident.Phone));
        }

        var category = errors.ParseEnum<ErrandCategory>("category", Category, required: true);
        errors.Check("description", ErrandRules.CheckDescription(Description));
        errors.CheckId("cadreMemberId", CadreMemberId, required: true);
        return errors.IsEmpty
            ? new ErrandTaking(orgId, new ErrandResident(Resident!.Name!.Trim(), Resident.Phone), category!.Value, Description!.Trim(), CadreMemberId!)
            : null;
    }

    public override string ToString() => $"TakeErrandBody {{ Resident = {Resident?.Name}, Category = {Category}, CadreMemberId = {CadreMemberId} }}";
}

/// <summary>The body of <c>POST /api/v1/errands/{errandId}/done</c>: how it was done, and when if not now.</summary>
internal sealed record CompleteErrandBody(string? Note, DateTimeOffset? DoneAt) : IRequestBody;

/// <summary>The body of <c>POST /api/v1/errands/{errandId}/reassign</c>.</summary>
internal sealed record ReassignErrandBody(string? CadreMemberId, string? Reason) : IRequestBody;

/// <summary>The body of <c>POST /api/v1/errands/{errandId}/cancel</c>.</summary>
internal sealed record CancelErrandBody(string? Reason) : IRequestBody;

/// <summary>The answer to taking an errand.</summary>
internal sealed record ErrandTaken(string Id, DateTimeOffset DueAt);

/// <summary>A page of an organization's subtree's or a cadre's errands.</summary>
/// <param name="OrgId">The organization whose subtree is listed; null for a cadre's list.</param>
/// <param name="MemberId">The cadre whose errands are listed; null for an organization's.</param>
/// <param name="Next">The id to pass as <c>after</c> for the next page; null on the last.</param>
internal sealed record ErrandLedgerPage(string? OrgId, string? MemberId, string? Status, ImmutableArray<ErrandLedgerEntry> Items, string? Next);
