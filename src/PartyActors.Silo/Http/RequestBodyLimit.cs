using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace PartyActors.Silo.Http;

/// <summary>A route's own body limit, read by <see cref="RequestBodyLimitMiddleware"/>.</summary>
internal sealed record RequestBodyLimitMetadata(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;

internal static class RequestBodyLimitExtensions
{
    /// <summary>Gives a route a body limit other than <see cref="LimitsOptions.MaxRequestBodyBytes"/> (for bulk uploads).</summary>
    public static TBuilder WithRequestBodyLimit<TBuilder>(this TBuilder builder, long maxBytes)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        return builder.WithMetadata(new RequestBodyLimitMetadata(maxBytes));
    }
}

/// <summary>
/// Applies the body limit of the matched route (its <see cref="IRequestSizeLimitMetadata"/>, else
/// <see cref="LimitsOptions.MaxRequestBodyBytes"/>) before anything reads the body. A declared
/// length over the limit is refused at once with 413; a chunked body is cut off by the server when it
/// passes the limit, and the exception handler answers 413 then.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<LimitsOptions> options)
{
    private readonly long _default = options.Value.MaxRequestBodyBytes;

    public Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? _default;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge,
                $"The request body is larger than the {limit} bytes this route accepts.", "body-too-large").ExecuteAsync(context);
        }

        return next(context);
    }
}
