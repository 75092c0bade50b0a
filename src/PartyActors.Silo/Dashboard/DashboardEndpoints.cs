using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Dashboard;

/// <summary>
/// The Orleans Dashboard under <see cref="DashboardAccessOptions.Path"/>, for admins only, and the
/// sign-in that opens a browser session with an admin token. None of it is part of the API, so none
/// of it is in the OpenAPI document.
/// </summary>
internal static class DashboardEndpoints
{
    public const string SignInPath = DashboardAccessOptions.Path + "/sign-in";

    private const string HomePath = DashboardAccessOptions.Path + "/";

    public static IEndpointRouteBuilder MapOperatorDashboard(this IEndpointRouteBuilder app)
    {
        // The dashboard polls several routes a second; it is admins' only, so it stays outside the per-caller limit.
        app.MapOrleansDashboard(DashboardAccessOptions.Path)
            .RequireAuthorization(DashboardSetup.Policy)
            .DisableRateLimiting()
            .ExcludeFromDescription();

        var access = app.MapGroup(DashboardAccessOptions.Path).AllowAnonymous().ExcludeFromDescription();
        access.MapGet("/sign-in", SignInPage);
        access.MapPost("/sign-in", SignIn);
        access.MapPost("/sign-out", SignOut);
        return app;
    }

    public static IResult SignInPage(HttpContext http) => Page(http, StatusCodes.Status200OK, message: null);

    /// <summary>
    /// Takes an API token (form field <c>token</c>, or an <c>Authorization: Bearer</c> header),
    /// checks it exactly as the API does, and for an admin sets the session cookie and sends the
    /// browser to the dashboard (303). A form gets the page again with the reason; a header, a problem.
    /// </summary>
    public static async Task<IResult> SignIn(HttpContext http, IOptionsMonitor<JwtBearerOptions> bearer, DashboardSessions sessions, ILogger<DashboardSessions> logger)
    {
        var fromForm = http.Request.HasFormContentType;
        var token = fromForm
            ? (await http.Request.ReadFormAsync(http.RequestAborted))["token"].ToString().Trim()
            : AuthenticationHeaderValue.TryParse(http.Request.Headers.Authorization, out var header)
                && string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) ? header.Parameter : null;
        if (string.IsNullOrEmpty(token))
        {
            return Refuse(http, fromForm, StatusCodes.Status401Unauthorized, "An admin token is required to open the dashboard.");
        }

        // The API's own bearer handler and parameters, so sign-in accepts exactly the tokens the API does.
        var api = bearer.Get(JwtBearerDefaults.AuthenticationScheme);
        var result = await api.TokenHandlers[0].ValidateTokenAsync(token, api.TokenValidationParameters);
        var caller = result.IsValid ? Caller.FromPrincipal(new ClaimsPrincipal(result.ClaimsIdentity)) : Caller.Anonymous;
        if (!caller.IsAuthenticated)
        {
            return Refuse(http, fromForm, StatusCodes.Status401Unauthorized,
                "The token is not valid here: its signature, issuer, audience or lifetime does not check out, or it has no subject.");
        }

        if (!caller.IsAdmin)
        {
            return Refuse(http, fromForm, StatusCodes.Status403Forbidden, "The dashboard is for admins; this token has no admin role.");
        }

        var (session, expires) = sessions.Open(caller, new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero));
        DashboardSessions.SetCookie(http, session, expires);
        logger.LogInformation("Dashboard session opened for {Subject} until {Expires:O}.", caller.Subject, expires);
        return SeeOther(http, HomePath);
    }

    public static IResult SignOut(HttpContext http)
    {
        DashboardSessions.ClearCookie(http);
        return SeeOther(http, SignInPath);
    }

    private static IResult SeeOther(HttpContext http, string location)
    {
        http.Response.Headers.Location = location;
        http.Response.Headers.CacheControl = "no-store";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static IResult Refuse(HttpContext http, bool fromForm, int status, string message) => fromForm
        ? Page(http, status, message)
        : Problems.Status(status, message, status == StatusCodes.Status403Forbidden ? "forbidden" : "invalid-token");

    /// <summary>The sign-in form; no script, nothing from the request echoed, never framed or cached.</summary>
    private static IResult Page(HttpContext http, int status, string? message)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
        var error = message is null ? string.Empty : $"<p class=\"error\">{System.Net.WebUtility.HtmlEncode(message)}</p>";
        return Results.Content($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>PartyActors: Orleans Dashboard sign-in</title>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem; }
            textarea { width: 100%; height: 8rem; font-family: monospace; }
            .error { color: #b00020; }
            </style>
            </head>
            <body>
            <h1>Orleans Dashboard</h1>
            <p>Paste an admin bearer token to open a dashboard session in this browser. The session lasts a short while and never longer than the token.</p>
            {{error}}
            <form method="post" action="{{SignInPath}}">
            <textarea name="token" required autocomplete="off" spellcheck="false" aria-label="Admin token"></textarea>
            <p><button type="submit">Sign in</button></p>
            </form>
            <form method="post" action="{{DashboardAccessOptions.Path}}/sign-out"><button type="submit">Sign out</button></form>
            </body>
            </html>
            """, "text/html; charset=utf-8", statusCode: status);
    }
}
