using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>
/// An organization's organizational life (三会一课), keyed by org id: its own template, the meetings
/// it held, its reminders, and the source of its <c>meetingsRequired</c> / <c>meetingsHeld</c>
/// (the current cycles) at its own organization (docs/organizational-life.md).
/// </summary>
[Alias("PartyActors.IOrganizationLifeGrain")]
public interface IOrganizationLifeGrain : IRollupSource
{
    /// <summary>This organization's own template; null when it inherits. Interleaves: organizations below read it while this one refreshes its subtree.</summary>
    [AlwaysInterleave]
    Task<LifeTemplate?> GetOwnTemplate();

    /// <summary>The activities required of this organization now, and the organization whose template says so.</summary>
    Task<EffectiveLife> GetEffective();

    /// <summary>
    /// Sets this organization's own template (null: inherit again), then refreshes its whole subtree,
    /// whose requirements it may change; answers how many organizations were refreshed.
    /// </summary>
    Task<int> SetTemplate(LifeTemplate? template);

    /// <summary>
    /// Recounts what this organization contributes for the current cycles (its kind and template may
    /// have changed, a cycle may have ended) and records the reminders that are due.
    /// <paramref name="force"/> sends the contribution even if it seems unchanged (the organization was just created).
    /// </summary>
    Task<LifeRefresh> Refresh(bool force);

    /// <summary>Records a meeting held under <paramref name="meetingId"/> (again with the same id: the first record); checks its attendees and quorum.</summary>
    Task<MeetingRecord> RecordMeeting(string meetingId, MeetingDraft draft, string by);

    /// <summary>The meetings recorded, in id order (the date first), optionally only those dated in <paramref name="period"/>.</summary>
    Task<ImmutableArray<MeetingSummary>> GetMeetings(ReportPeriod? period);

    /// <summary>Held against required for the cycles overlapping <paramref name="period"/>.</summary>
    Task<LifeCompliance> GetCompliance(ReportPeriod period);

    /// <summary>The current figures and the reminders.</summary>
    Task<LifeStatus> GetStatus();
}
