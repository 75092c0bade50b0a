using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace PartyActors.Grains;

/// <summary>
/// A community's co-building ledger (共驻共建台账): joint meetings, part-time committee members and
/// the index of its agreements. Each write checks its references against the truth (the community's
/// kind, the units' report-ins, the members' organizations of record) and is durable before it answers.
/// </summary>
[GrainType("community-co-building")]
internal sealed class CommunityCoBuildingGrain(
    [PersistentState("community-co-building")] IPersistentState<CommunityCoBuildingState> store,
    TimeProvider time,
    ILogger<CommunityCoBuildingGrain> logger) : Grain, ICommunityCoBuildingGrain
{
    private string Id => this.GetPrimaryKeyString();

    private CommunityCoBuildingState State => store.State;

    public async Task<JointMeeting> RecordJointMeeting(string meetingId, JointMeetingTerms terms, string by)
    {
        ArgumentException.ThrowIfNullOrEmpty(meetingId);
        ArgumentNullException.ThrowIfNull(terms);
        if (State.Meetings.TryGetValue(meetingId, out var recorded))
        {
            return recorded;
        }

        var now = time.GetUtcNow();
        Validate(terms, now);
        await StationedUnits.RequireCommunityAsync(GrainFactory, Id);
        var stationed = await StationedUnits.ListAsync(GrainFactory, Id);
        if (terms.UnitOrgIds.FirstOrDefault(u => !stationed.Contains(u)) is { } stranger)
        {
            throw StationedUnits.NotStationed(Id, stranger, "unitOrgIds");
        }

        var present = terms.UnitOrgIds.Order(StringComparer.Ordinal).ToImmutableArray();
        var meeting = new JointMeeting(
            meetingId, Id, terms.HeldOn, terms.Topic.Trim(), present, [.. stationed.Except(present, StringComparer.Ordinal)],
            string.IsNullOrWhiteSpace(terms.Minutes) ? null : terms.Minutes.Trim(), [.. terms.Decisions.Select(d => d.Trim())], now, by);
        State.Meetings[meetingId] = meeting;
        await store.WriteOrDeactivateAsync(this, () => State.Meetings.Remove(meetingId));
        logger.LogInformation("Community {CommunityId} recorded joint meeting {MeetingId} with {Present} unit(s) present, {Absent} absent.",
            Id, meetingId, meeting.Present.Length, meeting.Absent.Length);
        return meeting;
    }

    public Task<ImmutableArray<JointMeeting>> GetJointMeetings() =>
        Task.FromResult(State.Meetings.Values.OrderBy(m => m.Id, StringComparer.Ordinal).ToImmutableArray());

    public async Task<SeatOutcome> Seat(string memberId, string unitOrgId, string title, DateOnly from, string by)
    {
        ArgumentException.ThrowIfNullOrEmpty(memberId);
        ArgumentException.ThrowIfNullOrEmpty(unitOrgId);
        var now = time.GetUtcNow();
        CommitmentRules.Throw("title", TextRules.CheckRequired("title", title?.Trim(), CoBuildingRules.MaxSeatTitleLength));
        CommitmentRules.Throw("from", CoBuildingRules.CheckFrom(from, now));
        await StationedUnits.RequireCommunityAsync(GrainFactory, Id);
        await StationedUnits.RequireStationedAsync(GrainFactory, Id, unitOrgId, "unitOrgId");
        var member = await GrainFactory.GetGrain<IMemberGrain>(memberId).GetDetails()
            ?? throw new DomainException(DomainErrorKind.UnknownReference, DomainErrors.MemberNotFound, $"Member '{memberId}' does not exist.") { Field = "memberId" };
        if (!member.Status.IsAttached())
        {
            throw new DomainException(DomainErrorKind.Conflict, DomainErrors.MemberLeft, $"Member '{memberId}' is {WireNames<MemberStatus>.Name(member.Status)} and takes no seat.");
        }

        if (!await StationedUnits.LiesWithinAsync(GrainFactory, member.OrgId, unitOrgId))
        {
            throw new DomainException(DomainErrorKind.UnknownReference, CoBuildingRules.MemberNotOfUnit,
                $"Member '{memberId}' belongs (organization of record) to '{member.OrgId}', not to unit '{unitOrgId}' or below it.")
            { Field = "memberId" };
        }

        State.Seats.TryGetValue(memberId, out var before);
        var seat = new CommitteeSeat(memberId, unitOrgId, title!.Trim(), from, now, by);
        State.Seats[memberId] = seat;
        await store.WriteOrDeactivateAsync(this, () =>
        {
            if (before is null)
            {
                State.Seats.Remove(memberId);
            }
            else
            {
                State.Seats[memberId] = before;
            }
        });
        return new SeatOutcome(seat, before is null);
    }

    public async Task<bool> Unseat(string memberId)
    {
        if (!State.Seats.Remove(memberId, out var before))
        {
            return false;
        }

        await store.WriteOrDeactivateAsync(this, () => State.Seats[memberId] = before);
        return true;
    }

    public Task<ImmutableArray<CommitteeSeat>> GetCommittee() =>
        Task.FromResult(State.Seats.Values.OrderBy(s => s.MemberId, StringComparer.Ordinal).ToImmutableArray());

    public async Task ListAgreement(string agreementId)
    {
        var at = State.AgreementIds.BinarySearch(agreementId, StringComparer.Ordinal);
        if (at >= 0)
        {
            return;
        }

        State.AgreementIds.Insert(~at, agreementId);
        await store.WriteOrDeactivateAsync(this, () => State.AgreementIds.Remove(agreementId));
    }

    public async Task UnlistAgreement(string agreementId)
    {
        var at = State.AgreementIds.BinarySearch(agreementId, StringComparer.Ordinal);
        if (at < 0)
        {
            return;
        }

        State.AgreementIds.RemoveAt(at);
        await store.WriteOrDeactivateAsync(this, () => State.AgreementIds.Insert(~State.AgreementIds.BinarySearch(agreementId, StringComparer.Ordinal), agreementId));
    }

    public Task<ImmutableArray<string>> GetAgreementIds() => Task.FromResult(State.AgreementIds.ToImmutableArray());

    private static void Validate(JointMeetingTerms terms, DateTimeOffset now)
    {
        CommitmentRules.Throw("heldOn", CoBuildingRules.CheckPastDate("heldOn", terms.HeldOn, now));
        CommitmentRules.Throw("topic", CoBuildingRules.CheckTitle("topic", terms.Topic));
        CommitmentRules.Throw("unitOrgIds", CoBuildingRules.CheckUnitsPresent(terms.UnitOrgIds));
        CommitmentRules.Throw("minutes", CoBuildingRules.CheckMinutes(terms.Minutes));
        CommitmentRules.Throw("decisions", CoBuildingRules.CheckDecisions(terms.Decisions));
    }
}
