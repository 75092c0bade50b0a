using System;
using System.Collections;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace PartyActors.Runtime.Generators;

/// <summary>An array compared by its elements, so that pipeline models stay cacheable.</summary>
internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IEnumerable<T>
    where T : IEquatable<T>
{
    private readonly T[]? _items;

    public EquatableArray(T[] items) => _items = items;

    public static EquatableArray<T> Empty => new(Array.Empty<T>());

    public int Length => _items?.Length ?? 0;

    public T this[int index] => _items![index];

    public bool Equals(EquatableArray<T> other)
    {
        var left = _items ?? Array.Empty<T>();
        var right = other._items ?? Array.Empty<T>();
        if (left.Length != right.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Length; i++)
        {
            if (!EqualityComparer<T>.Default.Equals(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = 17;
        foreach (var item in _items ?? Array.Empty<T>())
        {
            hash = unchecked((hash * 31) + (item?.GetHashCode() ?? 0));
        }

        return hash;
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(_items ?? Array.Empty<T>())).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);
}

/// <summary>A source location without a reference to the syntax tree.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(Location? location) =>
        location is { SourceTree: not null }
            ? new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span)
            : null;
}

/// <summary>A diagnostic to report, kept as plain data.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, string Message)
{
    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptors.ById(Id), Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, Message);
}

internal enum ReturnKind
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
    Void,
}

internal sealed record ParameterModel(string Name, string Type);

internal sealed record MethodModel(
    string DeclaringInterface,
    string Name,
    string EscapedName,
    ReturnKind ReturnKind,
    string ReturnType,
    string? ResultType,
    EquatableArray<ParameterModel> Parameters,
    int Options,
    string InvokableName);

internal sealed record InterfaceModel(
    string FullName,
    string ProxyNamespace,
    string ProxyName,
    string HintName,
    int KeyKind,
    bool HasErrors,
    EquatableArray<MethodModel> Methods,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    public string ProxyFullName => "global::" + ProxyNamespace + "." + ProxyName;
}

/// <summary>What the module needs of an interface: a smaller model, so that edits to method bodies don't touch it.</summary>
internal sealed record InterfaceRegistration(string FullName, string ProxyFullName, int KeyKind);

/// <summary>A grain constructor parameter: resolved through <c>ContextMethod</c> (a persistent state or log) when set, else as a service.</summary>
internal sealed record ConstructorParameterModel(string Type, string? ContextMethod, string? StateName, string? StorageName);

internal sealed record GrainClassModel(
    string FullName,
    string GrainType,
    EquatableArray<string> Interfaces,
    bool IsReentrant,
    long? CollectionAgeTicks,
    EquatableArray<ConstructorParameterModel> Parameters,
    bool HasErrors,
    EquatableArray<DiagnosticInfo> Diagnostics);
