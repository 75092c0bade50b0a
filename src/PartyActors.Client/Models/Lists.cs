namespace PartyActors.Client;

/// <summary>An organization as <c>GET /api/v1/orgs</c> lists it.</summary>
/// <param name="Kind">One of <see cref="OrganizationKinds"/>.</param>
public sealed record OrganizationListItem(string Id, string Name, string Kind, string? ParentId);

/// <summary>A page of <c>GET /api/v1/orgs</c>, by id; <paramref name="Next"/> asks for the next page (null: the last).</summary>
public sealed record OrganizationListPage(IReadOnlyList<OrganizationListItem>? Items, string? Next)
{
    public IReadOnlyList<OrganizationListItem> Items { get; init; } = Items ?? [];
}

/// <summary>A member of record as <c>GET /api/v1/members</c> lists it.</summary>
/// <param name="Status">One of <see cref="MemberStatuses"/>.</param>
/// <param name="Category">One of <see cref="MemberCategories"/>.</param>
public sealed record MemberListItem(string Id, string Name, string OrgId, string Status, string Category);

/// <summary>A page of <c>GET /api/v1/members</c>, by id; <paramref name="Next"/> asks for the next page (null: the last).</summary>
public sealed record MemberListPage(IReadOnlyList<MemberListItem>? Items, string? Next)
{
    public IReadOnlyList<MemberListItem> Items { get; init; } = Items ?? [];
}
