using Microsoft.AspNetCore.Authentication.JwtBearer;
using PartyActors.Silo.Auth;

namespace PartyActors.Silo.Dashboard;

/// <summary>
/// Who reaches the Orleans Dashboard: admins, by bearer token (tools) or by a dashboard session
/// (browsers, <see cref="DashboardSessions"/>). The session scheme is named only by the dashboard's
/// policy, so the API never reads the cookie, and the cookie's path keeps browsers from sending it
/// anywhere else.
/// </summary>
internal static class DashboardSetup
{
    /// <summary>The scheme the dashboard authenticates with: the API's bearer scheme when a header is sent, else the session cookie.</summary>
    public const string Scheme = "Dashboard";

    /// <summary>Session tokens from the cookie.</summary>
    public const string SessionScheme = "DashboardSession";

    /// <summary>An authenticated admin, by either scheme.</summary>
    public const string Policy = "DashboardAdmin";

    public static IServiceCollection AddDashboardAccess(this IServiceCollection services)
    {
        services.AddOptions<DashboardAccessOptions>().BindConfiguration(DashboardAccessOptions.Section)
            .Validate(o => o.SessionLifetime > TimeSpan.Zero, "Dashboard:SessionLifetime must be positive.").ValidateOnStart();
        services.AddSingleton<DashboardSessions>();
        services.AddAuthentication()
            .AddJwtBearer(SessionScheme)
            .AddPolicyScheme(Scheme, "Bearer token or dashboard session", options => options.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.Count > 0 ? JwtBearerDefaults.AuthenticationScheme : SessionScheme);
        services.AddOptions<JwtBearerOptions>(SessionScheme).Configure<DashboardSessions>((jwt, sessions) =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = sessions.ValidationParameters;
            jwt.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    context.Token = context.Request.Cookies[DashboardSessions.CookieName];
                    return Task.CompletedTask;
                },
                OnChallenge = context =>
                {
                    // A browser opening a page is sent to the sign-in form; anything else gets the 401.
                    if (IsPageRequest(context.Request))
                    {
                        context.HandleResponse();
                        context.Response.Redirect(DashboardEndpoints.SignInPath);
                    }

                    return Task.CompletedTask;
                },
            };
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser()
            .RequireRole(Role.Admin));
        return services;
    }

    private static bool IsPageRequest(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && request.Headers.Accept.Any(accept => accept?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
}
