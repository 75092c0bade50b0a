using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Operations;

/// <summary>Health and metrics: anonymous, not rate-limited (probes and scrapers call them on a schedule).</summary>
internal static class OperationsEndpoints
{
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder app)
    {
        var operations = app.MapGroup(string.Empty).WithTags("Operations").AllowAnonymous().DisableRateLimiting();
        operations.MapGet("/health/live", Live)
            .WithSummary("200 while the process serves requests.");
        operations.MapGet("/health/ready", Ready)
            .WithSummary("200 when the store answers a read within the readiness timeout; 503 otherwise.");
        operations.MapGet("/metrics", Metrics)
            .WithSummary("Runtime, HTTP and stream metrics in the Prometheus text format.")
            .Produces<string>(StatusCodes.Status200OK, PrometheusMetrics.ContentType);
        return app;
    }

    public static Ok<HealthReport> Live() => TypedResults.Ok(new HealthReport("live"));

    public static async Task<Results<Ok<HealthReport>, ProblemHttpResult>> Ready(StorageProbe probe, PartyActors.Runtime.Silo silo, HttpContext http)
    {
        if (await probe.CheckAsync(http.RequestAborted) is { } failure)
        {
            return Problems.Unavailable(http, failure, code: "storage-unavailable");
        }

        return TypedResults.Ok(new HealthReport("ready", silo.ActivationCount));
    }

    public static ContentHttpResult Metrics(PrometheusMetrics metrics) =>
        TypedResults.Text(metrics.Scrape(), PrometheusMetrics.ContentType);
}

/// <summary>The answer of the health routes.</summary>
internal sealed record HealthReport(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Activations = null);
