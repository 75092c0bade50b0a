using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;

namespace PartyActors.Silo.Http;

/// <summary>
/// The wire names of an enum of the domain (its <see cref="JsonStringEnumMemberNameAttribute"/>s,
/// kebab-case). Request bodies carry enums as text and are parsed here, so an unknown name or a bare
/// number is a 400 that lists the accepted names rather than a value that slips through.
/// </summary>
internal static class WireEnum<T>
    where T : struct, Enum
{
    private static readonly FrozenDictionary<string, T> ByName = Enum.GetValues<T>()
        .ToFrozenDictionary(Name, v => v, StringComparer.Ordinal);

    /// <summary>The accepted names, comma-separated, for messages.</summary>
    public static readonly string NameList = string.Join(", ", Enum.GetValues<T>().Select(Name));

    public static bool TryParse(string value, out T parsed) => ByName.TryGetValue(value, out parsed);

    public static string Name(T value)
    {
        var field = typeof(T).GetField(value.ToString(), BindingFlags.Public | BindingFlags.Static);
        return field?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? value.ToString();
    }
}
