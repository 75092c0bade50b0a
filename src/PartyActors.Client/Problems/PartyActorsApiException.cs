using System.Collections.ObjectModel;
using System.Net;

namespace PartyActors.Client;

/// <summary>
/// The server answered with an error status. Carries the status and, when the body was problem
/// details, what it said, so a caller can show the server's own title and detail.
/// </summary>
public sealed class PartyActorsApiException : Exception
{
    public PartyActorsApiException(HttpStatusCode statusCode, ApiProblem? problem, TimeSpan? retryAfter = null, string? body = null)
        : base(FormatMessage(statusCode, problem, body))
    {
        StatusCode = statusCode;
        Problem = problem;
        RetryAfter = retryAfter;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The parsed problem details; null when the body was not problem details (a proxy's error page, say).</summary>
    public ApiProblem? Problem { get; }

    public string? Type => Problem?.Type;

    public string? Title => Problem?.Title;

    public string? Detail => Problem?.Detail;

    /// <summary>Validation messages by field; empty when there are none.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors => Problem?.Errors ?? ReadOnlyDictionary<string, IReadOnlyList<string>>.Empty;

    /// <summary>How long the server asked the caller to wait (<c>Retry-After</c> on 503 and 429), when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    private static string FormatMessage(HttpStatusCode statusCode, ApiProblem? problem, string? body)
    {
        var status = $"{(int)statusCode} {statusCode}";
        if (problem is null)
        {
            return string.IsNullOrWhiteSpace(body) ? status : $"{status}: {body}";
        }

        var title = problem.Title ?? status;
        return problem.Detail is null ? $"{(int)statusCode} {title}" : $"{(int)statusCode} {title}: {problem.Detail}";
    }
}
