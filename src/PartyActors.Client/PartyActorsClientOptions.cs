namespace PartyActors.Client;

/// <summary>How a <see cref="PartyActorsClient"/> reaches the server and when it retries.</summary>
public sealed record PartyActorsClientOptions
{
    /// <summary>
    /// The server's root (<c>http://localhost:5080</c>), without <c>/api/v1</c>. Null: the
    /// <see cref="HttpClient.BaseAddress"/> of the client passed in.
    /// </summary>
    public Uri? BaseAddress { get; init; }

    /// <summary>The bearer token sent with every request; it can be changed later on the client.</summary>
    public string? AccessToken { get; init; }

    /// <summary>
    /// How many times an idempotent call (GET, PUT, DELETE, a roster submission with its
    /// Idempotency-Key, a points award with its source id) is sent again after a 503 or 429.
    /// Default 3; 0 turns retrying off. Other writes are never retried, since the client cannot
    /// know whether the first attempt took effect.
    /// </summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The wait before a retry when the answer has no <c>Retry-After</c>. Default 1 second.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest <c>Retry-After</c> the client waits out by itself. Default 30 seconds: a server
    /// asking for longer is down for longer than a caller would want to be blocked, so the call
    /// fails at once with <see cref="PartyActorsApiException.RetryAfter"/> set.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The pause between two polls of <see cref="PartyActorsClient.WaitForRosterBatchAsync"/> when
    /// the call does not give one. Default 1 second: a batch of thousands of lines takes seconds,
    /// and polling faster only loads the server.
    /// </summary>
    public TimeSpan RosterPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock for retry waits and polling; tests replace it.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
