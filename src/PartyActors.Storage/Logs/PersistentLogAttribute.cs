namespace PartyActors.Storage;

/// <summary>
/// Declares a grain constructor parameter of type <see cref="IGrainLog{TEntry}"/>: a facet, as
/// <c>[PersistentState]</c> is. The log named <paramref name="logName"/> is kept by the
/// <see cref="IGrainLogStorage"/> registered under <paramref name="storageName"/> (the default one
/// when null), and its next sequence is read before <c>OnActivateAsync</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentLogAttribute(string logName, string? storageName = null) : Attribute, IFacetMetadata
{
    public string LogName { get; } = logName;

    public string? StorageName { get; } = storageName;
}
