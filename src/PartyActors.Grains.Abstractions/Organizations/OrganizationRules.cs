namespace PartyActors.Grains;

/// <summary>
/// The rules an organization's definition must keep: the grains check them before anything changes,
/// and the HTTP API checks the same ones before it calls a grain, so that it can name every bad field at once.
/// </summary>
public static class OrganizationRules
{
    public const int MaxNameLength = 200;

    /// <summary>Why the name breaks its rule, or null when it keeps it.</summary>
    public static string? CheckName(string? name) => TextRules.CheckRequired("name", name, MaxNameLength);

    /// <summary>Throws the first rule <paramref name="definition"/> breaks as a <see cref="DomainException"/> naming its field.</summary>
    public static void Validate(string orgId, OrganizationDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (CheckName(definition.Name) is { } nameBreach)
        {
            throw DomainErrors.Invalid("name", nameBreach);
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
