using System.Collections.Immutable;
using System.Security.Claims;

namespace PartyActors.Silo.Auth;

/// <summary>
/// Who is calling, from the bearer token's claims: <c>sub</c>, the known <c>role</c>s, <c>org</c>
/// (the root of the subtree the caller reaches; absent for <c>admin</c>) and <c>member</c> (its own
/// member id). Handlers take it as a parameter; what each role may do is decided here, where it is
/// the caller's own business, and in <see cref="SubtreeScope"/>, where it depends on the tree.
/// </summary>
internal sealed record Caller(string Subject, ImmutableArray<string> Roles, string? OrgId, string? MemberId)
{
    public const string SubjectClaim = "sub";
    public const string RoleClaim = "role";
    public const string OrgClaim = "org";
    public const string MemberClaim = "member";

    /// <summary>Nobody: the caller of anonymous routes.</summary>
    public static Caller Anonymous { get; } = new("anonymous", [], null, null);

    /// <summary>Whether the request carried a valid token with a subject.</summary>
    public bool IsAuthenticated => !ReferenceEquals(this, Anonymous);

    public bool IsAdmin => Has(Role.Admin);

    /// <summary>Supervisors, organization admins, grid workers and integration jobs read organizations in scope.</summary>
    public bool CanReadOrganizations => HasAny(Role.Admin, Role.Supervisor, Role.OrgAdmin, Role.GridWorker, Role.Integration);

    /// <summary>Organization admins and grid workers create, rename, move and dissolve organizations in scope.</summary>
    public bool CanWriteOrganizations => HasAny(Role.Admin, Role.OrgAdmin, Role.GridWorker);

    /// <summary>Supervisors, organization admins and grid workers read members in scope (personal data masked).</summary>
    public bool CanReadMembers => HasAny(Role.Admin, Role.Supervisor, Role.OrgAdmin, Role.GridWorker);

    /// <summary>Organization admins and grid workers set profiles, remove members and report them in, in scope.</summary>
    public bool CanWriteMembers => HasAny(Role.Admin, Role.OrgAdmin, Role.GridWorker);

    /// <summary>Integration jobs, organization admins and admins push roster batches in scope (docs/roster.md).</summary>
    public bool CanPushRosterBatches => HasAny(Role.Admin, Role.Integration, Role.OrgAdmin);

    /// <summary>Admins read every audit trail; organization admins those of organizations in scope.</summary>
    public bool CanReadAudit => HasAny(Role.Admin, Role.OrgAdmin);

    /// <summary>Organization admins and admins award and deduct points by hand, in scope (docs/points.md).</summary>
    public bool CanAwardPoints => HasAny(Role.Admin, Role.OrgAdmin);

    /// <summary>Organization admins and admins set the points rules of organizations in scope.</summary>
    public bool CanWriteRules => HasAny(Role.Admin, Role.OrgAdmin);

    /// <summary>Organization admins and admins report the organizations in scope in to a community, move and withdraw it (docs/report-in.md).</summary>
    public bool CanReportOrganizationsIn => HasAny(Role.Admin, Role.OrgAdmin);

    public bool Has(string role) => Roles.Contains(role, StringComparer.Ordinal);

    public bool HasAny(params ReadOnlySpan<string> roles)
    {
        foreach (var role in roles)
        {
            if (Has(role))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the caller is the member <paramref name="memberId"/> itself (role <c>member</c> and that <c>member</c> claim).</summary>
    public bool IsMember(string memberId) =>
        Has(Role.Member) && MemberId is not null && string.Equals(MemberId, memberId, StringComparison.Ordinal);

    /// <summary>Reads the claims of an authenticated principal; <see cref="Anonymous"/> otherwise.</summary>
    public static Caller FromPrincipal(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true || user.FindFirst(SubjectClaim)?.Value is not { Length: > 0 } subject)
        {
            return Anonymous;
        }

        var roles = user.FindAll(RoleClaim).Select(c => c.Value).Where(Role.All.Contains).Distinct(StringComparer.Ordinal).ToImmutableArray();
        return new Caller(subject, roles, NonEmpty(user.FindFirst(OrgClaim)?.Value), NonEmpty(user.FindFirst(MemberClaim)?.Value));
    }

    /// <summary>Lets handlers take a <see cref="Caller"/> parameter.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult<Caller?>(FromPrincipal(context.User));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
