namespace PartyActors.Runtime;

/// <summary>Creates proxies from the registry. A reference is a small object; no I/O, no activation.</summary>
internal sealed class GrainFactory(RuntimeCore runtime) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(primaryKey);
        return Create<TGrainInterface>(primaryKey);
    }

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey) where TGrainInterface : IGrainWithGuidKey =>
        Create<TGrainInterface>(primaryKey.ToString("N"));

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey) where TGrainInterface : IGrainWithIntegerKey =>
        Create<TGrainInterface>(primaryKey.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IGrain
    {
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The grain id is empty.", nameof(grainId));
        }

        return Proxy<TGrainInterface>(runtime.Registry.GetInterface(typeof(TGrainInterface)), grainId);
    }

    public TObserverInterface CreateObjectReference<TObserverInterface>(IGrainObserver observer)
        where TObserverInterface : IGrainObserver
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (observer is GrainReference)
        {
            throw new ArgumentException("The object is already a reference.", nameof(observer));
        }

        if (observer is not TObserverInterface)
        {
            throw new ArgumentException($"The object does not implement {typeof(TObserverInterface)}.", nameof(observer));
        }

        var entry = runtime.Registry.GetInterface(typeof(TObserverInterface));
        var activation = runtime.Catalog.AddLocalObject(observer);
        var reference = Proxy<TObserverInterface>(entry, activation.GrainId);
        ((GrainReference)(object)reference).CachedActivation = activation;
        return reference;
    }

    public void DeleteObjectReference<TObserverInterface>(IGrainObserver reference) where TObserverInterface : IGrainObserver
    {
        if (reference is not GrainReference grainReference || grainReference.GrainId.Type != ObserverIds.GrainType)
        {
            throw new ArgumentException("Not a reference created by CreateObjectReference.", nameof(reference));
        }

        if (runtime.Catalog.TryGet(grainReference.GrainId, out var activation))
        {
            activation!.InvalidateLocalObject();
        }
    }

    private TGrainInterface Create<TGrainInterface>(string key)
    {
        var entry = runtime.Registry.GetInterface(typeof(TGrainInterface));
        return Proxy<TGrainInterface>(entry, new GrainId(entry.Implementation.GrainType, key));
    }

    private TGrainInterface Proxy<TGrainInterface>(GrainTypeRegistry.InterfaceEntry entry, GrainId grainId) =>
        ((Func<GrainReferenceRuntime, GrainId, TGrainInterface>)entry.Info.ProxyFactory)(runtime.ReferenceRuntime, grainId);
}
