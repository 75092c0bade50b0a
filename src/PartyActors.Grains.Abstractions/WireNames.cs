using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;

namespace PartyActors.Grains;

/// <summary>
/// The wire names of an enum of the domain (its <see cref="JsonStringEnumMemberNameAttribute"/>s,
/// kebab-case). Request bodies and roster lines carry enums as text and are parsed here, so an
/// unknown name or a bare number is refused with the accepted names rather than slipping through.
/// </summary>
public static class WireNames<T>
    where T : struct, Enum
{
    private static readonly FrozenDictionary<T, string> Names = Enum.GetValues<T>().ToFrozenDictionary(v => v, Declared);
    private static readonly FrozenDictionary<string, T> ByName = Names.ToFrozenDictionary(n => n.Value, n => n.Key, StringComparer.Ordinal);

    /// <summary>The accepted names, comma-separated, for messages.</summary>
    public static readonly string List = string.Join(", ", Enum.GetValues<T>().Select(Name));

    public static bool TryParse(string value, out T parsed) => ByName.TryGetValue(value, out parsed);

    /// <summary>The wire name of <paramref name="value"/> (its own name when it declares none, or the number when it is not a member).</summary>
    public static string Name(T value) => Names.TryGetValue(value, out var name) ? name : value.ToString();

    private static string Declared(T value) =>
        typeof(T).GetField(value.ToString(), BindingFlags.Public | BindingFlags.Static)?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
        ?? value.ToString();
}
