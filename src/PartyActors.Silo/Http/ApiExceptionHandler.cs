using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PartyActors.Silo.Http;

/// <summary>
/// The last line: turns whatever escaped a handler into a problem. Requests the framework refuses
/// while binding (malformed JSON, wrong content type, a body over the limit) become 400, 415 and
/// 413 naming what was wrong; grain failures are mapped as <see cref="Problems.FromException"/>
/// says; anything else is a bug: logged with its stack, answered 500 without internals.
/// </summary>
internal sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            return true;
        }

        var problem = exception is BadHttpRequestException badRequest
            ? FromBadRequest(badRequest, httpContext)
            : Problems.FromException(exception, httpContext);
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception answering {Method} {Path}.", httpContext.Request.Method, httpContext.Request.Path);
            problem = Problems.Status(StatusCodes.Status500InternalServerError,
                "An unexpected error occurred; the trace id identifies it in the server's log.", "unexpected");
        }

        await problem.ExecuteAsync(httpContext);
        return true;
    }

    private static ProblemHttpResult FromBadRequest(BadHttpRequestException exception, HttpContext context)
    {
        switch (exception.StatusCode)
        {
            case StatusCodes.Status413PayloadTooLarge:
                return Problems.TooLarge(context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize);
            case StatusCodes.Status415UnsupportedMediaType:
                return Problems.Status(StatusCodes.Status415UnsupportedMediaType,
                    "The request body must be JSON (Content-Type: application/json).", "unsupported-media-type");
            case StatusCodes.Status400BadRequest:
                var errors = new ValidationErrors();
                if (FindJsonException(exception) is { } json)
                {
                    var field = FieldOf(json.Path);
                    errors.Add(field, field == "body"
                        ? $"The body is not a valid JSON object (line {json.LineNumber + 1}, position {json.BytePositionInLine + 1})."
                        : $"'{field}' could not be read: the value has the wrong JSON type or format.");
                }
                else if (UnboundParameter().Match(exception.Message) is { Success: true } unbound)
                {
                    // A route or query value of the wrong type (?limit=ten): the framework names the parameter in its message.
                    var field = unbound.Groups["name"].Value;
                    errors.Add(field, $"'{field}' could not be read: the value has the wrong type or format.");
                    return Problems.Validation(errors);
                }
                else
                {
                    errors.Add("body", "A JSON object is required as the request body.");
                }

                return Problems.Validation(errors, "The request body could not be read.");
            default:
                return Problems.Status(exception.StatusCode, "The request could not be read.", "bad-request");
        }
    }

    private static JsonException? FindJsonException(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json)
            {
                return json;
            }
        }

        return null;
    }

    /// <summary>ASP.NET Core's message for a value that does not bind: <c>Failed to bind parameter "int? limit" from "ten".</c></summary>
    [GeneratedRegex("""^Failed to bind parameter "(?:[^"]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)" from """)]
    private static partial Regex UnboundParameter();

    /// <summary>The top-level property a JSON path points into (<c>$.skills[2]</c> → <c>skills</c>); <c>body</c> for the root.</summary>
    private static string FieldOf(string? path)
    {
        if (path is null || !path.StartsWith("$.", StringComparison.Ordinal) || path.Length == 2)
        {
            return "body";
        }

        var name = path.AsSpan(2);
        var end = name.IndexOfAny('.', '[');
        return (end < 0 ? name : name[..end]).ToString();
    }
}

/// <summary>Turns grain failures into problems inside the filter chain, so the audit and idempotency filters see the answer.</summary>
internal sealed class GrainErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception exception)
        {
            var problem = Problems.FromException(exception, context.HttpContext);
            if (problem is null)
            {
                throw;
            }

            return problem;
        }
    }
}
