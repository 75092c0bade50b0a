using System.Collections.Frozen;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PartyActors.Grains;

namespace PartyActors.Silo.Http;

/// <summary>
/// Every error answer of the API: an RFC 9457 problem with <c>type</c>, <c>title</c>, <c>status</c>
/// and <c>detail</c>, a stable <c>code</c> extension where one applies, and <c>errors</c> for
/// validation. Messages never echo personal data.
/// </summary>
internal static class Problems
{
    /// <summary>How long clients are asked to wait after a 503 whose cause names no time.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    private static readonly FrozenDictionary<int, (string Type, string Title)> Kinds = new Dictionary<int, (string, string)>
    {
        [400] = ("https://tools.ietf.org/html/rfc9110#section-15.5.1", "Bad Request"),
        [401] = ("https://tools.ietf.org/html/rfc9110#section-15.5.2", "Unauthorized"),
        [403] = ("https://tools.ietf.org/html/rfc9110#section-15.5.4", "Forbidden"),
        [404] = ("https://tools.ietf.org/html/rfc9110#section-15.5.5", "Not Found"),
        [405] = ("https://tools.ietf.org/html/rfc9110#section-15.5.6", "Method Not Allowed"),
        [409] = ("https://tools.ietf.org/html/rfc9110#section-15.5.10", "Conflict"),
        [413] = ("https://tools.ietf.org/html/rfc9110#section-15.5.14", "Content Too Large"),
        [415] = ("https://tools.ietf.org/html/rfc9110#section-15.5.16", "Unsupported Media Type"),
        [422] = ("https://tools.ietf.org/html/rfc9110#section-15.5.21", "Unprocessable Content"),
        [429] = ("https://tools.ietf.org/html/rfc6585#section-4", "Too Many Requests"),
        [500] = ("https://tools.ietf.org/html/rfc9110#section-15.6.1", "Internal Server Error"),
        [503] = ("https://tools.ietf.org/html/rfc9110#section-15.6.4", "Service Unavailable"),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<int, string> DefaultDetails = new Dictionary<int, string>
    {
        [400] = "The request is malformed or invalid.",
        [401] = "A valid bearer token is required (Authorization: Bearer <JWT>).",
        [403] = "The caller's role or scope does not allow this.",
        [404] = "Nothing is found at this address.",
        [405] = "This address does not accept that method.",
        [413] = "The request body is too large.",
        [415] = "The request body must be JSON (Content-Type: application/json).",
        [429] = "Too many requests; wait before trying again.",
        [500] = "An unexpected error occurred; the trace id identifies it in the server's log.",
        [503] = "The service is unavailable for a moment; try again after the Retry-After delay.",
    }.ToFrozenDictionary();

    /// <summary>
    /// The <c>code</c> of a problem that names none: those the framework writes itself (no token,
    /// no route, a method or content type the route does not take), so that every problem has one.
    /// </summary>
    private static readonly FrozenDictionary<int, string> DefaultCodes = new Dictionary<int, string>
    {
        [400] = "bad-request",
        [401] = "unauthorized",
        [403] = "forbidden",
        [404] = "route-not-found",
        [405] = "method-not-allowed",
        [406] = "not-acceptable",
        [409] = "conflict",
        [413] = "body-too-large",
        [415] = "unsupported-media-type",
        [422] = "unprocessable",
        [429] = "rate-limited",
        [500] = "unexpected",
        [503] = "unavailable",
    }.ToFrozenDictionary();

    /// <summary>Fills <c>type</c>, <c>title</c>, <c>detail</c> and <c>code</c> where a problem lacks them (also for problems the framework writes).</summary>
    public static void Complete(ProblemDetails problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var status = problem.Status ?? 500;
        if (Kinds.TryGetValue(status, out var kind))
        {
            problem.Type ??= kind.Type;
            problem.Title ??= kind.Title;
        }

        problem.Detail ??= DefaultDetails.GetValueOrDefault(status, problem.Title ?? "The request failed.");
        if (!problem.Extensions.ContainsKey("code"))
        {
            problem.Extensions["code"] = DefaultCodes.GetValueOrDefault(status, status < 500 ? "bad-request" : "unexpected");
        }
    }

    /// <summary>A problem with <paramref name="status"/>, an optional stable code, and optional field errors.</summary>
    public static ProblemHttpResult Status(int status, string detail, string? code = null, IDictionary<string, string[]>? errors = null)
    {
        ProblemDetails problem = errors is null
            ? new ProblemDetails()
            : new HttpValidationProblemDetails(errors);
        problem.Status = status;
        problem.Detail = detail;
        if (code is not null)
        {
            problem.Extensions["code"] = code;
        }

        Complete(problem);
        return TypedResults.Problem(problem);
    }

    /// <summary>400 with <c>errors: { field: [messages] }</c>.</summary>
    public static ProblemHttpResult Validation(ValidationErrors errors, string detail = "One or more fields are invalid.")
    {
        ArgumentNullException.ThrowIfNull(errors);
        return Status(StatusCodes.Status400BadRequest, detail, "invalid-field", errors.ToDictionary());
    }

    /// <summary>400 for one field, with <paramref name="code"/> (<c>invalid-field</c> unless the field's kind has its own).</summary>
    public static ProblemHttpResult Invalid(string field, string message, string code = "invalid-field") =>
        Status(StatusCodes.Status400BadRequest, message, code, new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>413: the body passed the route's limit of <paramref name="maxBytes"/> (when known).</summary>
    public static ProblemHttpResult TooLarge(long? maxBytes) => Status(StatusCodes.Status413PayloadTooLarge,
        maxBytes is { } bytes ? $"The request body is larger than the {bytes} bytes this route accepts." : "The request body is too large.",
        "body-too-large");

    /// <summary>403: the caller's role or scope does not reach the resource.</summary>
    public static ProblemHttpResult Forbidden(string detail) => Status(StatusCodes.Status403Forbidden, detail, "forbidden");

    public static ProblemHttpResult NotFound(string detail, string code) => Status(StatusCodes.Status404NotFound, detail, code);

    /// <summary>503 with a <c>Retry-After</c> header (seconds, rounded up).</summary>
    public static ProblemHttpResult Unavailable(HttpContext context, string detail, TimeSpan? retryAfter = null, string code = "unavailable")
    {
        ArgumentNullException.ThrowIfNull(context);
        SetRetryAfter(context, retryAfter ?? DefaultRetryAfter);
        return Status(StatusCodes.Status503ServiceUnavailable, detail, code);
    }

    /// <summary>The status an endpoint's answer will have (looking inside <c>Results&lt;…&gt;</c> unions); 200 when it names none.</summary>
    public static int StatusOf(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        return result is IStatusCodeHttpResult { StatusCode: { } status } ? status : StatusCodes.Status200OK;
    }

    public static void SetRetryAfter(HttpContext context, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(context);
        var seconds = Math.Max(1, (long)Math.Ceiling(delay.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The answer for an exception a grain call may throw at any handler: domain refusals (400, 404,
    /// 409, 422), a store that is down, a silo that cannot be reached, a call that timed out or a
    /// store version that moved under the grain (503, with Retry-After).
    /// Null for anything else, which is a bug and a 500.
    /// </summary>
    public static ProblemHttpResult? FromException(Exception exception, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return exception switch
        {
            DomainException domain => FromDomain(domain),
            StorageUnavailableException storage => Unavailable(context, "The store is unavailable; nothing was changed by this request unless a retry finds it done.", storage.RetryAfter, "storage-unavailable"),
            TimeoutException => Unavailable(context, "A grain call timed out; the outcome of a write is unknown, so retry it (writes are idempotent).", DefaultRetryAfter, "timeout"),
            // A silo that stopped or crashed (SiloUnavailableException is one), or no gateway for a frontend:
            // until the cluster declares it dead its grains cannot be reached, afterwards they activate elsewhere.
            OrleansMessageRejectionException => Unavailable(context, "A silo of the cluster could not be reached (it is stopping, or failed and is not yet declared dead); retry in a moment, writes are idempotent.", DefaultRetryAfter, "silo-unavailable"),
            // Not the client's conflict: the grain's stored version moved under it (another activation
            // wrote while a silo was being declared dead, or a write's outcome was unknown). The activation
            // is dropped and the next call reads the store, so a retry succeeds.
            InconsistentStateException => Unavailable(context, "The resource was changed by another activation of it at the same moment (a silo was failing over); retry in a moment, writes are idempotent.", TimeSpan.FromSeconds(1), DomainErrors.ConcurrentChange),
            _ => null,
        };
    }

    private static ProblemHttpResult FromDomain(DomainException exception)
    {
        var field = exception.Field ?? DefaultField(exception.Code);
        var errors = field is null ? null : new Dictionary<string, string[]> { [field] = [exception.Message] };
        return exception.Kind switch
        {
            DomainErrorKind.Invalid => Status(StatusCodes.Status400BadRequest, exception.Message, exception.Code,
                errors ?? new Dictionary<string, string[]> { ["body"] = [exception.Message] }),
            DomainErrorKind.NotFound => Status(StatusCodes.Status404NotFound, exception.Message, exception.Code),
            DomainErrorKind.UnknownReference => Status(StatusCodes.Status422UnprocessableEntity, exception.Message, exception.Code, errors),
            DomainErrorKind.Conflict => Status(StatusCodes.Status409Conflict, exception.Message, exception.Code),
            _ => Status(StatusCodes.Status400BadRequest, exception.Message, exception.Code),
        };
    }

    // The grains name the field only where they know it; these codes always concern the same one.
    private static string? DefaultField(string code) => code switch
    {
        DomainErrors.ParentNotFound => "parentId",
        _ => null,
    };
}
