using System.Collections.Concurrent;
using Orleans.Storage;

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

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState)
    {
        await inner.WriteStateAsync(stateName, grainId, grainState);
        _writes.AddOrUpdate($"{grainId.Type}/{grainId.Key}", 1, (_, count) => count + 1);
        await Task.Delay(Latency, CancellationToken.None);
    }

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
