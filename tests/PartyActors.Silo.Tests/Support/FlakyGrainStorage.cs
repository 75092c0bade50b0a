using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using PartyActors.Storage;

namespace PartyActors.Silo.Tests;

/// <summary>A store that can be switched off: every operation then fails as an unreachable store does (retry after 7 s).</summary>
internal sealed class FlakyGrainStorage(IGrainStorage inner) : IGrainStorage
{
    public volatile bool Down;

    /// <summary>When set, being down fails only the writes of this state; reads and other states work.</summary>
    public volatile string? OnlyWritesOf;

    /// <summary>
    /// Makes the silo's default Orleans grain storage ("Default") a flaky one over the silo's memory
    /// store (whose grain logs stay reachable); <paramref name="created"/> receives it.
    /// </summary>
    public static Action<IServiceCollection> Register(Action<FlakyGrainStorage> created) => services => services.AddGrainStorage(
        StorageSiloBuilderExtensions.DefaultStorageName,
        (sp, name) =>
        {
            var flaky = new FlakyGrainStorage(sp.GetRequiredKeyedService<MemoryGrainStore>(name));
            created(flaky);
            return flaky;
        });

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState) =>
        Fails(stateName, write: false) ? Unavailable() : inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState) =>
        Fails(stateName, write: true) ? Unavailable() : inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState) =>
        Fails(stateName, write: true) ? Unavailable() : inner.ClearStateAsync(stateName, grainId, grainState);

    private bool Fails(string stateName, bool write) =>
        Down && (OnlyWritesOf is not { } only || (write && string.Equals(stateName, only, StringComparison.Ordinal)));

    private static Task Unavailable() =>
        Task.FromException(new StorageUnavailableException("The test switched the store off.") { RetryAfter = TimeSpan.FromSeconds(7) });
}
