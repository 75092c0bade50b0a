using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PartyActors.Silo;

/// <summary>
/// Marks a route mapped as a request pipeline rather than a handler (the Prometheus scraping
/// endpoint), which the OpenAPI generator cannot see, for <see cref="PipelineEndpointsTransformer"/>.
/// </summary>
/// <param name="ContentType">The media type of the 200 answer.</param>
/// <param name="Description">What the 200 answer holds.</param>
internal sealed record PipelineEndpointDocumentation(string ContentType, string Description);

/// <summary>
/// Adds to the OpenAPI document the routes marked with <see cref="PipelineEndpointDocumentation"/>,
/// described from the endpoints the silo actually maps (route, methods, summary, tags), so the
/// document cannot list a route that is not there or miss one that is.
/// </summary>
internal sealed class PipelineEndpointsTransformer(EndpointDataSource endpoints) : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PipelineEndpointDocumentation>() is not { } documentation)
            {
                continue;
            }

            var path = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
            document.Paths ??= [];
            if (!document.Paths.TryGetValue(path, out var item) || item is not OpenApiPathItem pathItem)
            {
                pathItem = new OpenApiPathItem();
                document.Paths[path] = pathItem;
            }

            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get];
            foreach (var method in methods)
            {
                pathItem.AddOperation(HttpMethod.Parse(method), Describe(endpoint, documentation, document));
            }
        }

        return Task.CompletedTask;
    }

    private static OpenApiOperation Describe(RouteEndpoint endpoint, PipelineEndpointDocumentation documentation, OpenApiDocument document) => new()
    {
        Summary = endpoint.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary,
        Tags = endpoint.Metadata.GetOrderedMetadata<ITagsMetadata>().SelectMany(t => t.Tags)
            .Select(tag => new OpenApiTagReference(tag, document)).ToHashSet(),
        Responses = new OpenApiResponses
        {
            ["200"] = new OpenApiResponse
            {
                Description = documentation.Description,
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { [documentation.ContentType] = new OpenApiMediaType() },
            },
        },
    };
}
