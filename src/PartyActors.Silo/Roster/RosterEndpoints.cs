using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PartyActors.Grains;
using PartyActors.Silo.Audit;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Roster;

/// <summary>
/// Roster batches (api.md, "Roster batches"): an integration job pushes a roster as NDJSON or CSV and
/// polls the batch until it completes. The body streams into the batch grain's log; the 202 is sent
/// once every line is durable. Needs <c>AddRosterBatches()</c> on the silo.
/// </summary>
internal static class RosterEndpoints
{
    /// <summary>Long enough for a UUID, a date and a job name; short enough to stay a key.</summary>
    private const int MaxIdempotencyKeyLength = 255;

    /// <summary>Maps the routes into the <c>/api/v1</c> group, whose audit, rate limit and error conventions they share.</summary>
    public static IEndpointRouteBuilder MapRosterApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var maxUploadBytes = app.ServiceProvider.GetRequiredService<IOptions<RosterOptions>>().Value.MaxUploadBytes;
        var roster = app.MapGroup("/roster").WithTags("Roster");

        // The upload's own limit replaces the group's JSON limit; the batch keeps its own durable idempotency.
        roster.MapPost("/batches", AcceptBatch)
            .WithSummary("Pushes a roster as NDJSON (application/x-ndjson) or CSV (text/csv, UTF-8 or GB18030), one operation a line (upsert-org, upsert-member, remove-member); an Idempotency-Key header is required, and a repeat with the same key answers the first 202 { id }. Poll the batch for its progress.")
            .WithRequestBodyLimit(maxUploadBytes)
            .WithOwnIdempotency();
        roster.MapGet("/batches/{batchId}", GetBatch)
            .WithSummary("A roster batch's progress: status queued, running or completed, lines applied and rejected, and each rejected line's number, code and message. For the job that pushed it, and admins.");
        return app;
    }

    /// <summary>The body of the 202: the batch to poll.</summary>
    public sealed record BatchAccepted(string Id);

    // The Idempotency-Key is required here (api.md lets retried writes carry one; a roster is the
    // retried write par excellence, and without a key a retry would apply a second batch): a repeat
    // from the same caller answers the first 202 and reads nothing. (Not a doc comment: OpenAPI would
    // show it as the route's summary.)
    internal static async Task<Results<Accepted<BatchAccepted>, ProblemHttpResult>> AcceptBatch(
        Caller caller, HttpContext http, IGrainFactory grains, IOptions<RosterOptions> options)
    {
        // Refusals included, the push lands in the trail of the organization the caller is scoped to (an admin's in the unscoped one).
        http.Audit().Concerns(caller.OrgId);
        if (!caller.CanPushRosterBatches)
        {
            return Problems.Forbidden("Only integration jobs, organization admins and admins push roster batches.");
        }

        if (!TryReadContentType(http.Request.ContentType, out var format, out var charset, out var unsupported))
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, unsupported, "unsupported-media-type");
        }

        string key = http.Request.Headers[IdempotencyFilter.Header].ToString();
        if (!IsIdempotencyKey(key))
        {
            return Problems.Invalid(IdempotencyFilter.Header,
                $"The {IdempotencyFilter.Header} header is required: 1 to {MaxIdempotencyKeyLength} printable ASCII characters naming this push, the same on every retry.");
        }

        if (Submitter(caller) is not { } submitter)
        {
            return Problems.Forbidden("The token names no organization ('org' claim), which every caller but an admin needs.");
        }

        var limits = options.Value;
        try
        {
            var result = await RosterUpload.UploadAsync(
                grains, new RosterUploadRequest(key, submitter, format, charset), http.Request.Body, limits, http.RequestAborted);
            http.Audit().ResourceId = result.BatchId;
            return TypedResults.Accepted($"/api/v1/roster/batches/{result.BatchId}", new BatchAccepted(result.BatchId));
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // A chunked body passed the limit while streaming; a declared length over it never reached the handler.
            return Problems.TooLarge(limits.MaxUploadBytes);
        }
        catch (RosterUploadException exception)
        {
            return Problems.Status(StatusCodes.Status400BadRequest, exception.Message, exception.Code);
        }
        catch (Exception exception) when (FromGrainFailure(exception, http) is { } problem)
        {
            return problem;
        }
    }

    // The batch's progress, to its submitter or an admin.
    internal static async Task<Results<Ok<RosterBatchProgress>, ProblemHttpResult>> GetBatch(
        string batchId, Caller caller, HttpContext http, IGrainFactory grains)
    {
        if (!caller.CanPushRosterBatches)
        {
            return Problems.Forbidden("Only integration jobs, organization admins and admins read roster batches.");
        }

        if (!Ids.IsValid(batchId))
        {
            return Problems.Invalid("batchId", $"The batch id is not an id ({Ids.Rule}).", RosterErrors.InvalidId);
        }

        try
        {
            var progress = await grains.GetGrain<IRosterBatchGrain>(batchId).GetProgress();

            // Another caller's batch is answered as absent: its existence is not theirs to learn.
            if (progress is null || Submitter(caller) is not { } reader
                || !(reader.IsAdmin || string.Equals(progress.SubmittedBy, reader.Subject, StringComparison.Ordinal)))
            {
                return Problems.NotFound($"No roster batch '{batchId}' was accepted from this caller.", "batch-not-found");
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

    /// <summary>
    /// The caller as its batch records it, for the line-by-line scope checks in the grain; null for a
    /// caller who is not an admin and names no organization, and so reaches nothing.
    /// </summary>
    private static RosterCaller? Submitter(Caller caller) =>
        caller.IsAdmin || caller.OrgId is not null ? new RosterCaller(caller.Subject, caller.Roles, caller.OrgId) : null;

    /// <summary>
    /// Grain failures as this route answers them, which differs from <see cref="Problems.FromException"/>
    /// (kept for its clients): the 503s tell the job to push again with the same key, and a timeout or a
    /// silo going away is <c>unavailable</c>.
    /// </summary>
    private static ProblemHttpResult? FromGrainFailure(Exception exception, HttpContext http) => exception switch
    {
        DomainException { Kind: DomainErrorKind.Conflict } domain => Problems.Status(StatusCodes.Status409Conflict, domain.Message, domain.Code),
        DomainException { Field: { } field } domain => Problems.Invalid(field, domain.Message, domain.Code),
        DomainException domain => Problems.Status(StatusCodes.Status400BadRequest, domain.Message, domain.Code),
        StorageUnavailableException storage => Problems.Unavailable(http,
            "The store is unavailable; push the roster again with the same Idempotency-Key.", storage.RetryAfter, "storage-unavailable"),
        TimeoutException or OrleansMessageRejectionException => Problems.Unavailable(http,
            "The silo did not answer in time; push the roster again with the same Idempotency-Key.", Problems.DefaultRetryAfter, "unavailable"),
        _ => null,
    };
}
