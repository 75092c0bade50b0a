using System.Collections.Immutable;
using PartyActors.Grains;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Organizations;

/// <summary>The body of <c>PUT /api/v1/orgs/{orgId}</c>: <c>{ name, kind, parentId }</c>; <c>parentId</c> null only for a root.</summary>
internal sealed record PutOrganizationRequest(string? Name, string? Kind, string? ParentId) : IRequestBody
{
    /// <summary>The definition to place, or null with the errors recorded (the grain's <see cref="OrganizationRules"/>, every field at once).</summary>
    public OrganizationDefinition? Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check("name", OrganizationRules.CheckName(Name?.Trim()));
        var kind = errors.ParseEnum<OrganizationKind>("kind", Kind, required: true);
        errors.CheckId("parentId", ParentId, required: false);
        return errors.IsEmpty ? new OrganizationDefinition(Name!.Trim(), kind!.Value, ParentId) : null;
    }
}

/// <summary>The answer of <c>GET /api/v1/orgs/{orgId}/children</c>.</summary>
internal sealed record OrganizationChildren(ImmutableArray<OrganizationSummary> Items);

/// <summary>
/// An organization as <c>GET</c> and <c>PUT /api/v1/orgs/{orgId}</c> answer it: its details and, for a
/// unit stationed in a community, where it is reported in (双报到; null when it is not), and its lineage
/// of splits and merges (null when it has none; docs/reshaping.md).
/// </summary>
internal sealed record OrganizationView(
    string Id,
    string Name,
    OrganizationKind Kind,
    string? ParentId,
    ImmutableArray<string> ChildIds,
    Rollup Rollup,
    OrganizationReportIn? ReportedIn,
    OrganizationLineage? Lineage)
{
    public static async Task<OrganizationView?> ReadAsync(IGrainFactory grains, string orgId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var details = await grains.GetGrain<IOrganizationGrain>(orgId).GetDetails();
        if (details is null)
        {
            return null;
        }

        var reportedIn = await grains.GetGrain<IOrganizationReportInGrain>(orgId).GetCurrent();
        var lineage = await grains.GetGrain<IOrganizationLineageGrain>(orgId).GetLineage();
        return new OrganizationView(details.Id, details.Name, details.Kind, details.ParentId, details.ChildIds, details.Rollup, reportedIn, lineage);
    }
}
