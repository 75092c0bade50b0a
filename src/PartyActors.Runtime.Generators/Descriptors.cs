using System;
using Microsoft.CodeAnalysis;

namespace PartyActors.Runtime.Generators;

/// <summary>The generator's diagnostics. Each message is built by the generator and passed as the only argument.</summary>
internal static class Descriptors
{
    private const string Category = "PartyActors";

    public static readonly DiagnosticDescriptor InvalidReturnType = new(
        "PA0001",
        "Grain method has an unsupported return type",
        "{0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Grain interface methods must return Task, Task<T>, ValueTask or ValueTask<T>; observer methods may also return void.");

    public static readonly DiagnosticDescriptor MutableParameter = new(
        "PA0002",
        "Grain method parameter has a mutable type",
        "{0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Arguments of grain calls are passed without copying, so their types must be immutable. Use immutable types or mark the type or parameter [Immutable].");

    public static readonly DiagnosticDescriptor MutableReturnType = new(
        "PA0003",
        "Grain method result has a mutable type",
        "{0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Results of grain calls are passed without copying, so their types must be immutable. Use immutable types or mark the type or the return value [Immutable].");

    public static readonly DiagnosticDescriptor UnsupportedMember = new(
        "PA0004",
        "Unsupported grain interface member",
        "{0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Grain interfaces may not be generic and may only declare non-generic methods whose parameters are passed by value.");

    public static readonly DiagnosticDescriptor InvalidConstructor = new(
        "PA0005",
        "Grain class must have exactly one public constructor",
        "{0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generated factory calls the grain class's only public constructor, resolving its parameters from the activation context.");

    public static DiagnosticDescriptor ById(string id) => id switch
    {
        "PA0001" => InvalidReturnType,
        "PA0002" => MutableParameter,
        "PA0003" => MutableReturnType,
        "PA0004" => UnsupportedMember,
        "PA0005" => InvalidConstructor,
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Unknown diagnostic id."),
    };
}
