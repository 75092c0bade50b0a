namespace PartyActors.Grains;

/// <summary>
/// A resident's request (群众诉求), keyed by its id. The source of what it adds to roll-ups
/// (requestsOpen, requestsOverdue, requestsClosed, satisfaction) at the grid or community where it
/// was filed; at each deadline it is still open it turns overdue and escalates to the parent of the
/// organization answering for it, whether or not anyone is online (docs/requests.md).
/// </summary>
[Alias("PartyActors.IResidentRequestGrain")]
public interface IResidentRequestGrain : IRelocatableSource
{
    /// <summary>Files the request; its deadline comes from the SLA of its category at the filing level. Durable before it answers.</summary>
    Task<RequestDetails> File(RequestFiling filing, string by);

    /// <summary>The request; null when it does not exist.</summary>
    Task<RequestDetails?> GetDetails();

    /// <summary>Answers the request (答复): it stops the clock; again adds another reply.</summary>
    Task<RequestDetails> Reply(string text, string by);

    /// <summary>Assigns the request to a member or an organization (both must exist); again replaces the assignment.</summary>
    Task<RequestDetails> Assign(RequestAssignee assignee, string by);

    /// <summary>Closes a replied request with the resident's satisfaction (1 to 5); again with the same rating changes nothing.</summary>
    Task<RequestDetails> Close(int satisfaction, string by);

    /// <summary>Opens a closed request again: the rating is withdrawn and a new term starts at the organization answering for it.</summary>
    Task<RequestDetails> Reopen(string reason, string by);
}

/// <summary>
/// The ledger (台账) of one organization, keyed by org id (<see cref="ILedgerGrain{TEntry, TFilter}"/>):
/// the requests filed there, each as its grain last reported it, in the order of their ids (which is
/// the order they were filed).
/// </summary>
[Alias("PartyActors.IRequestLedgerGrain")]
public interface IRequestLedgerGrain : ILedgerGrain<RequestLedgerEntry, RequestLedgerFilter>
{
    /// <summary>Drops the request's entry (the request was relocated by a split or merge and is in the ledger where it counts now).</summary>
    Task Forget(string requestId);
}

/// <summary>
/// The service's SLA table and working-day calendar for requests (one grain, key <see cref="Key"/>):
/// set by admins, read by every request at each new term.
/// </summary>
[Alias("PartyActors.IRequestSettingsGrain")]
public interface IRequestSettingsGrain : ISlaTableGrain
{
    public const string Key = "default";

    /// <summary>The holidays and make-up working days of <paramref name="year"/> (empty when none were set).</summary>
    [ReadOnly]
    Task<WorkCalendarYear> GetCalendar(int year);

    /// <summary>Replaces one year's calendar.</summary>
    Task<WorkCalendarYear> SetCalendar(WorkCalendarYear calendar);

    /// <summary>
    /// The deadline of a term for <paramref name="category"/> answered at <paramref name="level"/>:
    /// starting at <paramref name="from"/>, or, with <paramref name="followsMissed"/>, following a term
    /// that ended at <paramref name="from"/> unanswered (<see cref="WorkingCalendar.DeadlineAfter"/>).
    /// </summary>
    [ReadOnly]
    Task<RequestDeadline> Deadline(string category, OrganizationKind level, DateTimeOffset from, bool followsMissed = false);
}
