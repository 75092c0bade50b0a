using Orleans.Storage;

namespace PartyActors.Storage.Postgres;

/// <summary>
/// Puts Orleans' ADO.NET grain storage in front of the whole grain id. On its own it keys a row by
/// state name and grain key only: the grain type is not part of it (dotnet/orleans#8746), so an
/// organization and a member with the same key and state name would share a row; and a string key
/// that reads as a hexadecimal number or a GUID is stored as that number (dotnet/orleans#9706), so
/// "abc", "ABC" and "0abc" would share a row too. This hands it "type/key" as the key instead: a key
/// with a '/' before any '+' never reads as a number or a GUID, so every grain gets a row of its own.
/// </summary>
internal sealed class WholeGrainIdGrainStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, Whole(grainId), grainState);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.ReadStateAsync(stateName, Whole(grainId), grainState, cancellationToken);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.WriteStateAsync(stateName, Whole(grainId), grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.WriteStateAsync(stateName, Whole(grainId), grainState, cancellationToken);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, Whole(grainId), grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.ClearStateAsync(stateName, Whole(grainId), grainState, cancellationToken);

    /// <summary>The provider reads its queries from the database when the silo starts.</summary>
    public void Participate(ISiloLifecycle lifecycle)
    {
        if (inner is ILifecycleParticipant<ISiloLifecycle> participant)
        {
            participant.Participate(lifecycle);
        }
    }

    private static GrainId Whole(GrainId grainId) => GrainId.Create(grainId.Type, IdSpan.Create(grainId.ToString()));
}
