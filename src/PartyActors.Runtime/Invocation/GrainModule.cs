namespace PartyActors.Runtime;

/// <summary>How a grain interface is keyed.</summary>
public enum GrainKeyKind
{
    String,
    Guid,
    Integer,

    /// <summary>An observer interface: references are created by <c>CreateObjectReference</c>.</summary>
    Observer,
}

/// <summary>
/// Names the generated module of an assembly. The generator adds it; the silo reads it when the
/// assembly is registered with <c>AddGrains</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class GrainModuleAttribute(Type moduleType) : Attribute
{
    public Type ModuleType { get; } = moduleType;
}

/// <summary>Generated per assembly: registers its proxies and grain classes.</summary>
public interface IGrainModule
{
    void Register(GrainModuleBuilder builder);
}

/// <summary>What a generated module tells the runtime.</summary>
public sealed class GrainModuleBuilder
{
    internal List<GrainInterfaceInfo> Interfaces { get; } = [];

    internal List<GrainClassInfo> Classes { get; } = [];

    /// <summary>Registers a grain or observer interface and the factory of its proxy.</summary>
    public void AddInterface<TInterface>(GrainKeyKind keyKind, Func<GrainReferenceRuntime, GrainId, TInterface> proxyFactory)
        where TInterface : class, IAddressable
    {
        ArgumentNullException.ThrowIfNull(proxyFactory);
        Interfaces.Add(new GrainInterfaceInfo(typeof(TInterface), keyKind, proxyFactory));
    }

    /// <summary>Registers a grain class, the interfaces it serves and the factory that constructs it.</summary>
    /// <param name="grainType">The type name used in grain ids.</param>
    /// <param name="interfaces">The grain interfaces the class implements.</param>
    /// <param name="isReentrant">Whether the class carries <see cref="ReentrantAttribute"/>.</param>
    /// <param name="collectionAge">From <see cref="CollectionAgeLimitAttribute"/>, or null for the default.</param>
    /// <param name="factory">Constructs an instance, resolving constructor parameters from the context.</param>
    public void AddGrain<TGrain>(string grainType, Type[] interfaces, bool isReentrant, TimeSpan? collectionAge,
        Func<IGrainContext, TGrain> factory)
        where TGrain : Grain
    {
        ArgumentException.ThrowIfNullOrEmpty(grainType);
        ArgumentNullException.ThrowIfNull(interfaces);
        ArgumentNullException.ThrowIfNull(factory);
        Classes.Add(new GrainClassInfo(grainType, typeof(TGrain), [.. interfaces], isReentrant, collectionAge, factory));
    }
}

internal sealed record GrainInterfaceInfo(Type InterfaceType, GrainKeyKind KeyKind, Delegate ProxyFactory);

internal sealed record GrainClassInfo(
    string GrainType,
    Type ClassType,
    IReadOnlyList<Type> Interfaces,
    bool IsReentrant,
    TimeSpan? CollectionAge,
    Func<IGrainContext, Grain> Factory);
