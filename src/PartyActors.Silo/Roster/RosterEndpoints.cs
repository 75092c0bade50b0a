using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PartyActors.Grains;
using PartyActors.Silo.Audit;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Roster;

/// <summary>
/// Roster batches (api.md, "Roster batches"): an integration job pushes a roster as NDJSON or CSV and
/// polls the batch until it completes. The body streams into the batch grain's log; the 202 is sent
/// once every line is durable. Needs <c>AddRosterBatches()</c> on the silo.
/// </summary>
internal static class RosterEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Long enough for a UUID, a date and a job name; short enough to stay a key.</summary>
    private const int MaxIdempotencyKeyLength = 255;

    private static readonly string[] PushingRoles = ["integration", "org-admin", RosterCaller.AdminRole];

    /// <summary>Maps the routes into the <c>/api/v1</c> group, whose audit, rate limit and error conventions they share.</summary>
    public static IEndpointRouteBuilder MapRosterApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var maxUploadBytes = app.ServiceProvider.GetRequiredService<IOptions<RosterOptions>>().Value.MaxUploadBytes;
        var roster = app.MapGroup("/roster").WithTags("Roster");

        // The upload's own limit replaces the group's JSON limit; the batch keeps its own durable idempotency.
        roster.MapPost("/batches", AcceptBatch)
            .WithRequestBodyLimit(maxUploadBytes)
            .WithOwnIdempotency();
        roster.MapGet("/batches/{batchId}", GetBatch);
        return app;
    }

    /// <summary>The body of the 202: the batch to poll.</summary>
    public sealed record BatchAccepted(string Id);

    /// <summary>
    /// <c>POST /api/v1/roster/batches</c>. The Idempotency-Key is required here (api.md lets retried
    /// writes carry one; a roster is the retried write par excellence, and without a key a retry
    /// would apply a second batch): a repeat from the same caller answers the first 202 and reads nothing.
    /// </summary>
    internal static async Task<Results<Accepted<BatchAccepted>, ProblemHttpResult>> AcceptBatch(
        HttpContext http, IGrainFactory grains, IOptions<RosterOptions> options)
    {
        var limits = options.Value;
        // Refusals included, the push lands in the trail of the organization the caller is scoped to (an admin's in the unscoped one).
        http.Audit().Concerns(http.User.FindFirst("org")?.Value);
        if (!Roles(http.User).Any(PushingRoles.Contains))
        {
            return Problem(StatusCodes.Status403Forbidden, "Only integration jobs, organization admins and admins push roster batches.", "forbidden");
        }

        if (!TryReadContentType(http.Request.ContentType, out var format, out var charset, out var unsupported))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, unsupported, "unsupported-media-type");
        }

        string key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (!IsIdempotencyKey(key))
        {
            return Problem(StatusCodes.Status400BadRequest,
                $"The {IdempotencyKeyHeader} header is required: 1 to {MaxIdempotencyKeyLength} printable ASCII characters naming this push, the same on every retry.",
                "invalid-field", IdempotencyKeyHeader);
        }

        if (Caller(http.User) is not { } caller)
        {
            return Problem(StatusCodes.Status403Forbidden, "The token names no subject, or no organization for a caller who is not an admin.", "forbidden");
        }

        try
        {
            var result = await RosterUpload.UploadAsync(
                grains, new RosterUploadRequest(key, caller, format, charset), http.Request.Body, limits, http.RequestAborted);
            http.Audit().ResourceId = result.BatchId;
            return TypedResults.Accepted($"/api/v1/roster/batches/{result.BatchId}", new BatchAccepted(result.BatchId));
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(limits);
        }
        catch (RosterUploadException exception)
        {
            return Problem(StatusCodes.Status400BadRequest, exception.Message, exception.Code);
        }
        catch (Exception exception) when (FromGrainFailure(exception, http) is { } problem)
        {
            return problem;
        }
    }

    /// <summary><c>GET /api/v1/roster/batches/{batchId}</c>: the batch's progress, to its submitter or an admin.</summary>
    internal static async Task<Results<Ok<RosterBatchProgress>, ProblemHttpResult>> GetBatch(string batchId, HttpContext http, IGrainFactory grains)
    {
        if (!Roles(http.User).Any(PushingRoles.Contains))
        {
            return Problem(StatusCodes.Status403Forbidden, "Only integration jobs, organization admins and admins read roster batches.", "forbidden");
        }

        if (!Ids.IsValid(batchId))
        {
            return Problem(StatusCodes.Status400BadRequest, $"The batch id is not an id ({Ids.Rule}).", "invalid-id", "batchId");
        }

        try
        {
            var progress = await grains.GetGrain<IRosterBatchGrain>(batchId).GetProgress();
            var caller = Caller(http.User);

            // Another caller's batch is answered as absent: its existence is not theirs to learn.
            if (progress is null || caller is null || !(caller.IsAdmin || string.Equals(progress.SubmittedBy, caller.Subject, StringComparison.Ordinal)))
            {
                return Problem(StatusCodes.Status404NotFound, $"No roster batch '{batchId}' was accepted from this caller.", "batch-not-found");
            }

            return TypedResults.Ok(progress);
        }
        catch (Exception exception) when (FromGrainFailure(exception, http) is { } problem)
        {
            return problem;
        }
    }

    /// <summary><c>application/x-ndjson</c> (UTF-8), <c>text/csv</c> (UTF-8, or GB18030 also named gbk or gb2312).</summary>
    private static bool TryReadContentType(string? contentType, out RosterFormat format, out RosterCharset charset, out string problem)
    {
        format = RosterFormat.Ndjson;
        charset = RosterCharset.Utf8;
        problem = "The body must be application/x-ndjson (UTF-8) or text/csv (charset utf-8, gb18030, gbk or gb2312).";
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }

        if (mediaType.MediaType.Equals("application/x-ndjson", StringComparison.OrdinalIgnoreCase) ||
            mediaType.MediaType.Equals("application/ndjson", StringComparison.OrdinalIgnoreCase))
        {
            format = RosterFormat.Ndjson;
        }
        else if (mediaType.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            format = RosterFormat.Csv;
        }
        else
        {
            return false;
        }

        if (!RosterCharsets.TryParse(mediaType.Charset.Value, out charset) || (format == RosterFormat.Ndjson && charset != RosterCharset.Utf8))
        {
            problem = format == RosterFormat.Ndjson
                ? "NDJSON must be UTF-8."
                : "A CSV roster must be UTF-8 or GB18030 (charset utf-8, gb18030, gbk or gb2312).";
            return false;
        }

        return true;
    }

    private static bool IsIdempotencyKey(string key) =>
        key.Length is > 0 and <= MaxIdempotencyKeyLength && key.All(c => c is >= ' ' and <= '~') && !string.IsNullOrWhiteSpace(key);

    /// <summary>The caller from the token: <c>sub</c>, every <c>role</c>, and <c>org</c> (required unless admin).</summary>
    private static RosterCaller? Caller(ClaimsPrincipal user)
    {
        var subject = user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        if (string.IsNullOrEmpty(subject))
        {
            return null;
        }

        var caller = new RosterCaller(subject, [.. Roles(user).Distinct(StringComparer.Ordinal)], user.FindFirst("org")?.Value);
        return caller.IsAdmin || !string.IsNullOrEmpty(caller.OrgScope) ? caller : null;
    }

    // Read as they come in the token, and as the JWT handler maps them when it maps inbound claims.
    private static IEnumerable<string> Roles(ClaimsPrincipal user) =>
        user.FindAll("role").Concat(user.FindAll(ClaimTypes.Role)).Select(c => c.Value);

    private static ProblemHttpResult? FromGrainFailure(Exception exception, HttpContext http) => exception switch
    {
        DomainException { Kind: DomainErrorKind.Conflict } domain => Problem(StatusCodes.Status409Conflict, domain.Message, domain.Code),
        DomainException domain => Problem(StatusCodes.Status400BadRequest, domain.Message, domain.Code, domain.Field),
        StorageUnavailableException storage => Unavailable(http, storage.RetryAfter, "The store is unavailable; push the roster again with the same Idempotency-Key.", "storage-unavailable"),
        TimeoutException or SiloUnavailableException => Unavailable(http, TimeSpan.FromSeconds(5), "The silo did not answer in time; push the roster again with the same Idempotency-Key.", "unavailable"),
        _ => null,
    };

    private static ProblemHttpResult TooLarge(RosterOptions limits) => Problem(StatusCodes.Status413PayloadTooLarge,
        $"A roster may be at most {limits.MaxUploadBytes} bytes; split it into several batches.", "body-too-large");

    private static ProblemHttpResult Unavailable(HttpContext http, TimeSpan retryAfter, string detail, string code)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status503ServiceUnavailable, detail, code);
    }

    /// <summary>An RFC 9457 problem with a stable <c>code</c>, and <c>errors</c> when a field is named.</summary>
    private static ProblemHttpResult Problem(int status, string detail, string code, string? field = null)
    {
        ProblemDetails problem = field is null ? new ProblemDetails() : new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [detail] });
        problem.Status = status;
        problem.Type = status switch
        {
            StatusCodes.Status400BadRequest => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            StatusCodes.Status403Forbidden => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
            StatusCodes.Status404NotFound => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
            StatusCodes.Status409Conflict => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
            StatusCodes.Status413PayloadTooLarge => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
            StatusCodes.Status415UnsupportedMediaType => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
            _ => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        };
        problem.Title = ReasonPhrases.GetReasonPhrase(status);
        problem.Detail = detail;
        problem.Extensions["code"] = code;
        return TypedResults.Problem(problem);
    }
}
