using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PartyActors.Silo.Auth;

namespace PartyActors.Silo.WebUi;

/// <summary>
/// Stream tickets. A browser's EventSource cannot send an <c>Authorization</c> header, so a page
/// trades its bearer token for a ticket (<c>POST /api/v1/streams/tickets</c>) and opens
/// <c>…/rollup/stream?ticket=…</c>. A ticket is a short JWT the silo signs with the caller's
/// <c>sub</c>, roles, <c>org</c> and <c>member</c>, so it reaches exactly what the token reaches;
/// its key is derived from the API signing key under a label of its own and its audience is
/// <see cref="Audience"/>, so a ticket is never an API token nor a dashboard session, and an API
/// token is never a ticket. Only the stream routes name the ticket scheme
/// (<see cref="WebUiSetup.StreamPolicy"/>), so a ticket opens nothing else. Every silo sharing the
/// signing key accepts a ticket another one issued.
/// </summary>
internal sealed class StreamTickets
{
    /// <summary>The <c>aud</c> of tickets (API tokens carry <see cref="AuthOptions.Audience"/>).</summary>
    public const string Audience = "partyactors-stream";

    /// <summary>The query parameter a ticket travels in.</summary>
    public const string QueryName = "ticket";

    private static readonly byte[] KeyLabel = "PartyActors stream ticket key v1"u8.ToArray();

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SymmetricSecurityKey _key;
    private readonly string _issuer;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;

    public StreamTickets(SigningKeys keys, IOptions<AuthOptions> auth, IOptions<WebUiOptions> options, TimeProvider time)
    {
        _key = new SymmetricSecurityKey(HKDF.DeriveKey(HashAlgorithmName.SHA256, keys.Key.Key, AuthOptions.MinKeyBytes, [], KeyLabel));
        _issuer = auth.Value.Issuer;
        _lifetime = options.Value.StreamTicketLifetime;
        _time = time;

        // A ticket lives seconds, so the API's allowance for clocks (30 s by default) would outlast it;
        // a second covers the clocks of silos on one network.
        ValidationParameters = AuthSetup.Validation(_issuer, Audience, _key, TimeSpan.FromSeconds(Math.Min(1, auth.Value.ClockSkew.TotalSeconds)));
    }

    /// <summary>How tickets are checked.</summary>
    public TokenValidationParameters ValidationParameters { get; }

    /// <summary>A ticket for <paramref name="caller"/>, ending after the lifetime or with the token it was asked with, whichever comes first.</summary>
    public StreamTicket Issue(Caller caller, DateTimeOffset? tokenExpires)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var now = _time.GetUtcNow();
        var expires = now + _lifetime;
        if (tokenExpires is { } limit && limit < expires)
        {
            expires = limit;
        }

        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [Caller.SubjectClaim] = caller.Subject,
            [Caller.RoleClaim] = caller.Roles.ToArray(),
        };
        if (caller.OrgId is not null)
        {
            claims[Caller.OrgClaim] = caller.OrgId;
        }

        if (caller.MemberId is not null)
        {
            claims[Caller.MemberClaim] = caller.MemberId;
        }

        var ticket = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
        return new StreamTicket(ticket, expires);
    }

    /// <summary>When the bearer token of <paramref name="http"/> expires (its <c>exp</c> claim), if it says.</summary>
    public static DateTimeOffset? TokenExpiry(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return long.TryParse(http.User.FindFirst("exp")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
    }
}

/// <summary>The answer of <c>POST /api/v1/streams/tickets</c>: the ticket, and when it can no longer open a stream.</summary>
internal sealed record StreamTicket(string Ticket, DateTimeOffset ExpiresAt);
