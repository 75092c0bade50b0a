namespace PartyActors.Grains;

/// <summary>
/// What one line of a roster batch asks for. Every operation is an absolute upsert or leave of one
/// entity, so applying it again gives the same result: that is what lets a batch resume after a crash.
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.RosterOperation")]
public abstract record RosterOperation([property: Id(0)] string Id);

/// <summary><c>upsert-org</c>: creates, renames or moves an organization.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.UpsertOrganization")]
public sealed record UpsertOrganization(string Id, [property: Id(0)] OrganizationDefinition Definition) : RosterOperation(Id);

/// <summary><c>upsert-member</c>: creates or replaces a member's profile (a new organization is a transfer).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.UpsertMember")]
public sealed record UpsertMember(string Id, [property: Id(0)] MemberProfile Profile) : RosterOperation(Id);

/// <summary><c>remove-member</c>: the member leaves.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.RemoveMember")]
public sealed record RemoveMember(string Id) : RosterOperation(Id);

/// <summary>The <c>op</c> names of a roster line.</summary>
public static class RosterOps
{
    public const string UpsertOrganization = "upsert-org";
    public const string UpsertMember = "upsert-member";
    public const string RemoveMember = "remove-member";
}
