using System.Collections.Concurrent;

namespace PartyActors.Grains.Tests;

/// <summary>
/// An in-memory store whose writes take a round trip (the state is captured when the write is
/// called, the acknowledgement comes <see cref="Latency"/> later, as with a server) and are counted
/// per grain.
/// </summary>
internal sealed class SlowCountingStorage(IGrainStorage inner, TimeSpan latency) : IGrainStorage
{
    private readonly ConcurrentDictionary<string, int> _writes = new(StringComparer.Ordinal);

    public TimeSpan Latency { get; } = latency;

    public int WritesOf(string grainType, string key) => _writes.GetValueOrDefault($"{grainType}/{key}");

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken) =>
        inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);

    public async Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        await inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken);
        _writes.AddOrUpdate($"{grainId.Type}/{grainId.Key}", 1, (_, count) => count + 1);
        await Task.Delay(Latency, CancellationToken.None);
    }

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken) =>
        inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken);
}
