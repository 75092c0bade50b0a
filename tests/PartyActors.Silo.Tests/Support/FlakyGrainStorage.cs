using Microsoft.Extensions.DependencyInjection;
using PartyActors.Runtime;

namespace PartyActors.Silo.Tests;

/// <summary>A store that can be switched off: every operation then fails as an unreachable store does (retry after 7 s).</summary>
internal sealed class FlakyGrainStorage(IGrainStorage inner) : IGrainStorage
{
    public volatile bool Down;

    /// <summary>When set, being down fails only the writes of this state; reads and other states work.</summary>
    public volatile string? OnlyWritesOf;

    /// <summary>Makes the silo's default grain storage a flaky one over memory; <paramref name="created"/> receives it.</summary>
    public static Action<IServiceCollection> Register(Action<FlakyGrainStorage> created) => services => services.AddKeyedSingleton<IGrainStorage>(
        PersistentStateAttribute.DefaultStorageName,
        (sp, _) =>
        {
            var flaky = new FlakyGrainStorage(new MemoryGrainStorage(sp.GetRequiredService<GrainStateSerializer>()));
            created(flaky);
            return flaky;
        });

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken) =>
        Fails(stateName, write: false) ? Unavailable() : inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken) =>
        Fails(stateName, write: true) ? Unavailable() : inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken);

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken) =>
        Fails(stateName, write: true) ? Unavailable() : inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken);

    private bool Fails(string stateName, bool write) =>
        Down && (OnlyWritesOf is not { } only || (write && string.Equals(stateName, only, StringComparison.Ordinal)));

    private static Task Unavailable() =>
        Task.FromException(new StorageUnavailableException("The test switched the store off.") { RetryAfter = TimeSpan.FromSeconds(7) });
}
