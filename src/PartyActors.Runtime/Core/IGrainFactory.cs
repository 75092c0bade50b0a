namespace PartyActors.Runtime;

/// <summary>Creates references to grains and observers. Never performs I/O.</summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey;

    TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey) where TGrainInterface : IGrainWithGuidKey;

    TGrainInterface GetGrain<TGrainInterface>(long primaryKey) where TGrainInterface : IGrainWithIntegerKey;

    /// <summary>A reference to the grain with this id, typed as <typeparamref name="TGrainInterface"/>.</summary>
    TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IGrain;

    /// <summary>
    /// Makes a local object addressable so that grains can call it, like Orleans'
    /// <c>CreateObjectReference</c>. Calls to it are queued and delivered one at a time, in order.
    /// </summary>
    TObserverInterface CreateObjectReference<TObserverInterface>(IGrainObserver observer)
        where TObserverInterface : IGrainObserver;

    /// <summary>Stops delivery to an object made addressable by <see cref="CreateObjectReference{T}"/>.</summary>
    void DeleteObjectReference<TObserverInterface>(IGrainObserver reference) where TObserverInterface : IGrainObserver;
}
