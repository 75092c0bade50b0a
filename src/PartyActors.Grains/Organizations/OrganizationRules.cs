namespace PartyActors.Grains;

/// <summary>The rules an organization's definition must keep, checked before anything changes.</summary>
internal static class OrganizationRules
{
    public const int MaxNameLength = 200;

    public static void Validate(string orgId, OrganizationDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (string.IsNullOrWhiteSpace(definition.Name))
        {
            throw DomainErrors.Invalid("name", "The name must not be empty.");
        }

        if (definition.Name.Length > MaxNameLength)
        {
            throw DomainErrors.Invalid("name", $"The name must be at most {MaxNameLength} characters.");
        }

        if (!Enum.IsDefined(definition.Kind))
        {
            throw DomainErrors.Invalid("kind", $"'{definition.Kind}' is not an organization kind.");
        }

        if (string.Equals(definition.ParentId, orgId, StringComparison.Ordinal))
        {
            throw new DomainException(DomainErrorKind.Conflict, DomainErrors.Cycle, $"Organization '{orgId}' cannot be its own parent.") { Field = "parentId" };
        }
    }
}
