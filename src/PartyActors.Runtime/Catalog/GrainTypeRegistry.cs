using System.Collections.Frozen;
using System.Reflection;

namespace PartyActors.Runtime;

/// <summary>What the generated modules registered: proxies by interface, grain classes by type name.</summary>
internal sealed class GrainTypeRegistry
{
    private readonly FrozenDictionary<Type, InterfaceEntry> _interfaces;
    private readonly FrozenDictionary<string, GrainClassInfo> _classes;

    public GrainTypeRegistry(IEnumerable<Assembly> assemblies)
    {
        var builder = new GrainModuleBuilder();
        foreach (var assembly in assemblies.Distinct())
        {
            foreach (var attribute in assembly.GetCustomAttributes<GrainModuleAttribute>())
            {
                var module = (IGrainModule)(Activator.CreateInstance(attribute.ModuleType) ??
                    throw new InvalidOperationException($"Cannot create grain module {attribute.ModuleType}."));
                module.Register(builder);
            }
        }

        var classes = new Dictionary<string, GrainClassInfo>(StringComparer.Ordinal);
        foreach (var grainClass in builder.Classes)
        {
            if (classes.TryGetValue(grainClass.GrainType, out var other) && other.ClassType != grainClass.ClassType)
            {
                throw new InvalidOperationException(
                    $"Grain classes {other.ClassType} and {grainClass.ClassType} both use the grain type name '{grainClass.GrainType}'; give one a [GrainType].");
            }

            classes[grainClass.GrainType] = grainClass;
        }

        var interfaces = new Dictionary<Type, InterfaceEntry>();
        foreach (var info in builder.Interfaces)
        {
            var implementations = classes.Values.Where(c => c.Interfaces.Contains(info.InterfaceType)).Distinct().ToList();
            interfaces[info.InterfaceType] = new InterfaceEntry(info, implementations);
        }

        _interfaces = interfaces.ToFrozenDictionary();
        _classes = classes.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IEnumerable<GrainClassInfo> Classes => _classes.Values;

    public GrainClassInfo GetClass(string grainType) =>
        _classes.TryGetValue(grainType, out var info)
            ? info
            : throw new InvalidOperationException(
                $"No grain class has the grain type '{grainType}'. Register its assembly with siloBuilder.AddGrains(assembly).");

    public InterfaceEntry GetInterface(Type interfaceType) =>
        _interfaces.TryGetValue(interfaceType, out var entry)
            ? entry
            : throw new InvalidOperationException(
                $"No proxy is registered for {interfaceType}. Register the assembly that declares it with siloBuilder.AddGrains(assembly).");

    internal sealed record InterfaceEntry(GrainInterfaceInfo Info, IReadOnlyList<GrainClassInfo> Implementations)
    {
        /// <summary>The single grain class that serves this interface.</summary>
        public GrainClassInfo Implementation => Implementations.Count switch
        {
            1 => Implementations[0],
            0 => throw new InvalidOperationException($"No registered grain class implements {Info.InterfaceType}."),
            _ => throw new InvalidOperationException(
                $"{Info.InterfaceType} is implemented by several grain classes ({string.Join(", ", Implementations.Select(i => i.ClassType.Name))}); address one by GrainId."),
        };
    }
}
