using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using PartyActors.Grains;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;
using PartyActors.Silo.Points;

namespace PartyActors.Silo.ReportIns;

/// <summary>
/// The feedback of 双报到 to the work units (docs/report-in.md): for each in-service member of record
/// in a subtree, what the member did where they live in a period. A recount on every request.
/// </summary>
internal static class ServiceFeedbackEndpoints
{
    public static IEndpointRouteBuilder MapServiceFeedbackApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/orgs/{orgId}/service-feedback", GetServiceFeedback)
            .WithTags("Report-in")
            .WithSummary("For each in-service member (probationary or full) of record in the subtree: minutes served and claims completed, ratings received and points recorded in the period (?period=2026, 2026-Q4 or 2026-11, China Standard Time), and where the member is reported in now. JSON a page at a time (?limit=1..1000, default 100; ?after=<next>), or the whole subtree as CSV for Excel with Accept: text/csv or ?format=csv.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<ServiceFeedbackPage>, ServiceFeedbackCsv, ProblemHttpResult>> GetServiceFeedback(
        string orgId, string? period, string? format, int? limit, string? after, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (!caller.CanReadMembers)
        {
            return Problems.Forbidden("The caller's roles do not read members' service.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        var bounds = RankingEndpoints.ParsePeriod(period);
        if (bounds is null)
        {
            errors.Add("period", "'period' is required: a year (2026), a quarter (2026-Q4) or a month (2026-11), in China Standard Time.");
        }

        IdPages.Check(errors, limit, after);
        var csv = WantsCsv(errors, format, http.Request);
        if (csv && (limit is not null || after is not null))
        {
            errors.Add(limit is not null ? "limit" : "after", "The CSV holds the whole subtree; 'limit' and 'after' page the JSON.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (!await scope.ContainsOrgAsync(caller, orgId))
        {
            return Problems.Forbidden($"Organization '{orgId}' is outside the caller's scope.");
        }

        if (!(await grains.GetGrain<IRollupNode>(orgId).GetChildRollup()).Exists)
        {
            return Problems.NotFound($"Organization '{orgId}' does not exist.", DomainErrors.OrgNotFound);
        }

        var (from, to) = bounds!.Value;
        var members = await ServiceFeedback.WalkAsync(grains, orgId);
        var feedback = new ServiceFeedback(grains, from, to);
        if (csv)
        {
            return new ServiceFeedbackCsv(orgId, period!, members, feedback);
        }

        var (items, next) = await IdPages.ReadAsync(members.MemberIds, after, limit, id => feedback.OfMemberAsync(id, members.Orgs));
        return TypedResults.Ok(new ServiceFeedbackPage(orgId, period!, from, to, [.. items], next));
    }

    /// <summary>CSV with <c>?format=csv</c>, JSON with <c>?format=json</c>; without it, CSV when the best-rated type <c>Accept</c> names is <c>text/csv</c>.</summary>
    private static bool WantsCsv(ValidationErrors errors, string? format, HttpRequest request)
    {
        switch (format)
        {
            case "csv":
                return true;
            case "json":
                return false;
            case not null:
                errors.Add("format", "'format' is 'json' (the default) or 'csv'.");
                return false;
        }

        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted))
        {
            return false;
        }

        var best = accepted
            .Where(a => a.Quality != 0)
            .OrderByDescending(a => a.Quality ?? 1)
            .FirstOrDefault(a => a.MatchesMediaType(ServiceFeedbackCsv.MediaType) || a.MatchesMediaType("application/json"));
        return best is not null && best.MediaType.Equals(ServiceFeedbackCsv.MediaType, StringComparison.OrdinalIgnoreCase);
    }
}
