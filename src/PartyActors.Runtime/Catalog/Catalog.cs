using System.Collections.Concurrent;

namespace PartyActors.Runtime;

/// <summary>
/// The silo's directory of activations: at most one per grain id. Concurrent first calls race on
/// one <see cref="ConcurrentDictionary{TKey,TValue}.GetOrAdd(TKey, Func{TKey,TValue})"/>; the losers'
/// <see cref="ActivationData"/> objects were never scheduled, so nothing was constructed for them.
/// </summary>
internal sealed class Catalog(RuntimeCore runtime)
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();

    public int Count => _activations.Count;

    public ICollection<ActivationData> Activations => _activations.Values;

    /// <summary>The activation of a grain, created (not yet activated) when there is none.</summary>
    public ActivationData GetOrCreate(GrainId grainId)
    {
        if (_activations.TryGetValue(grainId, out var existing))
        {
            return existing;
        }

        if (grainId.Type == ObserverIds.GrainType)
        {
            throw new ObserverNotFoundException($"The observer {grainId} does not exist or was deleted.");
        }

        if (runtime.IsDeactivatingAll)
        {
            throw new SiloUnavailableException($"The silo is shutting down: {grainId} is not activated again.");
        }

        var classInfo = runtime.Registry.GetClass(grainId.Type);
        return _activations.GetOrAdd(grainId, static (id, state) => new ActivationData(id, state.classInfo, state.runtime),
            (classInfo, runtime));
    }

    public bool TryGet(GrainId grainId, out ActivationData? activation) => _activations.TryGetValue(grainId, out activation);

    /// <summary>Registers a local object under a fresh observer id.</summary>
    public ActivationData AddLocalObject(object localObject)
    {
        var activation = new ActivationData(ObserverIds.NewId(), localObject, runtime);
        _activations[activation.GrainId] = activation;
        return activation;
    }

    /// <summary>Removes this activation (and not a successor that took the same id).</summary>
    public void Remove(ActivationData activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));
}

/// <summary>Ids of local objects made addressable with <c>CreateObjectReference</c>.</summary>
internal static class ObserverIds
{
    public const string GrainType = "sys.observer";

    public static GrainId NewId() => GrainId.Create(GrainType, Guid.NewGuid());
}
