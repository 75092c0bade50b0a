namespace PartyActors.Client;

/// <summary>
/// The body of <c>POST /api/v1/members/{memberId}/commitments</c> and <c>POST /api/v1/orgs/{orgId}/commitments</c>
/// (承诺): a specific, measurable item due on a date in China Standard Time, today or later.
/// </summary>
/// <param name="Target">How much is promised (&gt; 0), counted in <paramref name="Unit"/>.</param>
public sealed record MakeCommitmentRequest(string Title, decimal Target, string Unit, DateOnly DueOn);

/// <summary>A commitment (承诺践诺) as read: its owner, terms, progress and history.</summary>
/// <param name="OrgId">Where it is counted: the owning organization, or the member's organization of record when it was made.</param>
/// <param name="Status">One of <see cref="CommitmentStatuses"/>.</param>
/// <param name="OverdueSince">The end of its due date, once it was found open past it (kept after a late completion).</param>
/// <param name="SupervisionItemId">The supervised-handling item (督办) opened when it went overdue.</param>
/// <param name="Key">The key a roster line made it under; null when made through the API.</param>
/// <param name="OverduePoints">What going overdue deducted from its member owner's points (≤ 0).</param>
public sealed record Commitment(
    string Id,
    CommitmentOwner Owner,
    string OrgId,
    string Title,
    decimal Target,
    string Unit,
    decimal Progress,
    DateOnly DueOn,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? OverdueSince,
    string? SupervisionItemId,
    IReadOnlyList<CommitmentEntry>? Entries,
    IReadOnlyList<CommitmentReview>? Reviews,
    IReadOnlyList<CommitmentNotice>? Notices,
    string? Key = null,
    int? OverduePoints = null)
{
    /// <summary>The progress reports, oldest first.</summary>
    public IReadOnlyList<CommitmentEntry> Entries { get; init; } = Entries ?? [];

    /// <summary>The reviews (评议), oldest first.</summary>
    public IReadOnlyList<CommitmentReview> Reviews { get; init; } = Reviews ?? [];

    /// <summary>The notices given to the owner (the overdue warning).</summary>
    public IReadOnlyList<CommitmentNotice> Notices { get; init; } = Notices ?? [];
}

/// <summary>A commitment's owner: <paramref name="Kind"/> <c>member</c> or <c>org</c>, and its id.</summary>
public sealed record CommitmentOwner(string Kind, string Id);

/// <summary>One report of progress towards the target, and who made it.</summary>
public sealed record CommitmentEntry(DateTimeOffset At, decimal Amount, string? Note, string By);

/// <summary>A review (评议): by <c>leader</c> (领导点评) or <c>public</c> (群众评议), a score of 1 to 5, a note, and who recorded it.</summary>
public sealed record CommitmentReview(DateTimeOffset At, string By, int Score, string? Note, string Reviewer);

/// <summary>A notice the system gave the owner.</summary>
public sealed record CommitmentNotice(DateTimeOffset At, string Kind, string Text);

/// <summary>The public list (公示) of an organization's commitments and its members', by due date.</summary>
public sealed record CommitmentList(string OrgId, IReadOnlyList<Commitment>? Items)
{
    /// <summary>The commitments, by due date.</summary>
    public IReadOnlyList<Commitment> Items { get; init; } = Items ?? [];
}

/// <summary>The body of <c>POST /api/v1/commitments/{commitmentId}/progress</c>.</summary>
/// <param name="Amount">Progress made (&gt; 0), in the commitment's unit.</param>
public sealed record CommitmentProgressRequest(decimal Amount, string? Note = null);

/// <summary>The body of <c>POST /api/v1/commitments/{commitmentId}/reviews</c>.</summary>
/// <param name="By">One of <see cref="ReviewerKinds"/>.</param>
/// <param name="Score">1 to 5.</param>
public sealed record CommitmentReviewRequest(string By, int Score, string? Note = null);

/// <summary>A supervised-handling item (督办): an overdue commitment, held by the parent of the owner's organization.</summary>
/// <param name="OrgId">The organization that supervises.</param>
/// <param name="OwnerOrgId">The organization where the commitment is counted.</param>
/// <param name="Note">How it was handled, once closed.</param>
public sealed record SupervisionItem(
    string Id,
    string OrgId,
    string CommitmentId,
    string OwnerOrgId,
    string Title,
    DateOnly DueOn,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt = null,
    string? ClosedBy = null,
    string? Note = null);

/// <summary>The open supervised-handling items of an organization's whole subtree.</summary>
public sealed record SupervisionList(string OrgId, IReadOnlyList<SupervisionItem>? Items)
{
    /// <summary>The open items.</summary>
    public IReadOnlyList<SupervisionItem> Items { get; init; } = Items ?? [];
}

/// <summary>The body of <c>POST /api/v1/supervision/{itemId}/close</c>: how the item was handled.</summary>
public sealed record CloseSupervisionRequest(string Note);

/// <summary>Where a commitment stands.</summary>
public static class CommitmentStatuses
{
    /// <summary>Open and not past the end of its due date.</summary>
    public const string Open = "open";

    /// <summary>Fulfilled (践诺).</summary>
    public const string Done = "done";

    /// <summary>Open past the end of its due date.</summary>
    public const string Overdue = "overdue";
}

/// <summary>Who gives a commitment review.</summary>
public static class ReviewerKinds
{
    /// <summary>Leaders' review (领导点评).</summary>
    public const string Leader = "leader";

    /// <summary>The masses' review (群众评议), recorded by a worker on their behalf.</summary>
    public const string Public = "public";
}
