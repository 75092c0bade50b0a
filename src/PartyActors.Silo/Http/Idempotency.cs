using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PartyActors.Silo.Auth;

namespace PartyActors.Silo.Http;

/// <summary>How long this silo remembers the answers to writes sent with an <c>Idempotency-Key</c>, from section <c>Idempotency</c>.</summary>
internal sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>
    /// How long an answer is replayed: 1 hour, longer than any sane retry loop of an integration job.
    /// The routes that take the header (PUT, DELETE, report-in) are idempotent by themselves, so
    /// forgetting a key after this, or after a restart, repeats a harmless write; the key only adds
    /// "the same answer as the first time".
    /// </summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The most keys kept: 10,000 (a few MB); the oldest go first when full.</summary>
    [Range(1, int.MaxValue)]
    public int MaxEntries { get; set; } = 10_000;
}

/// <summary>
/// Marks a route that keeps its own, durable idempotency records (roster batches): the in-memory
/// filter leaves it alone. Add it with <see cref="IdempotencyExtensions.WithOwnIdempotency"/>.
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
/// caller on the same route, without running it again; a repeat still in flight waits for the first.
/// The same key with a different body is a 422. Only answers below 500 (and not 429) are kept:
/// a failure that may pass on retry is retried for real. Keys live in memory (<see cref="IdempotencyOptions"/>).
/// </summary>
internal sealed class IdempotencyFilter(IdempotencyStore store, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IEndpointFilter
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
            var (entry, first) = store.Begin(scope, fingerprint);
            if (!first)
            {
                if (!entry.Fingerprint.AsSpan().SequenceEqual(fingerprint))
                {
                    return Problems.Status(StatusCodes.Status422UnprocessableEntity,
                        $"This {Header} was used for a different request body; use a new key for a new request.", "idempotency-key-reused");
                }

                if (await entry.Answer.WaitAsync(http.RequestAborted) is { } answer)
                {
                    http.Response.Headers[ReplayedHeader] = "true";
                    return answer;
                }

                // The first attempt's answer was not kept (it failed in a way a retry may fix): run again.
                continue;
            }

            try
            {
                var result = await next(context);
                store.Complete(scope, entry, IsFinal(result) ? result : null);
                return result;
            }
            catch
            {
                store.Complete(scope, entry, null);
                throw;
            }
        }
    }

    private static bool IsFinal(object? result) =>
        result is IResult && Problems.StatusOf(result) is < 500 and not StatusCodes.Status429TooManyRequests;

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
}

/// <summary>The remembered answers, bounded in count and age.</summary>
internal sealed class IdempotencyStore(IOptions<IdempotencyOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly IdempotencyOptions _options = options.Value;

    public int Count => _entries.Count;

    /// <summary>The entry for <paramref name="scope"/>; <c>first</c> when this call created it and must run the request.</summary>
    public (Entry Entry, bool First) Begin(string scope, byte[] fingerprint)
    {
        var now = time.GetTimestamp();
        while (true)
        {
            if (_entries.TryGetValue(scope, out var existing))
            {
                if (!existing.IsExpired(now, time, _options.Ttl))
                {
                    return (existing, false);
                }

                _entries.TryRemove(KeyValuePair.Create(scope, existing));
                continue;
            }

            var entry = new Entry(fingerprint, now);
            if (_entries.TryAdd(scope, entry))
            {
                if (_entries.Count > _options.MaxEntries)
                {
                    Trim(now);
                }

                return (entry, true);
            }
        }
    }

    /// <summary>Publishes the answer to waiting repeats; a null answer is forgotten so the next repeat runs.</summary>
    public void Complete(string scope, Entry entry, object? answer)
    {
        if (answer is null)
        {
            _entries.TryRemove(KeyValuePair.Create(scope, entry));
        }

        entry.Publish(answer);
    }

    private void Trim(long now)
    {
        foreach (var (scope, entry) in _entries)
        {
            if (entry.IsExpired(now, time, _options.Ttl))
            {
                _entries.TryRemove(KeyValuePair.Create(scope, entry));
            }
        }

        var excess = _entries.Count - _options.MaxEntries;
        if (excess > 0)
        {
            foreach (var (scope, entry) in _entries.OrderBy(e => e.Value.CreatedAt).Take(excess).ToList())
            {
                _entries.TryRemove(KeyValuePair.Create(scope, entry));
            }
        }
    }

    internal sealed class Entry(byte[] fingerprint, long createdAt)
    {
        private readonly TaskCompletionSource<object?> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public byte[] Fingerprint { get; } = fingerprint;

        public long CreatedAt { get; } = createdAt;

        public Task<object?> Answer => _answer.Task;

        public void Publish(object? answer) => _answer.TrySetResult(answer);

        public bool IsExpired(long now, TimeProvider time, TimeSpan ttl) =>
            _answer.Task.IsCompleted && time.GetElapsedTime(CreatedAt, now) > ttl;
    }
}
