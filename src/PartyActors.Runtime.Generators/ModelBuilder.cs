using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PartyActors.Runtime.Generators;

/// <summary>Turns symbols into the plain models the emitter works from, collecting diagnostics on the way.</summary>
internal static class ModelBuilder
{
    public static InterfaceModel? BuildInterface(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (!Symbols.IsGrainInterface(type) || !Symbols.IsAccessibleInAssembly(type))
        {
            return null;
        }

        var diagnostics = new List<DiagnosticInfo>();
        var hasErrors = false;
        var interfaceName = Symbols.Short(type);
        var isObserver = Symbols.IsObserver(type) && Symbols.GetKeyKind(type) == Symbols.KeyKindObserver;
        var checker = new ImmutabilityChecker();

        if (type.IsGenericType)
        {
            hasErrors = true;
            diagnostics.Add(new DiagnosticInfo("PA0004", LocationInfo.From(type.Locations.FirstOrDefault()),
                $"Grain interface '{interfaceName}' is generic; generic grain interfaces are not supported"));
        }

        // The interface's own members, then those of every interface it inherits (grain interfaces and any other).
        var methods = new List<MethodModel>();
        var declaringInterfaces = new List<INamedTypeSymbol> { type };
        declaringInterfaces.AddRange(type.AllInterfaces.Where(i => !Symbols.IsMarker(i)));
        var usedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var declaring in declaringInterfaces)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var own = SymbolEqualityComparer.Default.Equals(declaring, type);

            // Members of other grain interfaces are reported where those are declared; members of plain
            // interfaces this one inherits are reported here, at this interface.
            var report = own || !Symbols.IsGrainInterface(declaring);
            var sink = report ? diagnostics : new List<DiagnosticInfo>();
            var fallback = own ? null : type.Locations.FirstOrDefault();
            if (!own && declaring.IsGenericType && Symbols.IsGrainInterface(declaring))
            {
                hasErrors = true;
            }

            foreach (var member in declaring.GetMembers())
            {
                if (member.IsStatic)
                {
                    continue;
                }

                switch (member)
                {
                    case IMethodSymbol { MethodKind: MethodKind.Ordinary } method:
                        var model = BuildMethod(method, declaring, isObserver, checker, sink, fallback, usedNames);
                        if (model is null)
                        {
                            hasErrors = true;
                        }
                        else
                        {
                            methods.Add(model);
                        }

                        break;
                    case IPropertySymbol or IEventSymbol:
                        hasErrors = true;
                        sink.Add(new DiagnosticInfo("PA0004", LocationInfo.From(fallback ?? member.Locations.FirstOrDefault()),
                            $"{(member is IPropertySymbol ? "Property" : "Event")} '{member.Name}' of grain interface '{Symbols.Short(declaring)}' is not supported; grain interfaces may only declare methods"));
                        break;
                }
            }
        }

        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing
            ? containing.ToDisplayString() + ".Generated"
            : "PartyActorsGenerated";
        var flatName = type.Name;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            flatName = outer.Name + "_" + flatName;
        }

        var proxyName = flatName + "Proxy";
        return new InterfaceModel(
            Symbols.Display(type),
            ns,
            proxyName,
            ns + "." + proxyName + ".g.cs",
            Symbols.GetKeyKind(type),
            hasErrors,
            new EquatableArray<MethodModel>([.. methods]),
            new EquatableArray<DiagnosticInfo>([.. diagnostics]));
    }

    private static MethodModel? BuildMethod(IMethodSymbol method, INamedTypeSymbol declaring, bool isObserver,
        ImmutabilityChecker checker, List<DiagnosticInfo> diagnostics, Location? fallback, HashSet<string> usedNames)
    {
        var ok = true;
        var memberName = $"{Symbols.Short(declaring)}.{method.Name}";
        var methodLocation = LocationInfo.From(fallback ?? method.Locations.FirstOrDefault());

        if (method.IsGenericMethod)
        {
            ok = false;
            diagnostics.Add(new DiagnosticInfo("PA0004", methodLocation,
                $"Method '{memberName}' is generic; grain interface methods may not have type parameters"));
        }

        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            ok = false;
            diagnostics.Add(new DiagnosticInfo("PA0004", methodLocation,
                $"Method '{memberName}' returns by reference; grain interface methods must return a task"));
        }

        var options = 0;
        if (Symbols.HasAttribute(method, "ReadOnlyAttribute"))
        {
            options |= 1;
        }

        if (Symbols.HasAttribute(method, "AlwaysInterleaveAttribute"))
        {
            options |= 2;
        }

        var oneWay = Symbols.HasAttribute(method, "OneWayAttribute");

        // Return type.
        var returnType = method.ReturnType;
        ReturnKind kind;
        ITypeSymbol? resultType = null;
        if (method.ReturnsVoid)
        {
            kind = ReturnKind.Void;
            oneWay = true;
        }
        else if (returnType is INamedTypeSymbol { IsGenericType: true } generic && generic.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks" &&
            generic.Name is "Task" or "ValueTask" && generic.TypeArguments.Length == 1)
        {
            kind = generic.Name == "Task" ? ReturnKind.TaskOfT : ReturnKind.ValueTaskOfT;
            resultType = generic.TypeArguments[0];
        }
        else if (returnType is INamedTypeSymbol { IsGenericType: false } plain && plain.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks" &&
            plain.Name is "Task" or "ValueTask")
        {
            kind = plain.Name == "Task" ? ReturnKind.Task : ReturnKind.ValueTask;
        }
        else
        {
            kind = ReturnKind.Task;
            ok = false;
            diagnostics.Add(new DiagnosticInfo("PA0001", methodLocation,
                $"Method '{memberName}' returns '{Symbols.Short(returnType)}'; grain interface methods must return Task, Task<T>, ValueTask or ValueTask<T>"));
        }

        if (kind == ReturnKind.Void && !isObserver)
        {
            ok = false;
            diagnostics.Add(new DiagnosticInfo("PA0001", methodLocation,
                $"Method '{memberName}' returns 'void'; only observer methods may return void, grain methods must return Task, Task<T>, ValueTask or ValueTask<T>"));
        }

        if (oneWay && kind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT)
        {
            ok = false;
            diagnostics.Add(new DiagnosticInfo("PA0001", methodLocation,
                $"Method '{memberName}' is one-way but returns '{Symbols.Short(returnType)}'; one-way methods must return Task, ValueTask or void"));
        }

        if (oneWay)
        {
            options |= 4;
        }

        if (resultType is not null && !method.GetReturnTypeAttributes().Any(a => Symbols.IsRuntimeType(a.AttributeClass, "ImmutableAttribute")) &&
            checker.GetMutabilityReason(resultType) is { } resultReason)
        {
            ok = false;
            diagnostics.Add(new DiagnosticInfo("PA0003", methodLocation,
                $"The result of method '{memberName}' has a mutable type: {resultReason}"));
        }

        var parameters = new List<ParameterModel>();
        foreach (var parameter in method.Parameters)
        {
            var parameterLocation = LocationInfo.From(fallback ?? parameter.Locations.FirstOrDefault());
            if (parameter.RefKind != RefKind.None)
            {
                ok = false;
                var refKind = parameter.RefKind switch
                {
                    RefKind.Out => "out",
                    RefKind.In => "in",
                    RefKind.RefReadOnlyParameter => "ref readonly",
                    _ => "ref",
                };
                diagnostics.Add(new DiagnosticInfo("PA0004", parameterLocation,
                    $"Parameter '{parameter.Name}' of method '{memberName}' is passed by '{refKind}'; grain method parameters must be passed by value"));
            }

            if (!Symbols.HasAttribute(parameter, "ImmutableAttribute") && checker.GetMutabilityReason(parameter.Type) is { } parameterReason)
            {
                ok = false;
                diagnostics.Add(new DiagnosticInfo("PA0002", parameterLocation,
                    $"Parameter '{parameter.Name}' of method '{memberName}' has a mutable type: {parameterReason}"));
            }

            parameters.Add(new ParameterModel(Symbols.EscapeIdentifier(parameter.Name), Symbols.Display(parameter.Type)));
        }

        if (!ok)
        {
            return null;
        }

        var invokableName = method.Name + "_Invokable";
        for (var i = 1; !usedNames.Add(invokableName); i++)
        {
            invokableName = method.Name + "_" + i.ToString(CultureInfo.InvariantCulture) + "_Invokable";
        }

        return new MethodModel(
            Symbols.Display(declaring),
            method.Name,
            Symbols.EscapeIdentifier(method.Name),
            kind,
            method.ReturnsVoid ? "void" : Symbols.Display(returnType),
            resultType is null ? null : Symbols.Display(resultType),
            new EquatableArray<ParameterModel>([.. parameters]),
            options,
            invokableName);
    }

    public static GrainClassModel? BuildClass(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsStatic || type.IsGenericType ||
            !Symbols.DerivesFromGrain(type) || !Symbols.IsAccessibleInAssembly(type))
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var diagnostics = new List<DiagnosticInfo>();

        var grainType = Symbols.GetAttribute(type, "GrainTypeAttribute") is { ConstructorArguments.Length: 1 } typeAttribute &&
            typeAttribute.ConstructorArguments[0].Value is string explicitType && explicitType.Length > 0
            ? explicitType
            : DefaultGrainType(type.Name);

        var interfaces = type.AllInterfaces
            .Where(i => Symbols.IsGrainInterface(i) && !i.IsGenericType && Symbols.IsAccessibleInAssembly(i))
            .Select(Symbols.Display)
            .ToArray();

        var reentrant = false;
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (Symbols.HasAttribute(current, "ReentrantAttribute"))
            {
                reentrant = true;
                break;
            }
        }

        long? collectionAge = null;
        if (Symbols.GetAttribute(type, "CollectionAgeLimitAttribute") is { } ageAttribute)
        {
            long ticks = 0;
            foreach (var argument in ageAttribute.NamedArguments)
            {
                var value = argument.Value.Value is double d ? d : 0;
                ticks += argument.Key switch
                {
                    "Days" => (long)(value * TimeSpan.TicksPerDay),
                    "Hours" => (long)(value * TimeSpan.TicksPerHour),
                    "Minutes" => (long)(value * TimeSpan.TicksPerMinute),
                    "Seconds" => (long)(value * TimeSpan.TicksPerSecond),
                    _ => 0,
                };
            }

            collectionAge = ticks;
        }

        var constructors = type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal)
            .ToArray();
        var parameters = new List<ConstructorParameterModel>();
        var hasErrors = false;
        if (constructors.Length != 1)
        {
            hasErrors = true;
            diagnostics.Add(new DiagnosticInfo("PA0005", LocationInfo.From(type.Locations.FirstOrDefault()),
                $"Grain class '{Symbols.Short(type)}' has {(constructors.Length == 0 ? "no" : constructors.Length.ToString(CultureInfo.InvariantCulture))} public constructors; it must have exactly one, whose parameters are resolved from the activation"));
        }
        else
        {
            foreach (var parameter in constructors[0].Parameters)
            {
                if (ContextResolved(parameter, "PersistentStateAttribute", "IPersistentState", "GetPersistentState") is { } state)
                {
                    parameters.Add(state);
                }
                else if (ContextResolved(parameter, "PersistentLogAttribute", "IGrainLog", "GetGrainLog") is { } log)
                {
                    parameters.Add(log);
                }
                else
                {
                    parameters.Add(new ConstructorParameterModel(Symbols.DisplayNotNull(parameter.Type), null, null, null));
                }
            }
        }

        return new GrainClassModel(
            Symbols.Display(type),
            grainType,
            new EquatableArray<string>(interfaces),
            reentrant,
            collectionAge,
            new EquatableArray<ConstructorParameterModel>([.. parameters]),
            hasErrors,
            new EquatableArray<DiagnosticInfo>([.. diagnostics]));
    }

    /// <summary>CounterGrain → "counter"; a class named exactly "Grain" keeps its name.</summary>
    public static string DefaultGrainType(string className)
    {
        var name = className.Length > "Grain".Length && className.EndsWith("Grain", StringComparison.Ordinal)
            ? className.Substring(0, className.Length - "Grain".Length)
            : className;
        return name.ToLowerInvariant();
    }

    /// <summary>
    /// A parameter such as <c>[PersistentState("name", "store")] IPersistentState&lt;T&gt;</c>, resolved by
    /// the grain context's <paramref name="contextMethod"/>; null when the parameter is not of that form.
    /// </summary>
    private static ConstructorParameterModel? ContextResolved(IParameterSymbol parameter, string attributeName, string interfaceName, string contextMethod)
    {
        if (Symbols.GetAttribute(parameter, attributeName) is not { } attribute ||
            parameter.Type is not INamedTypeSymbol { TypeArguments.Length: 1 } type || !Symbols.IsRuntimeType(type.OriginalDefinition, interfaceName))
        {
            return null;
        }

        var arguments = attribute.ConstructorArguments;
        var name = arguments.Length > 0 ? arguments[0].Value as string : null;
        var storageName = arguments.Length > 1 ? arguments[1].Value as string : null;
        return new ConstructorParameterModel(Symbols.DisplayNotNull(type.TypeArguments[0]), contextMethod, name ?? parameter.Name, storageName);
    }
}
