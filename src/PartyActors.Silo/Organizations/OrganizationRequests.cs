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
