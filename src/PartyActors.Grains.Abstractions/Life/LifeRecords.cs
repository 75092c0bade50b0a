using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>One required activity: <see cref="Activity"/> held (with quorum) at least once per cycle of <see cref="Cadence"/>.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.LifeRequirement")]
public sealed record LifeRequirement([property: Id(0)] LifeActivity Activity, [property: Id(1)] LifeCadence Cadence);

/// <summary>The activities required of organizations of one kind; an empty list requires none.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.KindRequirements")]
public sealed record KindRequirements([property: Id(0)] OrganizationKind Kind, [property: Id(1)] ImmutableArray<LifeRequirement> Requirements);

/// <summary>
/// A template of organizational life set by an organization for itself and its subtree: per kind of
/// organization, the activities required. Kinds it does not name fall through to the next template
/// up the tree, and past the root to the defaults (docs/organizational-life.md, "Templates").
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.LifeTemplate")]
public sealed record LifeTemplate([property: Id(0)] ImmutableArray<KindRequirements> Kinds)
{
    /// <summary>What this template requires of <paramref name="kind"/>; null when it does not name the kind.</summary>
    public ImmutableArray<LifeRequirement>? For(OrganizationKind kind)
    {
        foreach (var entry in Kinds.IsDefault ? [] : Kinds)
        {
            if (entry.Kind == kind)
            {
                return entry.Requirements.IsDefault ? [] : entry.Requirements;
            }
        }

        return null;
    }
}

/// <summary>The activities required of an organization, and where that comes from: the organization whose template named its kind (null: the defaults).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.EffectiveLife")]
public sealed record EffectiveLife(
    [property: Id(0)] string OrgId,
    [property: Id(1)] OrganizationKind Kind,
    [property: Id(2)] ImmutableArray<LifeRequirement> Requirements,
    [property: Id(3)] string? DefinedAt,
    [property: Id(4)] LifeTemplate? Own);

/// <summary>What a caller records about a meeting held: its type, date (China Standard Time), attendees (members of the organization), minutes and topic.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.MeetingDraft")]
public sealed record MeetingDraft(
    [property: Id(0)] LifeActivity Type,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] ImmutableArray<string> Attendees,
    [property: Id(3)] string Minutes,
    [property: Id(4)] string? Topic);

/// <summary>
/// The quorum check of a meeting: <see cref="Met"/> when more than half of the organization's own
/// members (probationary or full, its own, not its subtree's) attended, counted when it was recorded.
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.MeetingQuorum")]
public sealed record MeetingQuorum([property: Id(0)] int Attendees, [property: Id(1)] int Members, [property: Id(2)] int Needed, [property: Id(3)] bool Met);

/// <summary>A meeting as recorded. <see cref="Counts"/>: it counts towards its cycle's requirement (it had quorum).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.MeetingRecord")]
public sealed record MeetingRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string OrgId,
    [property: Id(2)] LifeActivity Type,
    [property: Id(3)] DateOnly Date,
    [property: Id(4)] string? Topic,
    [property: Id(5)] string Minutes,
    [property: Id(6)] ImmutableArray<string> Attendees,
    [property: Id(7)] MeetingQuorum Quorum,
    [property: Id(8)] bool Counts,
    [property: Id(9)] DateTimeOffset RecordedAt,
    [property: Id(10)] string RecordedBy);

/// <summary>A meeting in an organization's list: enough to count compliance without reading the minutes.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.MeetingSummary")]
public sealed record MeetingSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] LifeActivity Type,
    [property: Id(2)] DateOnly Date,
    [property: Id(3)] string? Topic,
    [property: Id(4)] int Attendees,
    [property: Id(5)] bool Counts);

/// <summary>A reminder recorded on an organization: <see cref="Activity"/> is still not held in <see cref="Cycle"/>, which ends at <see cref="DueBy"/>.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.LifeNotice")]
public sealed record LifeNotice(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] LifeActivity Activity,
    [property: Id(2)] ReportPeriod Cycle,
    [property: Id(3)] DateTimeOffset DueBy,
    [property: Id(4)] string Message);

/// <summary>An organization's organizational life now: what it contributes to its roll-up for the current cycles (recounted last at <see cref="ChangedAt"/>), and its reminders, newest first.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.LifeStatus")]
public sealed record LifeStatus(
    [property: Id(0)] string OrgId,
    [property: Id(1)] long MeetingsRequired,
    [property: Id(2)] long MeetingsHeld,
    [property: Id(3)] DateTimeOffset? ChangedAt,
    [property: Id(4)] ImmutableArray<LifeNotice> Notices);

/// <summary>One cycle of a required activity in a compliance report: meetings held with quorum in it, and where it stands.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.CycleCompliance")]
public sealed record CycleCompliance(
    [property: Id(0)] ReportPeriod Cycle,
    [property: Id(1)] DateTimeOffset Start,
    [property: Id(2)] DateTimeOffset End,
    [property: Id(3)] int Held,
    [property: Id(4)] CycleStatus Status);

/// <summary>One required activity in a compliance report: its cycles overlapping the period, how many are required so far (begun) and how many were met.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.RequirementCompliance")]
public sealed record RequirementCompliance(
    [property: Id(0)] LifeActivity Activity,
    [property: Id(1)] LifeCadence Cadence,
    [property: Id(2)] int Required,
    [property: Id(3)] int Held,
    [property: Id(4)] ImmutableArray<CycleCompliance> Cycles);

/// <summary>
/// Held against required, per required activity, for the cycles that overlap <see cref="Period"/>,
/// under the template that applies now. <see cref="Compliant"/>: no begun cycle lacks its activity
/// except the ones still under way.
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.LifeCompliance")]
public sealed record LifeCompliance(
    [property: Id(0)] string OrgId,
    [property: Id(1)] ReportPeriod Period,
    [property: Id(2)] DateTimeOffset AsOf,
    [property: Id(3)] string? DefinedAt,
    [property: Id(4)] int Required,
    [property: Id(5)] int Held,
    [property: Id(6)] int Missed,
    [property: Id(7)] bool Compliant,
    [property: Id(8)] ImmutableArray<RequirementCompliance> Items);

/// <summary>What a refresh found: whether the organization exists, and its children (for walks of the tree).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.LifeRefresh")]
public sealed record LifeRefresh([property: Id(0)] bool Exists, [property: Id(1)] ImmutableArray<string> ChildIds);

/// <summary>Where the schedule of organizational life stands.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.LifeScheduleStatus")]
public sealed record LifeScheduleStatus(
    [property: Id(0)] DateTimeOffset? SweptThrough,
    [property: Id(1)] DateTimeOffset? NextCheckpoint,
    [property: Id(2)] bool Sweeping,
    [property: Id(3)] LifeSweepSummary? LastSweep);

/// <summary>A sweep of the tree that completed: the checkpoint it covered, when it ran, the organizations refreshed.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.LifeSweepSummary")]
public sealed record LifeSweepSummary(
    [property: Id(0)] DateTimeOffset Checkpoint,
    [property: Id(1)] DateTimeOffset StartedAt,
    [property: Id(2)] DateTimeOffset CompletedAt,
    [property: Id(3)] int Organizations,
    [property: Id(4)] int Walks);
