namespace PartyActors.Runtime;

/// <summary>How a grain method may be scheduled, taken from its attributes by the generator.</summary>
[Flags]
public enum InvokeMethodOptions
{
    None = 0,

    /// <summary><see cref="ReadOnlyAttribute"/>: interleaves with other read-only requests.</summary>
    ReadOnly = 1,

    /// <summary><see cref="AlwaysInterleaveAttribute"/>: interleaves with any request.</summary>
    AlwaysInterleave = 2,

    /// <summary><see cref="OneWayAttribute"/> or a <c>void</c> observer method: no response.</summary>
    OneWay = 4,
}
