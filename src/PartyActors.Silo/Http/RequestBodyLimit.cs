using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace PartyActors.Silo.Http;

/// <summary>A route's own body limit, read by <see cref="RequestBodyLimitMiddleware"/>.</summary>
internal sealed record RequestBodyLimitMetadata(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;

internal static class RequestBodyLimitExtensions
{
    /// <summary>Gives a route or group a body limit (a route's own wins over its group's, for bulk uploads).</summary>
    public static TBuilder WithRequestBodyLimit<TBuilder>(this TBuilder builder, long maxBytes)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        return builder.WithMetadata(new RequestBodyLimitMetadata(maxBytes));
    }
}

/// <summary>
/// Applies the body limit a route declares (its <see cref="IRequestSizeLimitMetadata"/>; the
/// <c>/api/v1</c> group declares <see cref="LimitsOptions.MaxRequestBodyBytes"/> for its JSON routes,
/// and the roster upload its own <c>Roster:MaxUploadBytes</c>, which wins because a route's metadata
/// comes after its group's) before anything reads the body. A declared length over the limit is
/// refused at once with 413; a chunked body is cut off by the server when it passes the limit, and
/// 413 is answered then (by the exception handler, or by a handler that streams the body itself).
/// Routes that declare nothing (outside <c>/api/v1</c>) keep the server's default.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is not { } declared)
        {
            return next(context);
        }

        var limit = declared.MaxRequestBodySize;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            return Problems.TooLarge(limit).ExecuteAsync(context);
        }

        return next(context);
    }
}
