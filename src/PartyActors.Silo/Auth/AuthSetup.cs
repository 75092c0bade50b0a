using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace PartyActors.Silo.Auth;

internal static class AuthSetup
{
    /// <summary>
    /// How the silo checks a token it signed (HS256, issuer, audience, lifetime, "sub" and "role"
    /// as the token spells them): API tokens and dashboard sessions, each with its own audience and key.
    /// </summary>
    public static TokenValidationParameters Validation(string issuer, string audience, SecurityKey key, TimeSpan clockSkew) => new()
    {
        ValidIssuer = issuer,
        ValidAudience = audience,
        IssuerSigningKey = key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = clockSkew,
        NameClaimType = Caller.SubjectClaim,
        RoleClaimType = Caller.RoleClaim,
    };

    /// <summary>
    /// JWT bearer authentication as api.md fixes it: HS256 with the configured key; issuer, audience,
    /// lifetime and signature checked; claim names kept as sent (<c>sub</c>, <c>role</c>, <c>org</c>,
    /// <c>member</c>), <c>role</c> as the role claim. Every API route requires an authenticated caller;
    /// roles and scopes are checked by the handlers through <see cref="Caller"/> and <see cref="SubtreeScope"/>.
    /// </summary>
    public static IServiceCollection AddPartyActorsAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<SubtreeScope>();
        services.AddSingleton<DevTokenIssuer>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, SigningKeys>((jwt, auth, keys) =>
            {
                // Keep "sub" and "role" as the token spells them instead of mapping them to WS-* URIs.
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = Validation(auth.Value.Issuer, auth.Value.Audience, keys.Key, auth.Value.ClockSkew);
                jwt.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        if (string.IsNullOrEmpty(context.Principal?.FindFirst(Caller.SubjectClaim)?.Value))
                        {
                            context.Fail("The token has no 'sub' claim.");
                        }

                        return Task.CompletedTask;
                    },
                };
            });
        services.AddAuthorization();
        return services;
    }
}
