using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PartyActors.Silo.Auth;

/// <summary>Mints tokens for the demo and for tests (only reachable with <see cref="AuthOptions.DevTokens"/> on).</summary>
internal sealed class DevTokenIssuer(SigningKeys keys, IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public DevTokenResponse Issue(string subject, IReadOnlyList<string> roles, string? orgId, string? memberId)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var expires = now + settings.DevTokenLifetime;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [Caller.SubjectClaim] = subject,
            [Caller.RoleClaim] = roles.ToArray(),
        };
        if (orgId is not null)
        {
            claims[Caller.OrgClaim] = orgId;
        }

        if (memberId is not null)
        {
            claims[Caller.MemberClaim] = memberId;
        }

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
        });
        return new DevTokenResponse(token, expires);
    }
}

/// <summary>The body of <c>POST /api/v1/auth/dev-token</c>.</summary>
/// <param name="Org">The root of the subtree the token reaches; required for scoped roles, ignored for admin.</param>
/// <param name="Member">The caller's own member id, required for role <c>member</c>.</param>
internal sealed record DevTokenRequest(string? Sub, IReadOnlyList<string?>? Roles, string? Org, string? Member) : Http.IRequestBody;

/// <summary>A minted token and when it expires.</summary>
internal sealed record DevTokenResponse(string Token, DateTimeOffset ExpiresAt);
