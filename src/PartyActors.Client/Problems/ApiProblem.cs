using System.Collections.ObjectModel;
using System.Text.Json;

namespace PartyActors.Client;

/// <summary>An RFC 9457 problem details body (<c>application/problem+json</c>), as the server sends every error.</summary>
public sealed record ApiProblem
{
    public string? Type { get; init; }

    public string? Title { get; init; }

    public int? Status { get; init; }

    public string? Detail { get; init; }

    public string? Instance { get; init; }

    /// <summary>For validation errors: the messages for each offending field.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Errors { get; init; }

    /// <summary>Members the server added beyond the standard ones (a trace id, for instance).</summary>
    public IReadOnlyDictionary<string, JsonElement> Extensions { get; init; } = ReadOnlyDictionary<string, JsonElement>.Empty;

    /// <summary>
    /// Reads problem details leniently: a member of an unexpected type is left out rather than
    /// failing, since an error report that cannot be read would hide the error it reports.
    /// </summary>
    /// <exception cref="JsonException">The text is not a JSON object.</exception>
    public static ApiProblem Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("Problem details must be a JSON object.");
        }

        string? type = null, title = null, detail = null, instance = null;
        int? status = null;
        Dictionary<string, IReadOnlyList<string>>? errors = null;
        var extensions = new Dictionary<string, JsonElement>();
        foreach (var member in root.EnumerateObject())
        {
            switch (member.Name)
            {
                case "type":
                    type = StringOf(member.Value);
                    break;
                case "title":
                    title = StringOf(member.Value);
                    break;
                case "detail":
                    detail = StringOf(member.Value);
                    break;
                case "instance":
                    instance = StringOf(member.Value);
                    break;
                case "status" when member.Value.ValueKind == JsonValueKind.Number && member.Value.TryGetInt32(out var number):
                    status = number;
                    break;
                case "errors" when member.Value.ValueKind == JsonValueKind.Object:
                    errors = [];
                    foreach (var field in member.Value.EnumerateObject())
                    {
                        errors[field.Name] = MessagesOf(field.Value);
                    }

                    break;
                default:
                    extensions[member.Name] = member.Value.Clone();
                    break;
            }
        }

        return new ApiProblem
        {
            Type = type,
            Title = title,
            Status = status,
            Detail = detail,
            Instance = instance,
            Errors = errors,
            Extensions = extensions,
        };
    }

    private static string? StringOf(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string[] MessagesOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => [.. value.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!)],
        JsonValueKind.String => [value.GetString()!],
        _ => [],
    };
}
