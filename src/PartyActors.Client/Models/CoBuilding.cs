namespace PartyActors.Client;

/// <summary>One item of a co-building agreement as sent: its owner is the community or the unit (<see cref="OwnerOrgId"/>) and/or a member of either.</summary>
public sealed record AgreementItemRequest(string Title, string? OwnerOrgId, string? OwnerMemberId, DateOnly DueOn);

/// <summary>The body of <c>POST /api/v1/orgs/{orgId}/agreements</c>: a community signs with a unit stationed in it (契约化共建).</summary>
public sealed record SignAgreementRequest(string UnitOrgId, string Title, DateOnly SignedOn, IReadOnlyList<AgreementItemRequest> Items);

/// <summary>The body of <c>POST /api/v1/agreements/{agreementId}/items</c>.</summary>
public sealed record AddAgreementItemsRequest(IReadOnlyList<AgreementItemRequest> Items);

/// <summary>The body of <c>POST /api/v1/agreements/{agreementId}/items/{itemId}/complete</c>.</summary>
public sealed record CompleteAgreementItemRequest(string? Note);

/// <summary>The body of <c>POST /api/v1/agreements/{agreementId}/terminate</c>.</summary>
public sealed record TerminateAgreementRequest(string Note);

/// <summary>An agreement's item.</summary>
/// <param name="Party"><c>community</c> or <c>unit</c>: the side it falls to.</param>
/// <param name="Status"><c>open</c>, <c>overdue</c>, <c>done</c> or <c>cancelled</c>.</param>
/// <param name="Late">Done after its deadline.</param>
public sealed record AgreementItem(
    string Id, string Title, string? OwnerOrgId, string? OwnerMemberId, string Party, DateOnly DueOn, string Status, DateTimeOffset AddedAt,
    DateTimeOffset? CompletedAt, string? CompletedBy, string? Note, DateTimeOffset? OverdueSince, bool Late);

/// <summary>A co-building agreement; <see cref="Status"/> is <c>active</c> or <c>terminated</c>.</summary>
public sealed record Agreement(
    string Id, string CommunityId, string UnitOrgId, string Title, DateOnly SignedOn, string Status, DateTimeOffset CreatedAt, string CreatedBy,
    IReadOnlyList<AgreementItem> Items, DateTimeOffset? TerminatedAt, string? TerminationNote);

/// <summary>A page of agreements; <see cref="Next"/> is the <c>after</c> of the next page, null on the last.</summary>
public sealed record AgreementPage(string OrgId, IReadOnlyList<Agreement> Items, string? Next);

/// <summary>The body of <c>POST /api/v1/orgs/{orgId}/joint-meetings</c>.</summary>
public sealed record RecordJointMeetingRequest(DateOnly HeldOn, string Topic, IReadOnlyList<string> UnitOrgIds, string? Minutes = null, IReadOnlyList<string>? Decisions = null);

/// <summary>A joint meeting (联席会议): the units present, and the units stationed in the community then that were absent.</summary>
public sealed record JointMeeting(
    string Id, string CommunityId, DateOnly HeldOn, string Topic, IReadOnlyList<string> Present, IReadOnlyList<string> Absent,
    string? Minutes, IReadOnlyList<string> Decisions, DateTimeOffset RecordedAt, string RecordedBy);

/// <summary>A page of a community's joint meetings, oldest first.</summary>
public sealed record JointMeetingPage(string OrgId, IReadOnlyList<JointMeeting> Items, string? Next);

/// <summary>The body of <c>PUT /api/v1/orgs/{orgId}/committee/{memberId}</c>.</summary>
public sealed record SeatCommitteeMemberRequest(string UnitOrgId, string Title, DateOnly From);

/// <summary>A part-time committee member's seat (兼职委员).</summary>
public sealed record CommitteeSeat(string MemberId, string UnitOrgId, string Title, DateOnly From, DateTimeOffset SeatedAt, string SeatedBy);

/// <summary>A part-time committee member as listed.</summary>
public sealed record CommitteeMember(
    string MemberId, string? Name, string UnitOrgId, string? UnitName, bool UnitStationed, string Title, DateOnly From, DateTimeOffset SeatedAt);

/// <summary>A community's part-time committee members.</summary>
public sealed record CommitteeList(string OrgId, IReadOnlyList<CommitteeMember> Items);
