using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;

namespace PartyActors.Grains;

/// <summary>
/// The wire names of an enum of the domain (its <see cref="JsonStringEnumMemberNameAttribute"/>s):
/// roster lines name kinds, statuses and categories as the API does, and nothing else is accepted.
/// </summary>
internal static class WireNames<T>
    where T : struct, Enum
{
    private static readonly FrozenDictionary<string, T> ByName = Enum.GetValues<T>().ToFrozenDictionary(Name, v => v, StringComparer.Ordinal);

    /// <summary>The accepted names, comma-separated, for messages.</summary>
    public static readonly string List = string.Join(", ", Enum.GetValues<T>().Select(Name));

    public static bool TryParse(string value, out T parsed) => ByName.TryGetValue(value, out parsed);

    public static string Name(T value) =>
        typeof(T).GetField(value.ToString(), BindingFlags.Public | BindingFlags.Static)?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
        ?? value.ToString();
}
