using System.Collections.Frozen;

namespace PartyActors.Silo.Auth;

/// <summary>The roles a token's <c>role</c> claim may carry (api.md, "Auth").</summary>
internal static class Role
{
    /// <summary>Reaches everything; has no <c>org</c> claim.</summary>
    public const string Admin = "admin";

    /// <summary>Reads organizations and members in scope.</summary>
    public const string Supervisor = "supervisor";

    /// <summary>Reads and writes organizations and members in scope.</summary>
    public const string OrgAdmin = "org-admin";

    /// <summary>Grid worker (网格员): reads and writes organizations and members in scope.</summary>
    public const string GridWorker = "grid-worker";

    /// <summary>A Party member: reads its own profile and reports itself in (claim <c>member</c>).</summary>
    public const string Member = "member";

    /// <summary>A resident: files requests and rates services (routes that come later).</summary>
    public const string Resident = "resident";

    /// <summary>An integration job: pushes roster batches and reads organizations in scope.</summary>
    public const string Integration = "integration";

    public static readonly FrozenSet<string> All = FrozenSet.ToFrozenSet(
        [Admin, Supervisor, OrgAdmin, GridWorker, Member, Resident, Integration], StringComparer.Ordinal);
}
