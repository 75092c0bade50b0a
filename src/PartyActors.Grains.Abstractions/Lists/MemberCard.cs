namespace PartyActors.Grains;

/// <summary>
/// What an organization keeps of a member of record so it can list and find it by name without
/// asking it: sent by the member with its contribution of record, whenever one of these changes.
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.MemberCard")]
public sealed record MemberCard(
    [property: Id(0)] string Name,
    [property: Id(1)] MemberStatus Status,
    [property: Id(2)] MemberCategory Category);

/// <summary>A member of record as lists and searches show it.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.MemberListing")]
public sealed record MemberListing(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string OrgId,
    [property: Id(3)] MemberStatus Status,
    [property: Id(4)] MemberCategory Category);

/// <summary>How lists of organizations and members are searched: by a part of the name, or the start of the id.</summary>
public static class DirectoryRules
{
    /// <summary>The longest query: longer than any name or id.</summary>
    public const int MaxQueryLength = 64;

    /// <summary>
    /// Whether <paramref name="name"/> contains <paramref name="query"/> (ignoring case, so Latin letters
    /// match either way; Chinese has no case) or <paramref name="id"/> starts with it.
    /// </summary>
    public static bool Matches(string id, string name, string query)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentException.ThrowIfNullOrEmpty(query);
        return name.Contains(query, StringComparison.OrdinalIgnoreCase) || id.StartsWith(query, StringComparison.OrdinalIgnoreCase);
    }
}
