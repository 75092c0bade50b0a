using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PartyActors.Grains;
using PartyActors.Silo.Members;
using PartyActors.Silo.Organizations;

namespace PartyActors.Silo;

/// <summary>
/// Tells the OpenAPI document what the generator cannot see: roll-up metrics are an object of
/// integer counters (a custom converter writes them), and the request bodies' text fields accept only
/// the enums' wire names.
/// </summary>
internal sealed class ApiSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(RollupCounters))
        {
            schema.Type = JsonSchemaType.Object;
            schema.Properties = Metrics.All.ToDictionary(
                m => m.WireName(), IOpenApiSchema (_) => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" }, StringComparer.Ordinal);
            schema.Required = new HashSet<string>(Metrics.All.Select(m => m.WireName()), StringComparer.Ordinal);
        }
        else if (type == typeof(PutOrganizationRequest))
        {
            Restrict<OrganizationKind>(schema, "kind");
        }
        else if (type == typeof(PutMemberRequest))
        {
            Restrict<MemberStatus>(schema, "status");
            Restrict<MemberCategory>(schema, "category");
            Restrict<Gender>(schema, "gender");
        }

        return Task.CompletedTask;
    }

    private static void Restrict<T>(OpenApiSchema schema, string property)
        where T : struct, Enum
    {
        if (schema.Properties?.TryGetValue(property, out var field) == true && field is OpenApiSchema text)
        {
            text.Enum = [.. Enum.GetValues<T>().Select(v => (JsonNode)JsonValue.Create(WireNames<T>.Name(v)))];
        }
    }
}
