using System.Globalization;
using System.Text.Json;

namespace PartyActors.Runtime;

/// <summary>
/// Grain state kept in process memory, for tests and the demo. Not durable. It applies the same
/// ETag rules as the durable stores and keeps JSON copies, so a grain that changes its state
/// without writing sees the same behaviour as against a real store.
/// </summary>
public sealed class MemoryGrainStorage(GrainStateSerializer serializer) : IGrainStorage
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string StateName, GrainId GrainId), (byte[] Json, long Version)> _records = [];

    /// <summary>Number of stored records, for tests.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _records.Count;
            }
        }
    }

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        (byte[] Json, long Version) record;
        bool found;
        lock (_lock)
        {
            found = _records.TryGetValue((stateName, grainId), out record);
        }

        if (found)
        {
            grainState.State = serializer.Deserialize<TState>(record.Json);
            grainState.ETag = record.Version.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = serializer.CreateEmpty<TState>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var json = serializer.Serialize(grainState.State);
        long version;
        lock (_lock)
        {
            if (Conflict(stateName, grainId, grainState.ETag, out var stored) is { } conflict)
            {
                return Task.FromException(conflict);
            }

            version = stored + 1;
            _records[(stateName, grainId)] = (json, version);
        }

        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        lock (_lock)
        {
            if (Conflict(stateName, grainId, grainState.ETag, out _) is { } conflict)
            {
                return Task.FromException(conflict);
            }

            _records.Remove((stateName, grainId));
        }

        grainState.State = serializer.CreateEmpty<TState>();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    /// <summary>The conflict when the writer did not read the stored version, else null with that version. Lock held.</summary>
    private InconsistentStateException? Conflict(string stateName, GrainId grainId, string? etag, out long version)
    {
        version = _records.TryGetValue((stateName, grainId), out var record) ? record.Version : 0;
        var stored = version == 0 ? null : version.ToString(CultureInfo.InvariantCulture);
        return string.Equals(stored, etag, StringComparison.Ordinal)
            ? null
            : new InconsistentStateException(
                $"State '{stateName}' of {grainId}: the store holds version {stored ?? "none"}, the writer read {etag ?? "none"}.", stored, etag);
    }
}

/// <summary>
/// Turns grain state into JSON and back, with the silo's <see cref="JsonSerializerOptions"/>: add
/// source-generated contexts to <see cref="GrainStateSerializerOptions.JsonSerializerOptions"/>'s
/// resolver chain; unknown types fall back to reflection. Unknown JSON members are ignored and
/// missing ones keep their defaults, so adding a field never breaks old records.
/// </summary>
public sealed class GrainStateSerializer(Microsoft.Extensions.Options.IOptions<GrainStateSerializerOptions> options)
{
    private readonly JsonSerializerOptions _options = options.Value.JsonSerializerOptions;

    public byte[] Serialize<TState>(TState state) => JsonSerializer.SerializeToUtf8Bytes(state, _options);

    public TState Deserialize<TState>(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<TState>(json, _options) ?? CreateEmpty<TState>();

    public TState CreateEmpty<TState>() => Activator.CreateInstance<TState>();
}

/// <summary>Options of <see cref="GrainStateSerializer"/>.</summary>
public sealed class GrainStateSerializerOptions
{
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };
}
