using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PartyActors.Silo.Audit;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.WebUi;

/// <summary>
/// What the pages need from the API beyond the resources themselves: stream tickets for a browser's
/// EventSource, and the dashboard's thresholds (docs/dashboard.md).
/// </summary>
internal static class WebUiEndpoints
{
    public static IEndpointRouteBuilder MapWebUiApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/streams/tickets", IssueTicket).WithTags("Streams")
            .WithSummary("A short-lived ticket ({ ticket, expiresAt }) that opens roll-up streams as ?ticket=, for browsers (EventSource sends no header): it reaches what the caller's token reaches, only on stream routes, and opens no stream after expiresAt.");
        app.MapGet("/dashboard/settings", GetSettings).WithTags("Dashboard")
            .WithSummary("The supervisors' dashboard's settings: the red / yellow / green thresholds of its indicators and the stream tickets' lifetime.");
        return app;
    }

    public static Results<Ok<StreamTicket>, ProblemHttpResult> IssueTicket(Caller caller, StreamTickets tickets, HttpContext http)
    {
        if (!caller.CanReadOrganizations)
        {
            return Problems.Forbidden("Stream tickets open roll-up streams, which the caller's roles do not read.");
        }

        http.Audit().Concerns(caller.OrgId);
        return TypedResults.Ok(tickets.Issue(caller, StreamTickets.TokenExpiry(http)));
    }

    public static Ok<DashboardSettings> GetSettings(IOptions<WebUiOptions> options)
    {
        var settings = options.Value;
        var t = settings.Thresholds;
        return TypedResults.Ok(new DashboardSettings(
            new DashboardThresholdsView(
                IndicatorThreshold.HigherIsBetter(t.ReportInRate),
                IndicatorThreshold.HigherIsBetter(t.Satisfaction),
                IndicatorThreshold.LowerIsBetter(t.RequestsOverdueRate),
                IndicatorThreshold.LowerIsBetter(t.CommitmentsOverdueRate),
                IndicatorThreshold.HigherIsBetter(t.MeetingCompliance),
                IndicatorThreshold.LowerIsBetter(t.ErrandsOverdueRate),
                IndicatorThreshold.LowerIsBetter(t.AgreementItemsOverdueRate)),
            settings.StreamTicketLifetime.TotalSeconds));
    }
}

/// <summary>The answer of <c>GET /api/v1/dashboard/settings</c>.</summary>
internal sealed record DashboardSettings(DashboardThresholdsView Thresholds, double StreamTicketLifetimeSeconds);

/// <summary>The thresholds by indicator, as <see cref="DashboardThresholds"/> documents them.</summary>
internal sealed record DashboardThresholdsView(
    IndicatorThreshold ReportInRate,
    IndicatorThreshold Satisfaction,
    IndicatorThreshold RequestsOverdueRate,
    IndicatorThreshold CommitmentsOverdueRate,
    IndicatorThreshold MeetingCompliance,
    IndicatorThreshold ErrandsOverdueRate,
    IndicatorThreshold AgreementItemsOverdueRate);

/// <summary>One indicator's limits and which way is better: <c>higher</c> or <c>lower</c>.</summary>
internal sealed record IndicatorThreshold(double Green, double Yellow, string Better)
{
    public static IndicatorThreshold HigherIsBetter(TrafficLight light) => new(light.Green, light.Yellow, "higher");

    public static IndicatorThreshold LowerIsBetter(TrafficLight light) => new(light.Green, light.Yellow, "lower");
}
