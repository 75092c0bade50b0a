using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>What an organization's life grain keeps durable.</summary>
internal sealed class LifeState
{
    /// <summary>Its own template; null: it inherits.</summary>
    public LifeTemplate? Template { get; set; }

    /// <summary>The meetings recorded, in id order (ids begin with the date). The minutes are in each meeting's grain.</summary>
    public ImmutableArray<MeetingSummary> Meetings { get; set; } = [];

    /// <summary>Reminders, newest first, at most <see cref="LifeOptions.MaxNotices"/>.</summary>
    public ImmutableArray<LifeNotice> Notices { get; set; } = [];

    /// <summary>What it contributes to its organization (made durable there before here).</summary>
    public RollupCounters Counters { get; set; }

    /// <summary>Grows with every committed change; stamps the contributions it sends.</summary>
    public long Version { get; set; }

    /// <summary>When <see cref="Counters"/> or the notices last changed.</summary>
    public DateTimeOffset? ChangedAt { get; set; }

    public LifeState Copy() => (LifeState)MemberwiseClone();
}

/// <summary>What a meeting's grain keeps durable.</summary>
internal sealed class MeetingState
{
    public MeetingRecord? Record { get; set; }
}

/// <summary>What the schedule of organizational life keeps durable.</summary>
internal sealed class LifeScheduleState
{
    /// <summary>The latest checkpoint a complete sweep began at or after; null before the first.</summary>
    public DateTimeOffset? SweptThrough { get; set; }

    public LifeSweepSummary? LastSweep { get; set; }
}
