using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PartyActors.Runtime.Generators;

/// <summary>Recognizes the runtime's types by name, without looking them up in the compilation.</summary>
internal static class Symbols
{
    public const int KeyKindNone = -1;
    public const int KeyKindString = 0;
    public const int KeyKindGuid = 1;
    public const int KeyKindInteger = 2;
    public const int KeyKindObserver = 3;

    /// <summary>Fully qualified, with <c>global::</c>, keywords escaped and nullable annotations kept.</summary>
    public static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Short, for messages.</summary>
    public static readonly SymbolDisplayFormat MessageFormat = SymbolDisplayFormat.MinimallyQualifiedFormat;

    public static bool IsRuntimeType(ITypeSymbol? symbol, string name) =>
        symbol is INamedTypeSymbol { ContainingType: null } named &&
        named.Name == name &&
        named.ContainingNamespace is { Name: "Runtime", ContainingNamespace: { Name: "PartyActors", ContainingNamespace.IsGlobalNamespace: true } };

    public static bool IsMarker(INamedTypeSymbol type) =>
        IsRuntimeType(type, "IAddressable") || IsRuntimeType(type, "IGrain") || IsRuntimeType(type, "IGrainWithStringKey") ||
        IsRuntimeType(type, "IGrainWithGuidKey") || IsRuntimeType(type, "IGrainWithIntegerKey") || IsRuntimeType(type, "IGrainObserver");

    public static bool IsAddressable(ITypeSymbol type) =>
        IsRuntimeType(type, "IAddressable") || type.AllInterfaces.Any(i => IsRuntimeType(i, "IAddressable"));

    /// <summary>A user interface deriving from IGrain or IGrainObserver.</summary>
    public static bool IsGrainInterface(INamedTypeSymbol type) =>
        type.TypeKind == TypeKind.Interface && !IsMarker(type) &&
        type.AllInterfaces.Any(i => IsRuntimeType(i, "IGrain") || IsRuntimeType(i, "IGrainObserver"));

    public static int GetKeyKind(INamedTypeSymbol type)
    {
        var all = type.AllInterfaces;
        if (all.Any(i => IsRuntimeType(i, "IGrainWithStringKey")))
        {
            return KeyKindString;
        }

        if (all.Any(i => IsRuntimeType(i, "IGrainWithGuidKey")))
        {
            return KeyKindGuid;
        }

        if (all.Any(i => IsRuntimeType(i, "IGrainWithIntegerKey")))
        {
            return KeyKindInteger;
        }

        return all.Any(i => IsRuntimeType(i, "IGrainObserver")) ? KeyKindObserver : KeyKindNone;
    }

    public static bool IsObserver(INamedTypeSymbol type) => type.AllInterfaces.Any(i => IsRuntimeType(i, "IGrainObserver"));

    public static bool HasAttribute(ISymbol symbol, string name) =>
        symbol.GetAttributes().Any(a => IsRuntimeType(a.AttributeClass, name));

    public static AttributeData? GetAttribute(ISymbol symbol, string name) =>
        symbol.GetAttributes().FirstOrDefault(a => IsRuntimeType(a.AttributeClass, name));

    public static bool DerivesFromGrain(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (IsRuntimeType(current, "Grain"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether generated code elsewhere in the assembly can name the type.</summary>
    public static bool IsAccessibleInAssembly(INamedTypeSymbol type)
    {
        for (ISymbol? current = type; current is INamedTypeSymbol named; current = named.ContainingType)
        {
            if (named.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }

    public static string Display(ITypeSymbol type) => type.ToDisplayString(TypeFormat);

    /// <summary>Displays a type without its top-level nullable annotation (for generic arguments constrained to notnull).</summary>
    public static string DisplayNotNull(ITypeSymbol type) =>
        type.IsReferenceType ? type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(TypeFormat) : Display(type);

    public static string Short(ISymbol symbol) => symbol.ToDisplayString(MessageFormat);

    public static string EscapeIdentifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    public static string Literal(string value) =>
        SymbolDisplay.FormatLiteral(value, quote: true);
}
