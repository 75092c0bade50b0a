using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PartyActors.Silo.Auth;

namespace PartyActors.Silo.Dashboard;

/// <summary>
/// Dashboard sessions. A browser cannot send a bearer header, so an admin signs in with an API token
/// once and gets a session: a short JWT the silo signs, in an HttpOnly, SameSite=Strict cookie scoped
/// to <see cref="DashboardAccessOptions.Path"/>. Its key is derived from the API signing key under a
/// label of its own and its audience is the dashboard's, so a session is never an API token, even if
/// the cookie leaks; and every silo sharing the signing key accepts a session another one opened.
/// </summary>
internal sealed class DashboardSessions
{
    public const string CookieName = "PartyActors.Dashboard";

    /// <summary>The <c>aud</c> of session tokens (API tokens carry <see cref="AuthOptions.Audience"/>).</summary>
    public const string Audience = "partyactors-dashboard";

    private static readonly byte[] KeyLabel = "PartyActors dashboard session key v1"u8.ToArray();

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SymmetricSecurityKey _key;
    private readonly string _issuer;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;

    public DashboardSessions(SigningKeys keys, IOptions<AuthOptions> auth, IOptions<DashboardAccessOptions> options, TimeProvider time)
    {
        _key = new SymmetricSecurityKey(HKDF.DeriveKey(HashAlgorithmName.SHA256, keys.Key.Key, AuthOptions.MinKeyBytes, [], KeyLabel));
        _issuer = auth.Value.Issuer;
        _lifetime = options.Value.SessionLifetime;
        _time = time;
        ValidationParameters = AuthSetup.Validation(_issuer, Audience, _key, auth.Value.ClockSkew);
    }

    /// <summary>How session tokens are checked.</summary>
    public TokenValidationParameters ValidationParameters { get; }

    /// <summary>A session for <paramref name="admin"/>, ending after the lifetime or with the token it was opened with, whichever comes first.</summary>
    public (string Token, DateTimeOffset Expires) Open(Caller admin, DateTimeOffset tokenExpires)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var now = _time.GetUtcNow();
        var expires = now + _lifetime < tokenExpires ? now + _lifetime : tokenExpires;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                [Caller.SubjectClaim] = admin.Subject,
                [Caller.RoleClaim] = admin.Roles.ToArray(),
            },
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    /// <summary>Sets the session cookie: sent back only to the dashboard's path, never readable by scripts or sent from other sites.</summary>
    public static void SetCookie(HttpContext http, string token, DateTimeOffset expires)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Append(CookieName, token, CookieOptions(http, expires));
    }

    public static void ClearCookie(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Delete(CookieName, CookieOptions(http, null));
    }

    private static CookieOptions CookieOptions(HttpContext http, DateTimeOffset? expires) => new()
    {
        Path = DashboardAccessOptions.Path,
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Expires = expires,
        IsEssential = true,
    };
}
