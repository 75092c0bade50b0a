using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Idempotency;

namespace PartyActors.Silo.Http;

/// <summary>How long and which answers to writes sent with an <c>Idempotency-Key</c> are remembered, from section <c>Idempotency</c>.</summary>
internal sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>
    /// How long an answer is replayed: 1 hour, longer than any sane retry loop of an integration job.
    /// Answers are kept in the grain store, so they are replayed across restarts within this time.
    /// A record is dropped when it is read after this time; one never read again stays in the store.
    /// </summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The largest answer body remembered: 64 KiB, well above any answer of the routes that take the
    /// key (a few hundred bytes), so the store never holds large blobs. A larger answer is sent but
    /// not remembered, and a repeat runs again (the routes are idempotent by themselves).
    /// </summary>
    [Range(0, int.MaxValue)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;
}

/// <summary>
/// Marks a route that keeps its own, durable idempotency records (roster batches): the filter
/// leaves it alone. Add it with <see cref="IdempotencyExtensions.WithOwnIdempotency"/>.
/// </summary>
internal sealed class OwnIdempotencyMetadata;

internal static class IdempotencyExtensions
{
    public static TBuilder WithOwnIdempotency<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new OwnIdempotencyMetadata());
}

/// <summary>A request body that takes part in the idempotency fingerprint (the same key with another body is refused).</summary>
internal interface IRequestBody;

/// <summary>
/// Replays the first answer to a write repeated with the same <c>Idempotency-Key</c> by the same
/// caller on the same route, without running it again; a repeat still in flight in this process
/// waits for the first. The same key with a different body is a 422. Only answers below 500 (and
/// not 429) are kept: a failure that may pass on retry is retried for real.
/// <para>
/// The answer is kept in an <see cref="IIdempotencyGrain"/>, written after the handler made its own
/// change durable and before the answer leaves, so it survives a restart. If the process dies
/// between the two, or the record cannot be written (logged as a warning; the caller still gets the
/// handler's answer, not a 503, because the change was made), a repeat runs again: harmless, as the
/// routes that take the key are idempotent by themselves. If the record cannot be read, the request
/// is refused with 503 rather than run blind.
/// </para>
/// </summary>
internal sealed partial class IdempotencyFilter(
    IGrainFactory grains,
    IdempotencyInFlight inFlight,
    IOptions<IdempotencyOptions> options,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
    TimeProvider time,
    ILogger<IdempotencyFilter> logger) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const int MaxKeyLength = 200;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            || !http.Request.Headers.TryGetValue(Header, out var values)
            || http.GetEndpoint()?.Metadata.GetMetadata<OwnIdempotencyMetadata>() is not null)
        {
            return await next(context);
        }

        var key = values.ToString();
        if (key.Length is 0 or > MaxKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            return Problems.Invalid(Header, $"The {Header} header must be 1 to {MaxKeyLength} visible ASCII characters.");
        }

        var caller = Caller.FromPrincipal(http.User);
        var subject = caller.IsAuthenticated ? caller.Subject : "anonymous:" + http.Connection.RemoteIpAddress;
        var scope = string.Join('\n', subject, http.Request.Method, http.Request.Path.Value, key);
        var fingerprint = Fingerprint(context.Arguments);
        while (true)
        {
            var (flight, first) = inFlight.Begin(scope, fingerprint);
            if (!first)
            {
                if (!flight.Fingerprint.AsSpan().SequenceEqual(fingerprint))
                {
                    return KeyReused();
                }

                if (await flight.Answer.WaitAsync(http.RequestAborted) is { } answer)
                {
                    http.Response.Headers[ReplayedHeader] = "true";
                    return answer;
                }

                // The first attempt's answer was not kept (it failed in a way a retry may fix): run again.
                continue;
            }

            RecordedAnswer? kept = null;
            try
            {
                var grain = grains.GetGrain<IIdempotencyGrain>(GrainKey(scope));
                IdempotencyRecord? record;
                try
                {
                    record = await grain.Find();
                }
                catch (Exception exception) when (Problems.FromException(exception, http) is { } problem)
                {
                    return problem;
                }

                if (record is not null)
                {
                    if (!record.Fingerprint.AsSpan().SequenceEqual(fingerprint))
                    {
                        return KeyReused();
                    }

                    kept = RecordedAnswer.From(record);
                    http.Response.Headers[ReplayedHeader] = "true";
                    return kept;
                }

                var result = await next(context);
                if (result is not IResult final || !IsFinal(result))
                {
                    return result;
                }

                var answer = await RecordedAnswer.CaptureAsync(final, http);
                if (answer.Body.Length > options.Value.MaxBodyBytes)
                {
                    return answer;
                }

                try
                {
                    await grain.Remember(answer.ToRecord(fingerprint, time.GetUtcNow()));
                    kept = answer;
                }
                catch (Exception exception)
                {
                    LogNotRemembered(exception, http.Request.Method, http.Request.Path.Value, answer.StatusCode);
                }

                return answer;
            }
            finally
            {
                inFlight.Complete(scope, flight, kept);
            }
        }
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult KeyReused() => Problems.Status(StatusCodes.Status422UnprocessableEntity,
        $"This {Header} was used for a different request body; use a new key for a new request.", "idempotency-key-reused");

    private static bool IsFinal(object? result) =>
        Problems.StatusOf(result) is < 500 and not StatusCodes.Status429TooManyRequests;

    /// <summary>The grain key of a scope: its SHA-256 in hex, so neither the caller nor the key is readable in the store.</summary>
    private static string GrainKey(string scope) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scope)));

    private byte[] Fingerprint(IList<object?> arguments)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var argument in arguments)
        {
            if (argument is IRequestBody)
            {
                hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(argument, argument.GetType(), json.Value.SerializerOptions));
            }
        }

        return hash.GetHashAndReset();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remember the answer to {Method} {Path} ({Status}) for its Idempotency-Key; a repeat will run again.")]
    private partial void LogNotRemembered(Exception exception, string method, string? path, int? status);
}

/// <summary>
/// The writes with an <c>Idempotency-Key</c> running in this process, so that a repeat arriving
/// while the first still runs waits for its answer instead of running beside it.
/// </summary>
internal sealed class IdempotencyInFlight
{
    private readonly ConcurrentDictionary<string, Flight> _flights = new(StringComparer.Ordinal);

    /// <summary>The flight for <paramref name="scope"/>; <c>first</c> when this call started it and must run the request.</summary>
    public (Flight Flight, bool First) Begin(string scope, byte[] fingerprint)
    {
        var flight = new Flight(fingerprint);
        var current = _flights.GetOrAdd(scope, flight);
        return (current, ReferenceEquals(current, flight));
    }

    /// <summary>Ends the flight and hands its answer to the repeats waiting; a null answer makes them run themselves.</summary>
    public void Complete(string scope, Flight flight, RecordedAnswer? answer)
    {
        _flights.TryRemove(KeyValuePair.Create(scope, flight));
        flight.Publish(answer);
    }

    internal sealed class Flight(byte[] fingerprint)
    {
        private readonly TaskCompletionSource<RecordedAnswer?> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public byte[] Fingerprint { get; } = fingerprint;

        public Task<RecordedAnswer?> Answer => _answer.Task;

        public void Publish(RecordedAnswer? answer) => _answer.TrySetResult(answer);
    }
}

/// <summary>An answer as bytes: what the handler's result wrote, sent the first time and replayed on repeats.</summary>
internal sealed class RecordedAnswer(int status, ImmutableArray<IdempotencyHeader> headers, byte[] body) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => status;

    public byte[] Body => body;

    public static RecordedAnswer From(IdempotencyRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new RecordedAnswer(record.Status, record.Headers.IsDefault ? [] : record.Headers, record.Body ?? []);
    }

    /// <summary>
    /// Runs <paramref name="result"/> against a scratch response (the request's services, trace id
    /// and Accept header), so its status, headers and body can be stored before anything is sent.
    /// </summary>
    public static async Task<RecordedAnswer> CaptureAsync(IResult result, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(http);
        var scratch = new DefaultHttpContext { RequestServices = http.RequestServices, TraceIdentifier = http.TraceIdentifier };
        scratch.Request.Method = http.Request.Method;
        scratch.Request.Scheme = http.Request.Scheme;
        scratch.Request.Host = http.Request.Host;
        scratch.Request.PathBase = http.Request.PathBase;
        scratch.Request.Path = http.Request.Path;
        scratch.Request.Headers.Accept = http.Request.Headers.Accept;
        using var buffer = new MemoryStream();
        scratch.Response.Body = buffer;
        await result.ExecuteAsync(scratch);
        await scratch.Response.CompleteAsync();
        var headers = ImmutableArray.CreateBuilder<IdempotencyHeader>();
        foreach (var (name, values) in scratch.Response.Headers)
        {
            if (!string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var value in values)
                {
                    headers.Add(new IdempotencyHeader(name, value ?? ""));
                }
            }
        }

        return new RecordedAnswer(scratch.Response.StatusCode, headers.ToImmutable(), buffer.ToArray());
    }

    public IdempotencyRecord ToRecord(byte[] fingerprint, DateTimeOffset storedAt) => new(fingerprint, status, headers, body, storedAt);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = status;
        foreach (var header in headers)
        {
            response.Headers.Append(header.Name, header.Value);
        }

        if (body.Length > 0)
        {
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, httpContext.RequestAborted);
        }
    }
}
