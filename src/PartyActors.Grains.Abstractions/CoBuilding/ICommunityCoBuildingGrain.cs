using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>
/// A community's co-building ledger (共驻共建台账), keyed by the community's id: the joint meetings
/// (联席会议) it held with the units stationed in it, its part-time committee members (兼职委员) from
/// those units, and the index of the agreements it signed (each agreement is its own grain and its
/// own truth; the index may name one that moved on, never miss one that counts here).
/// </summary>
[Alias("PartyActors.ICommunityCoBuildingGrain")]
public interface ICommunityCoBuildingGrain : IGrainWithStringKey
{
    /// <summary>Records a joint meeting under <paramref name="meetingId"/>; again with the same id answers the first record.</summary>
    Task<JointMeeting> RecordJointMeeting(string meetingId, JointMeetingTerms terms, string by);

    /// <summary>The joint meetings, by id (ids sort by the day held).</summary>
    Task<ImmutableArray<JointMeeting>> GetJointMeetings();

    /// <summary>Seats (or re-seats) a member of a stationed unit on the community's committee; true when the seat is new.</summary>
    Task<SeatOutcome> Seat(string memberId, string unitOrgId, string title, DateOnly from, string by);

    /// <summary>Ends a seat; without one changes nothing. True when a seat ended.</summary>
    Task<bool> Unseat(string memberId);

    /// <summary>The part-time committee members, by member id.</summary>
    Task<ImmutableArray<CommitteeSeat>> GetCommittee();

    /// <summary>Adds an agreement id to the index; again changes nothing.</summary>
    Task ListAgreement(string agreementId);

    /// <summary>Removes an agreement id from the index (it moved to another community).</summary>
    Task UnlistAgreement(string agreementId);

    /// <summary>The indexed agreement ids, ordinal order.</summary>
    Task<ImmutableArray<string>> GetAgreementIds();
}
