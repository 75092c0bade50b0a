using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PartyActors.Silo.Audit;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Auth;

/// <summary><c>POST /api/v1/auth/dev-token</c>: mapped only with <c>Auth:DevTokens=true</c> (else 404).</summary>
internal static class AuthEndpoints
{
    public const int MaxSubjectLength = 128;

    /// <summary>Roles that only make sense under an <c>org</c> claim (their scope root).</summary>
    private static readonly string[] ScopedRoles = [Role.Supervisor, Role.OrgAdmin, Role.GridWorker, Role.Integration];

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value.DevTokens)
        {
            return app;
        }

        var auth = app.MapGroup("/auth").WithTags("Auth").AllowAnonymous();
        auth.MapPost("/dev-token", IssueDevToken)
            .WithSummary("Development only: a signed token with the claims asked for.");
        return app;
    }

    public static Results<Ok<DevTokenResponse>, ProblemHttpResult> IssueDevToken(DevTokenRequest request, DevTokenIssuer issuer, HttpContext http)
    {
        var errors = new ValidationErrors();
        errors.RequireText("sub", request.Sub, MaxSubjectLength);
        var roles = request.Roles ?? [];
        if (roles.Count == 0)
        {
            errors.Add("roles", $"At least one role is required: {string.Join(", ", Role.All.Order(StringComparer.Ordinal))}.");
        }
        else
        {
            foreach (var unknown in roles.Where(r => r is null || !Role.All.Contains(r)))
            {
                errors.Add("roles", $"'{unknown ?? "null"}' is not a role; use any of: {string.Join(", ", Role.All.Order(StringComparer.Ordinal))}.");
            }
        }

        errors.CheckId("org", request.Org, required: false);
        errors.CheckId("member", request.Member, required: false);
        var admin = roles.Contains(Role.Admin);
        if (!admin && request.Org is null && roles.Any(r => ScopedRoles.Contains(r)))
        {
            errors.Add("org", "Roles other than admin, member and resident need 'org', the root of the subtree they reach.");
        }

        if (roles.Contains(Role.Member) && request.Member is null)
        {
            errors.Add("member", "Role 'member' needs 'member', the caller's own member id.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        http.Audit().ResourceId = request.Sub!.Trim();
        http.Audit().Concerns(request.Org);
        return TypedResults.Ok(issuer.Issue(request.Sub!.Trim(), [.. roles.Distinct(StringComparer.Ordinal)!], request.Org, request.Member));
    }
}
