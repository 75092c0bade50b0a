namespace PartyActors.Grains;

/// <summary>What the schedule of periodic reports keeps durable.</summary>
internal sealed class ReportScheduleState
{
    /// <summary>
    /// The latest boundary whose periods every organization reached has a snapshot of; when the
    /// schedule first started, the boundary before that moment (earlier periods are not taken).
    /// Null until the schedule has started.
    /// </summary>
    public DateTimeOffset? SweptThrough { get; set; }

    /// <summary>The last sweep that completed.</summary>
    public SweepSummary? LastSweep { get; set; }
}
