using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PartyActors.Silo.Tests;

/// <summary>Tokens signed as an external issuer would sign them, with exactly the claims given (dev tokens refuse some shapes).</summary>
internal static class SignedTokens
{
    public static string Sign(
        string key = SiloFactory.SigningKey, DateTime? expires = null, string audience = "partyactors-api", string issuer = "partyactors",
        string? subject = "external-1", string[]? roles = null, string? org = null)
    {
        var claims = new List<Claim>();
        if (subject is not null)
        {
            claims.Add(new Claim("sub", subject));
        }

        claims.AddRange((roles ?? ["admin"]).Select(r => new Claim("role", r)));
        if (org is not null)
        {
            claims.Add(new Claim("org", org));
        }

        var expiry = expires ?? DateTime.UtcNow.AddHours(1);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expiry.AddHours(-2),
            NotBefore = expiry.AddHours(-2),
            Expires = expiry,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }
}
