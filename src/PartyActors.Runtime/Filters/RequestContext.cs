using System.Collections.Immutable;

namespace PartyActors.Runtime;

/// <summary>
/// Values that flow with a call chain, as Orleans' <c>RequestContext</c>: set before a grain call,
/// read by the callee and by anything it calls in turn. Backed by an async-local immutable map, so
/// a callee's change never leaks back to its caller.
/// </summary>
public static class RequestContext
{
    // An AsyncLocal is per logical call flow, not shared mutable state.
    private static readonly AsyncLocal<ImmutableDictionary<string, object>?> Current = new();

    /// <summary>The keys set in the current flow.</summary>
    public static IEnumerable<string> Keys => Current.Value?.Keys ?? [];

    public static object? Get(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Current.Value is { } values && values.TryGetValue(key, out var value) ? value : null;
    }

    public static void Set(string key, object value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        Current.Value = (Current.Value ?? ImmutableDictionary.Create<string, object>(StringComparer.Ordinal)).SetItem(key, value);
    }

    public static bool Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Current.Value is not { } values || !values.ContainsKey(key))
        {
            return false;
        }

        var remaining = values.Remove(key);
        Current.Value = remaining.IsEmpty ? null : remaining;
        return true;
    }

    public static void Clear()
    {
        if (Current.Value is not null)
        {
            Current.Value = null;
        }
    }

    /// <summary>The current values, captured into an outgoing call.</summary>
    internal static ImmutableDictionary<string, object>? Snapshot() => Current.Value;

    /// <summary>Installs a call's captured values for the callee's turn.</summary>
    internal static void Restore(ImmutableDictionary<string, object>? values)
    {
        // Writing an AsyncLocal allocates a new execution context, so skip the common no-op case.
        if (!ReferenceEquals(Current.Value, values))
        {
            Current.Value = values;
        }
    }
}
