using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PartyActors.Silo;

/// <summary>
/// Marks a route whose 200 answer comes as CSV too (on <c>Accept: text/csv</c> or <c>?format=csv</c>),
/// for <see cref="CsvAnswerTransformer"/>: the generator documents one content type per status.
/// </summary>
/// <param name="Description">What the CSV holds.</param>
internal sealed record CsvAnswerDocumentation(string Description);

/// <summary>Adds <c>text/csv</c> beside the JSON of the 200 answer of routes marked with <see cref="CsvAnswerDocumentation"/>.</summary>
internal sealed class CsvAnswerTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var documentation = context.Description.ActionDescriptor.EndpointMetadata.OfType<CsvAnswerDocumentation>().FirstOrDefault();
        if (documentation is not null && operation.Responses?.TryGetValue("200", out var answer) == true && answer is OpenApiResponse ok)
        {
            ok.Content ??= new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal);
            ok.Content["text/csv"] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = documentation.Description },
            };
        }

        return Task.CompletedTask;
    }
}
