using System.Text.Json.Serialization;

namespace PartyActors.Client;

/// <summary>
/// The body of <c>POST /api/v1/auth/dev-token</c>, which only a silo running with
/// <c>Auth:DevTokens=true</c> answers.
/// </summary>
/// <param name="Roles">Any of <see cref="Roles"/>.</param>
/// <param name="Org">The root of the subtree the token may reach; leave null for <c>admin</c>.</param>
/// <param name="Member">The caller's own member id, for role <c>member</c>.</param>
public sealed record DevTokenRequest(
    string Sub,
    IReadOnlyList<string> Roles,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Org = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Member = null);

/// <summary>The answer of <c>POST /api/v1/auth/dev-token</c>.</summary>
public sealed record DevToken(string Token);

/// <summary>The roles a token's <c>role</c> claim may carry.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Supervisor = "supervisor";
    public const string OrgAdmin = "org-admin";
    public const string GridWorker = "grid-worker";
    public const string Member = "member";
    public const string Resident = "resident";
    public const string Integration = "integration";
}
