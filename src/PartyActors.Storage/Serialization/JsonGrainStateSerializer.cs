using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orleans.Storage;

namespace PartyActors.Storage;

/// <summary>
/// The service's stored format for grain state and log entries: JSON (System.Text.Json, web
/// defaults), so a row reads in <c>psql</c> or the <c>sqlite3</c> shell and PostgreSQL keeps it as
/// <c>jsonb</c>. Unknown members are ignored and missing ones keep their defaults, so adding a field
/// never breaks an old record. It is also the silo's <see cref="IGrainStorageSerializer"/>, so a
/// state kept by Orleans' ADO.NET provider has the same shape as one kept by ours.
/// </summary>
public sealed class JsonGrainStateSerializer : IGrainStorageSerializer
{
    private readonly JsonSerializerOptions _options;

    public JsonGrainStateSerializer(JsonSerializerOptions? options = null)
    {
        _options = options ?? new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        _options.MakeReadOnly();
    }

    /// <summary>UTF-8 JSON of <paramref name="value"/>.</summary>
    public byte[] SerializeToUtf8Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, _options);

    /// <summary>The value in <paramref name="json"/>; a new, empty one for JSON <c>null</c>.</summary>
    public T Deserialize<T>(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<T>(json, _options) ?? CreateEmpty<T>();

    /// <summary>What a grain starts from when nothing is stored.</summary>
    public static T CreateEmpty<T>() => Activator.CreateInstance<T>();

    BinaryData IGrainStorageSerializer.Serialize<T>(T? input) where T : default => new(SerializeToUtf8Bytes(input));

    T? IGrainStorageSerializer.Deserialize<T>(BinaryData input) where T : default => Deserialize<T>(input.ToMemory().Span);
}
