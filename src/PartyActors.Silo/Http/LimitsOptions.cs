using System.ComponentModel.DataAnnotations;

namespace PartyActors.Silo.Http;

/// <summary>Request limits, from configuration section <c>Limits</c>.</summary>
internal sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>
    /// The largest request body a JSON route of <c>/api/v1</c> accepts: 1 MiB. The largest legitimate
    /// body (a member profile) is about a kilobyte; routes that take bulk uploads (roster batches)
    /// declare their own limit with <see cref="RequestBodyLimitExtensions.WithRequestBodyLimit"/>.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    public RateLimitOptions RateLimit { get; set; } = new();
}

/// <summary>
/// The per-caller rate limit: a fixed window of <see cref="PermitLimit"/> requests per
/// <see cref="Window"/>, counted per token subject (<c>sub</c>), or per client IP address for
/// requests without a valid token.
/// </summary>
internal sealed class RateLimitOptions
{
    /// <summary>
    /// Requests per window and caller: 600 a minute, ten a second on average, far above what a person
    /// at a dashboard or an integration job pacing itself sends, low enough that a runaway script
    /// cannot crowd out everyone else. 0 turns the limit off.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int PermitLimit { get; set; } = 600;

    /// <summary>The window the permits are counted in: one minute.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
