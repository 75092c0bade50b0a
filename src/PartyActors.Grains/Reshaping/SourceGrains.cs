namespace PartyActors.Grains;

/// <summary>The grains behind source keys, as the reshaping operations need them.</summary>
internal static class SourceGrains
{
    /// <summary>
    /// The source <paramref name="key"/> as an <see cref="IRelocatableSource"/>: the grain the
    /// organizations' one switch of kinds names (<see cref="OrganizationGrain.SourceGrain"/>), so a kind
    /// added there follows splits and merges once its grain implements relocation.
    /// </summary>
    public static IRelocatableSource Relocatable(IGrainFactory grains, SourceKey key) =>
        OrganizationGrain.SourceGrain(grains, key).AsReference<IRelocatableSource>();
}
