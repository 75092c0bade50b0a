namespace PartyActors.Runtime;

/// <summary>
/// The identity of a grain: its type name and its key, as text. The hash is computed once, because
/// a grain id is a dictionary key on every call that misses a proxy's cached activation.
/// </summary>
public readonly struct GrainId : IEquatable<GrainId>
{
    private readonly int _hash;

    public GrainId(string type, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(key);
        Type = type;
        Key = key;
        _hash = HashCode.Combine(StringComparer.Ordinal.GetHashCode(type), StringComparer.Ordinal.GetHashCode(key));
    }

    /// <summary>The grain type name (for example <c>counter</c> for <c>CounterGrain</c>).</summary>
    public string Type { get; }

    /// <summary>The key as text: the string itself, a Guid in "N" format, or a decimal integer.</summary>
    public string Key { get; }

    public bool IsDefault => Type is null;

    public static GrainId Create(string type, string key) => new(type, key);

    public static GrainId Create(string type, Guid key) => new(type, key.ToString("N"));

    public static GrainId Create(string type, long key) =>
        new(type, key.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public bool Equals(GrainId other) =>
        _hash == other._hash && string.Equals(Type, other.Type, StringComparison.Ordinal) &&
        string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is GrainId other && Equals(other);

    public override int GetHashCode() => _hash;

    public override string ToString() => $"{Type}/{Key}";

    public static bool operator ==(GrainId left, GrainId right) => left.Equals(right);

    public static bool operator !=(GrainId left, GrainId right) => !left.Equals(right);
}
