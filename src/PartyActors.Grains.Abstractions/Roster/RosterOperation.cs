namespace PartyActors.Grains;

/// <summary>
/// What one line of a roster batch asks for. Every operation is an absolute upsert or leave of one
/// entity, so applying it again gives the same result: that is what lets a batch resume after a crash.
/// </summary>
public abstract record RosterOperation(string Id);

/// <summary><c>upsert-org</c>: creates, renames or moves an organization.</summary>
public sealed record UpsertOrganization(string Id, OrganizationDefinition Definition) : RosterOperation(Id);

/// <summary><c>upsert-member</c>: creates or replaces a member's profile (a new organization is a transfer).</summary>
public sealed record UpsertMember(string Id, MemberProfile Profile) : RosterOperation(Id);

/// <summary><c>remove-member</c>: the member leaves.</summary>
public sealed record RemoveMember(string Id) : RosterOperation(Id);

/// <summary>The <c>op</c> names of a roster line.</summary>
public static class RosterOps
{
    public const string UpsertOrganization = "upsert-org";
    public const string UpsertMember = "upsert-member";
    public const string RemoveMember = "remove-member";
}
