using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.WebUi;

/// <summary>
/// The supervisors' dashboard at <c>/</c> and the member page at <c>/m/</c> (docs/dashboard.md):
/// the built pages, the stream-ticket scheme that lets their EventSource open roll-up streams, the
/// thresholds, and the JSON of their API answers.
/// </summary>
internal static class WebUiSetup
{
    /// <summary>Tickets from <c>?ticket=</c>; named only by <see cref="StreamPolicy"/>.</summary>
    public const string TicketScheme = "StreamTicket";

    /// <summary>An authenticated caller by bearer token or stream ticket: the policy of the stream routes only.</summary>
    public const string StreamPolicy = "StreamReader";

    /// <summary>The member page's path.</summary>
    public const string MemberPagePath = "/m/";

    public static IServiceCollection AddWebUi(this IServiceCollection services)
    {
        services.AddOptions<WebUiOptions>().BindConfiguration(WebUiOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.StreamTicketLifetime > TimeSpan.Zero, "WebUi:StreamTicketLifetime must be positive.")
            .Validate(o => Ordered(o.Thresholds), "WebUi:Thresholds: each indicator's Green must be on the better side of its Yellow (≥ for ReportInRate, Satisfaction, MeetingCompliance; ≤ for the overdue rates).")
            .ValidateOnStart();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, WebUiJsonContext.Default));
        services.AddSingleton<StreamTickets>();
        services.AddSingleton<WebUiFiles>();

        services.AddAuthentication().AddJwtBearer(TicketScheme);
        services.AddOptions<JwtBearerOptions>(TicketScheme).Configure<StreamTickets>((jwt, tickets) =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = tickets.ValidationParameters;
            jwt.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    // Only the query: without a ticket this scheme has nothing to say (never the Authorization header).
                    var ticket = context.Request.Query[StreamTickets.QueryName].ToString();
                    if (string.IsNullOrEmpty(ticket))
                    {
                        context.NoResult();
                    }
                    else
                    {
                        context.Token = ticket;
                    }

                    return Task.CompletedTask;
                },
            };
        });
        services.AddAuthorizationBuilder().AddPolicy(StreamPolicy, policy => policy
            .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme, TicketScheme)
            .RequireAuthenticatedUser());
        return services;
    }

    /// <summary>Lets a stream route accept a ticket as well as a bearer token.</summary>
    public static TBuilder AcceptStreamTickets<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(StreamPolicy);

    /// <summary>The pages (anonymous: they hold no data; every figure comes from the API with the signed-in caller's token).</summary>
    public static IEndpointRouteBuilder MapWebUi(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<WebUiOptions>>().Value.ServePages)
        {
            return app;
        }

        var pages = app.MapGroup("/").AllowAnonymous().DisableRateLimiting().ExcludeFromDescription();
        pages.MapGet("/", (HttpContext http, WebUiFiles files) => Serve(http, files, "index.html", page: true));

        // Routing ignores a trailing slash: one route answers both, and sends /m on to /m/.
        pages.MapGet(MemberPagePath, (HttpContext http, WebUiFiles files) => http.Request.Path.Value!.EndsWith('/')
            ? Serve(http, files, "m/index.html", page: true)
            : Results.Redirect(MemberPagePath));
        pages.MapGet("/assets/{*path}", (string path, HttpContext http, WebUiFiles files) => Serve(http, files, "assets/" + path, page: false));
        return app;
    }

    private static IResult Serve(HttpContext http, WebUiFiles files, string path, bool page)
    {
        if (files.Find(path) is not { } file)
        {
            return files.IsBuilt
                ? Problems.NotFound($"No file '{path}'.", "not-found")
                : Problems.NotFound("The pages were not built into this silo (it was built with -p:BuildWebUi=false); build it with Node.js 18 or later and npm on PATH.", "pages-not-built");
        }

        var headers = http.Response.Headers;
        headers.ETag = file.ETag;
        headers.XContentTypeOptions = "nosniff";
        if (page)
        {
            // The pages change with the build; their assets carry a hash of their content in the name.
            headers.CacheControl = "no-cache";
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
            headers["Referrer-Policy"] = "no-referrer";
        }
        else
        {
            headers.CacheControl = "public, max-age=31536000, immutable";
        }

        if (http.Request.Headers.IfNoneMatch.ToString() == file.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(file.Content, file.ContentType);
    }

    private static bool Ordered(DashboardThresholds t) =>
        t.ReportInRate.Green >= t.ReportInRate.Yellow
        && t.Satisfaction.Green >= t.Satisfaction.Yellow
        && t.MeetingCompliance.Green >= t.MeetingCompliance.Yellow
        && t.RequestsOverdueRate.Green <= t.RequestsOverdueRate.Yellow
        && t.CommitmentsOverdueRate.Green <= t.CommitmentsOverdueRate.Yellow
        && t.ErrandsOverdueRate.Green <= t.ErrandsOverdueRate.Yellow
        && t.AgreementItemsOverdueRate.Green <= t.AgreementItemsOverdueRate.Yellow;
}
