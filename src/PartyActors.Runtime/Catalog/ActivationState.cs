namespace PartyActors.Runtime;

/// <summary>The life of an activation, in order.</summary>
internal enum ActivationState
{
    /// <summary>In the catalog, not yet activated: the first work item activates it.</summary>
    Created,

    /// <summary>Constructing the grain, reading its state, running <c>OnActivateAsync</c>.</summary>
    Activating,

    /// <summary>Serving requests.</summary>
    Valid,

    /// <summary>Running <c>OnDeactivateAsync</c>; new requests wait and move on to the next activation.</summary>
    Deactivating,

    /// <summary>Gone from the catalog; a reference that still holds it looks the grain up again.</summary>
    Invalid,
}
