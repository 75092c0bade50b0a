using System.Text.Json;
using System.Text.Json.Serialization;

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
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extensions { get; init; }
}
