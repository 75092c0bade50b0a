namespace PartyActors.Silo.Tests;

/// <summary>The system clock moved by <see cref="Offset"/> (timestamps, and so timers, are untouched).</summary>
internal sealed class ShiftedTimeProvider : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
