using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PartyActors.Silo.Auth;

namespace PartyActors.Silo.Http;

/// <summary>
/// The global limiter: a fixed window per caller (token subject, or client IP without a valid
/// token). A refusal is a 429 problem with <c>Retry-After</c>. Health, metrics and the OpenAPI
/// document opt out with <c>DisableRateLimiting</c>.
/// </summary>
internal sealed class ConfigureRateLimiting(IOptions<LimitsOptions> limits) : IConfigureOptions<RateLimiterOptions>
{
    public void Configure(RateLimiterOptions options)
    {
        var settings = limits.Value.RateLimit;
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (settings.PermitLimit == 0)
            {
                return RateLimitPartition.GetNoLimiter("unlimited");
            }

            return RateLimitPartition.GetFixedWindowLimiter(PartitionKey(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.PermitLimit,
                Window = settings.Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
        options.OnRejected = (rejected, cancellationToken) =>
        {
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var delay) ? delay : settings.Window;
            Problems.SetRetryAfter(rejected.HttpContext, retryAfter);
            return new ValueTask(Problems.Status(StatusCodes.Status429TooManyRequests,
                $"More than {settings.PermitLimit} requests in {settings.Window}; wait before trying again.", "rate-limited")
                .ExecuteAsync(rejected.HttpContext));
        };
    }

    /// <summary>The caller a request counts against: its token's subject when it has a valid one, else its address.</summary>
    private static string PartitionKey(HttpContext context) =>
        Caller.FromPrincipal(context.User) is { IsAuthenticated: true } caller
            ? "sub:" + caller.Subject
            : "ip:" + context.Connection.RemoteIpAddress;
}
