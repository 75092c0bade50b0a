using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace PartyActors.Runtime.Generators;

/// <summary>
/// Decides whether values of a type can be passed between grains without copying. One recursive walk
/// with a cycle guard: a type that is being examined counts as immutable where it recurs.
/// </summary>
internal sealed class ImmutabilityChecker
{
    private static readonly HashSet<string> KnownImmutable =
    [
        "System.Guid", "System.DateTime", "System.DateTimeOffset", "System.DateOnly", "System.TimeOnly",
        "System.TimeSpan", "System.Uri", "System.Version", "System.Threading.CancellationToken",
        "System.Half", "System.Int128", "System.UInt128", "System.Index", "System.Range",
    ];

    private readonly HashSet<ITypeSymbol> _underExamination = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ITypeSymbol, string?> _results = new(SymbolEqualityComparer.Default);

    /// <summary>Null when the type is immutable; otherwise why it is not.</summary>
    public string? GetMutabilityReason(ITypeSymbol type)
    {
        if (_results.TryGetValue(type, out var known))
        {
            return known;
        }

        if (!_underExamination.Add(type))
        {
            return null;
        }

        string? reason;
        try
        {
            reason = Examine(type);
        }
        finally
        {
            _underExamination.Remove(type);
        }

        // A result reached while an enclosing type was assumed immutable is provisional: keep only outermost results.
        if (_underExamination.Count == 0 || reason is not null)
        {
            _results[type] = reason;
        }

        return reason;
    }

    private string? Examine(ITypeSymbol type)
    {
        var name = Symbols.Short(type);
        switch (type)
        {
            case { TypeKind: TypeKind.Dynamic }:
                return "'dynamic' is not known to be immutable";
            case ITypeParameterSymbol:
                return $"type parameter '{name}' may be bound to a mutable type";
            case IArrayTypeSymbol:
                return $"'{name}' is an array, which is mutable; use ImmutableArray<T> or ImmutableList<T>";
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return $"'{name}' is a pointer, which cannot be passed to a grain";
            case INamedTypeSymbol named:
                return ExamineNamed(named, name);
            default:
                return $"'{name}' is not supported";
        }
    }

    private string? ExamineNamed(INamedTypeSymbol type, string name)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_SByte or SpecialType.System_Byte
                or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
                or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double
                or SpecialType.System_Decimal or SpecialType.System_String or SpecialType.System_IntPtr or SpecialType.System_UIntPtr:
                return null;
            case SpecialType.System_Object:
                return "'object' is not known to be immutable";
        }

        if (type.TypeKind is TypeKind.Enum or TypeKind.Error)
        {
            return null;
        }

        if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            return type.TypeArguments[0] is var underlying && GetMutabilityReason(underlying) is { } inner
                ? $"'{name}' wraps a mutable type: {inner}"
                : null;
        }

        var fullName = GetFullMetadataName(type.OriginalDefinition);
        if (KnownImmutable.Contains(fullName))
        {
            return null;
        }

        if (Symbols.HasAttribute(type, "ImmutableAttribute") || Symbols.IsAddressable(type))
        {
            return null;
        }

        var ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        if ((ns == "System.Collections.Immutable" && type.ContainingType is null) ||
            fullName is "System.Collections.Frozen.FrozenSet`1" or "System.Collections.Frozen.FrozenDictionary`2")
        {
            foreach (var argument in type.TypeArguments)
            {
                if (GetMutabilityReason(argument) is { } inner)
                {
                    return $"type argument '{Symbols.Short(argument)}' of '{name}' is mutable: {inner}";
                }
            }

            return null;
        }

        if (type.TypeKind == TypeKind.Delegate)
        {
            return $"'{name}' is a delegate, which cannot be passed to a grain";
        }

        if (type.SpecialType == SpecialType.System_Collections_IEnumerable ||
            type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable))
        {
            return $"'{name}' is a mutable collection; use ImmutableArray<T> or ImmutableList<T>";
        }

        return type.TypeKind switch
        {
            TypeKind.Interface => $"interface '{name}' is not known to be immutable; use a grain interface or a concrete immutable type, or mark it [Immutable]",
            TypeKind.Struct => ExamineMembers(type, name, isStruct: true),
            TypeKind.Class => ExamineMembers(type, name, isStruct: false),
            _ => $"'{name}' is not supported",
        };
    }

    /// <summary>
    /// A struct is copied, so only the types of its members matter; a class or record must also have no
    /// setters (init is fine) and only readonly fields, including those it inherits.
    /// </summary>
    private string? ExamineMembers(INamedTypeSymbol type, string name, bool isStruct)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (!SymbolEqualityComparer.Default.Equals(current, type) && Symbols.HasAttribute(current, "ImmutableAttribute"))
            {
                break;
            }

            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic)
                {
                    continue;
                }

                switch (member)
                {
                    case IFieldSymbol field when field.AssociatedSymbol is null && !field.Name.StartsWith("<", System.StringComparison.Ordinal):
                        if (!isStruct && !field.IsReadOnly && !field.IsConst)
                        {
                            return $"type '{name}' is mutable: field '{field.Name}' is not readonly";
                        }

                        if (GetMutabilityReason(field.Type) is { } fieldReason)
                        {
                            return $"type '{name}' is mutable: field '{field.Name}' has a mutable type: {fieldReason}";
                        }

                        break;
                    case IPropertySymbol property:
                        // Explicit implementations and indexers are views of the fields, which are checked themselves.
                        if ((current.IsRecord && property.Name == "EqualityContract") || !property.ExplicitInterfaceImplementations.IsEmpty)
                        {
                            break;
                        }

                        if (!isStruct && property.SetMethod is { IsInitOnly: false })
                        {
                            return $"type '{name}' is mutable: property '{property.Name}' has a setter";
                        }

                        if (!property.IsIndexer && GetMutabilityReason(property.Type) is { } propertyReason)
                        {
                            return $"type '{name}' is mutable: property '{property.Name}' has a mutable type: {propertyReason}";
                        }

                        break;
                    case IEventSymbol @event when !isStruct:
                        return $"type '{name}' is mutable: it has the event '{@event.Name}'";
                }
            }

            if (isStruct)
            {
                break;
            }
        }

        return null;
    }

    private static string GetFullMetadataName(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            name = containing.MetadataName + "+" + name;
        }

        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + name : name;
    }
}
