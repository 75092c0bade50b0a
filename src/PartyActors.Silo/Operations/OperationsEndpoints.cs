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
            .WithSummary("200 when the silo is active in its cluster (on a frontend: when a silo answers through a gateway) and the store answers a read within the readiness timeout; 503 otherwise.");

        // The exporter maps a pipeline that answers any method, and the OpenAPI generator sees only
        // handlers: restrict it to GET and describe it for PipelineEndpointsTransformer.
        operations.MapPrometheusScrapingEndpoint("/metrics")
            .WithTags("Operations").AllowAnonymous().DisableRateLimiting()
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]))
            .WithMetadata(new PipelineEndpointDocumentation("text/plain", "Prometheus text exposition format 0.0.4."))
            .WithSummary("Orleans, HTTP, storage, stream and runtime metrics in the Prometheus text format.");
        return app;
    }

    public static Ok<HealthReport> Live() => TypedResults.Ok(new HealthReport("live"));

    public static async Task<Results<Ok<HealthReport>, ProblemHttpResult>> Ready(Readiness readiness, HttpContext http)
    {
        var result = await readiness.CheckAsync(http.RequestAborted);
        return result.ProblemCode is { } code
            ? Problems.Unavailable(http, result.Problem!, code: code)
            : TypedResults.Ok(new HealthReport("ready", result.Silo));
    }
}

/// <summary>The answer of the health routes.</summary>
internal sealed record HealthReport(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Silo = null);
