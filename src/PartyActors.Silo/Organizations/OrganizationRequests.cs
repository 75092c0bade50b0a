using System.Collections.Immutable;
using PartyActors.Grains;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Organizations;

/// <summary>The body of <c>PUT /api/v1/orgs/{orgId}</c>: <c>{ name, kind, parentId }</c>; <c>parentId</c> null only for a root.</summary>
internal sealed record PutOrganizationRequest(string? Name, string? Kind, string? ParentId) : IRequestBody
{
    /// <summary>As long as the organization grain accepts.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The definition to place, or null with the errors recorded.</summary>
    public OrganizationDefinition? Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.RequireText("name", Name, MaxNameLength);
        var kind = errors.ParseEnum<OrganizationKind>("kind", Kind, required: true);
        errors.CheckId("parentId", ParentId, required: false);
        return errors.IsEmpty ? new OrganizationDefinition(Name!.Trim(), kind!.Value, ParentId) : null;
    }
}

/// <summary>The answer of <c>GET /api/v1/orgs/{orgId}/children</c>.</summary>
internal sealed record OrganizationChildren(ImmutableArray<OrganizationSummary> Items);
