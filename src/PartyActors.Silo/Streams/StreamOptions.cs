using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using PartyActors.Grains;

namespace PartyActors.Silo.Streams;

/// <summary>
/// Server-sent roll-up streams, from configuration section <c>Streams</c>. Each subscriber holds one
/// slot with the newest roll-up not yet sent (latest wins), so a slow client costs O(1) memory and
/// never slows the organization or the other subscribers.
/// </summary>
internal sealed class StreamOptions
{
    public const string Section = "Streams";

    /// <summary>
    /// Open streams this process serves at most: 10,000. Each costs a connection and a few hundred
    /// bytes; past this, new streams get 503 with Retry-After rather than starving the request path.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>
    /// The shortest gap between two events of one stream: 100 ms, so at most ten a second (api.md),
    /// whatever the organization's cadence. Updates arriving inside the gap replace each other and
    /// the newest is sent when it ends.
    /// </summary>
    public TimeSpan CoalescingInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a stream may stay silent before a comment line is sent: 15 seconds, under the idle
    /// timeouts of common proxies (30–60 s), so quiet organizations do not get their streams cut.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often the shared observer of an organization renews its subscription. Unset: a third of
    /// <c>Rollups:ObserverExpiration</c> (the grain drops unrenewed observers), so two renewals may
    /// fail before a subscription lapses.
    /// </summary>
    public TimeSpan? RenewInterval { get; set; }
}

/// <summary>Checks <see cref="StreamOptions"/> against each other and against the grains' observer expiry.</summary>
internal sealed class StreamOptionsValidator(IOptions<RollupOptions> rollups) : IValidateOptions<StreamOptions>
{
    public ValidateOptionsResult Validate(string? name, StreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.CoalescingInterval < TimeSpan.Zero)
        {
            failures.Add("Streams:CoalescingInterval must not be negative.");
        }

        if (options.KeepAliveInterval <= TimeSpan.Zero)
        {
            failures.Add("Streams:KeepAliveInterval must be positive.");
        }

        var expiration = rollups.Value.ObserverExpiration;
        if (options.RenewInterval is { } renew && (renew <= TimeSpan.Zero || renew >= expiration))
        {
            failures.Add($"Streams:RenewInterval must be positive and shorter than Rollups:ObserverExpiration ({expiration}), or subscriptions lapse between renewals.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
