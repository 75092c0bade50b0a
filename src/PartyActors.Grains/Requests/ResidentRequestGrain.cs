using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PartyActors.Grains;

/// <summary>
/// A resident's request (群众诉求), and the source of truth for what it adds to roll-ups at the
/// grid or community where it was filed. It commits through the sources' one protocol
/// (<see cref="ContributionCommitter{TState}"/>): its whole contribution, made durable by the
/// organization, before its own state, restored if its own write fails; after each commit it reports
/// itself to the ledger of the filing organization.
/// <para>
/// The deadline is durable (<see cref="DeadlineReminder"/>): a reminder ticks at the end of each
/// term, and every activation checks the clock too. A request still open (unanswered) past its
/// deadline turns overdue and escalates to the parent of the organization answering for it, with a
/// new term from the SLA of that level; each escalation is one write, so a repeated tick finds the
/// new deadline ahead and does nothing.
/// </para>
/// </summary>
[GrainType("resident-request")]
internal sealed class ResidentRequestGrain(
    [PersistentState("resident-request")] IPersistentState<ResidentRequestState> store,
    TimeProvider time,
    IOptions<RequestOptions> options,
    ILogger<ResidentRequestGrain> logger) : Grain, IResidentRequestGrain, IRemindable
{
    private const string DueReminder = "request-due";

    private ContributionCommitter<ResidentRequestState>? _committer;

    private DeadlineReminder? _deadline;

    private string Id => this.GetPrimaryKeyString();

    private ContributionCommitter<ResidentRequestState> Committer =>
        _committer ??= new(this, store, new SourceKey(SourceKind.ResidentRequest, Id), GrainFactory, logger);

    private DeadlineReminder Deadline => _deadline ??= new(this, DueReminder, options.Value.RetryPeriod, time, logger);

    private ResidentRequestState State => store.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Filing is not null)
        {
            await Deadline.CatchUpOnActivationAsync(async () =>
            {
                // A ledger report lost when the last activation failed is sent again.
                await SyncLedgerAsync();
                await CatchUpAsync(ticked: false);
            });
        }
    }

    public async Task<RequestDetails> File(RequestFiling filing, string by)
    {
        ArgumentNullException.ThrowIfNull(filing);
        if (State.Filing is not null)
        {
            throw new DomainException(DomainErrorKind.Conflict, RequestErrors.RequestExists, $"Request '{Id}' exists already.");
        }

        CommitmentRules.Throw("title", RequestRules.CheckTitle(filing.Title));
        CommitmentRules.Throw("category", RequestRules.CheckCategory(filing.Category));
        CommitmentRules.Throw("channel", Enum.IsDefined(filing.Channel) ? null : "'channel' is not a channel.");
        var org = await GrainFactory.GetGrain<IOrganizationGrain>(filing.OrgId).GetDetails()
            ?? throw new DomainException(DomainErrorKind.NotFound, DomainErrors.OrgNotFound, $"Organization '{filing.OrgId}' does not exist.");
        if (!RequestRules.IsFilingLevel(org.Kind))
        {
            throw new DomainException(DomainErrorKind.UnknownReference, RequestErrors.NotAFilingLevel,
                $"Organization '{filing.OrgId}' is a {WireNames<OrganizationKind>.Name(org.Kind)}; requests are filed at a grid, community or village.") { Field = "orgId" };
        }

        filing = filing with { Title = filing.Title.Trim(), Category = filing.Category.Trim() };
        var now = time.GetUtcNow();
        var deadline = await Settings.Deadline(filing.Category, org.Kind, now);

        // Registered first: a tick that finds no request (the write below failed) removes it.
        await Deadline.ScheduleAsync(deadline.DueAt);
        var next = State.Copy();
        next.Filing = filing;
        next.FiledAt = now;
        next.FiledBy = by;
        next.Status = RequestStatus.Open;
        next.ResponsibleOrgId = filing.OrgId;
        next.Sla = deadline.Term;
        next.DueAt = deadline.DueAt;
        await CommitAsync(next);
        logger.LogInformation("Request {RequestId} filed at {OrgId} ({Category}, {Channel}), due {DueAt}.", Id, filing.OrgId, filing.Category, filing.Channel, deadline.DueAt);
        return Details();
    }

    public Task<RequestDetails?> GetDetails() => Task.FromResult(State.Filing is null ? null : Details());

    public async Task<RequestDetails> Reply(string text, string by)
    {
        RequireNotClosed();
        CommitmentRules.Throw("text", RequestRules.CheckText(text));
        var now = time.GetUtcNow();
        var next = State.Copy();
        if (State.Status == RequestStatus.Open && now >= State.DueAt)
        {
            // Answered late, before the tick came: it was overdue all the same.
            next.OverdueSince ??= State.DueAt;
        }

        next.Status = RequestStatus.Replied;
        next.Replies = next.Replies.Add(new RequestReply(now, text.Trim(), by));
        await CommitAsync(next);
        await Deadline.ForgetAsync();
        return Details();
    }

    public async Task<RequestDetails> Assign(RequestAssignee assignee, string by)
    {
        ArgumentNullException.ThrowIfNull(assignee);
        RequireNotClosed();
        if ((assignee.MemberId is null) == (assignee.OrgId is null))
        {
            throw DomainErrors.Invalid("assignee", "Name exactly one of 'memberId' and 'orgId'.");
        }

        if (assignee.MemberId is { } memberId && await GrainFactory.GetGrain<IMemberGrain>(memberId).GetDetails() is null)
        {
            throw new DomainException(DomainErrorKind.UnknownReference, DomainErrors.MemberNotFound, $"Member '{memberId}' does not exist.") { Field = "memberId" };
        }

        if (assignee.OrgId is { } orgId && !(await Node(orgId).GetChildRollup()).Exists)
        {
            throw new DomainException(DomainErrorKind.UnknownReference, DomainErrors.OrgNotFound, $"Organization '{orgId}' does not exist.") { Field = "orgId" };
        }

        var next = State.Copy();
        next.Assignee = new RequestAssignment(assignee.MemberId, assignee.OrgId, time.GetUtcNow(), by);
        await CommitAsync(next);
        return Details();
    }

    public async Task<RequestDetails> Close(int satisfaction, string by)
    {
        RequireExisting();
        CommitmentRules.Throw("satisfaction", RequestRules.CheckSatisfaction(satisfaction));
        switch (State.Status)
        {
            case RequestStatus.Closed when State.Satisfaction == satisfaction:
                return Details();
            case RequestStatus.Closed:
                throw new DomainException(DomainErrorKind.Conflict, RequestErrors.Closed, $"Request '{Id}' is closed with another rating; reopen it first.");
            case RequestStatus.Open:
                throw new DomainException(DomainErrorKind.Conflict, RequestErrors.NotReplied, $"Request '{Id}' has no reply since it was filed or reopened; closing needs one.");
        }

        var next = State.Copy();
        next.Status = RequestStatus.Closed;
        next.Satisfaction = satisfaction;
        next.ClosedAt = time.GetUtcNow();
        next.ClosedBy = by;
        await CommitAsync(next);
        await Deadline.ForgetAsync();
        logger.LogInformation("Request {RequestId} closed, satisfaction {Satisfaction}.", Id, satisfaction);
        return Details();
    }

    public async Task<RequestDetails> Reopen(string reason, string by)
    {
        RequireExisting();
        CommitmentRules.Throw("reason", RequestRules.CheckReason(reason));
        if (State.Status != RequestStatus.Closed)
        {
            throw new DomainException(DomainErrorKind.Conflict, RequestErrors.NotClosed, $"Request '{Id}' is {WireNames<RequestStatus>.Name(State.Status)}; only a closed request is reopened.");
        }

        var now = time.GetUtcNow();
        // The level answering now; if it was dissolved since, the filing level's term.
        var answering = await GrainFactory.GetGrain<IOrganizationGrain>(State.ResponsibleOrgId).GetDetails()
            ?? await GrainFactory.GetGrain<IOrganizationGrain>(State.Filing!.OrgId).GetDetails()
            ?? throw new DomainException(DomainErrorKind.Conflict, DomainErrors.OrgNotFound, $"Organization '{State.Filing!.OrgId}' where request '{Id}' was filed is dissolved; it can no longer change.");
        var level = answering.Kind;
        var deadline = await Settings.Deadline(State.Filing!.Category, level, now);
        await Deadline.ScheduleAsync(deadline.DueAt);
        var next = State.Copy();
        next.Reopenings = next.Reopenings.Add(new RequestReopening(now, reason.Trim(), by, State.Satisfaction, deadline.DueAt));
        next.Status = RequestStatus.Open;
        next.Satisfaction = null;
        next.ClosedAt = null;
        next.ClosedBy = null;
        next.OverdueSince = null;
        next.AtTop = false;
        next.Sla = deadline.Term;
        next.DueAt = deadline.DueAt;
        await CommitAsync(next);
        logger.LogInformation("Request {RequestId} reopened at {OrgId}, due {DueAt}.", Id, State.ResponsibleOrgId, deadline.DueAt);
        return Details();
    }

    public async Task<bool> Relocate(string fromOrgId, string toOrgId)
    {
        ArgumentException.ThrowIfNullOrEmpty(fromOrgId);
        ArgumentException.ThrowIfNullOrEmpty(toOrgId);
        if (State.Filing is not { } filing || fromOrgId == toOrgId || (filing.OrgId != fromOrgId && State.ResponsibleOrgId != fromOrgId))
        {
            return false;
        }

        var next = State.Copy();
        next.Filing = filing.OrgId == fromOrgId ? filing with { OrgId = toOrgId } : filing;
        next.ResponsibleOrgId = State.ResponsibleOrgId == fromOrgId ? toOrgId : State.ResponsibleOrgId;
        var counted = filing.OrgId == fromOrgId;

        // Counted at the new organization before the request names it, let go at the old one after (rule 1).
        await Committer.CommitAsync(next);
        try
        {
            await SyncLedgerAsync();
            if (counted)
            {
                await GrainFactory.GetGrain<IRequestLedgerGrain>(fromOrgId).Forget(Id);
            }
        }
        catch (Exception exception)
        {
            // The next activation reports to the new ledger again; the old one keeps a stale line until then.
            logger.LogWarning(exception, "Request {RequestId} could not move its ledger entry from {OrgId}.", Id, fromOrgId);
            DeactivateOnIdle();
        }

        logger.LogInformation("Request {RequestId} relocated from {FromOrgId} to {ToOrgId}.", Id, fromOrgId, toOrgId);
        return true;
    }

    public Task<ContributionReport> GetContribution(string orgId) => Task.FromResult(Committer.Report(orgId));

    public Task ReceiveReminder(string reminderName, TickStatus status) => Deadline.TickAsync(State.Filing is not null, () => CatchUpAsync(ticked: true));

    /// <summary>
    /// Does what the clock asks: an open request past its deadline turns overdue and escalates one
    /// level (one durable write), the new term following the missed one without a gap; after a long
    /// outage the new deadline may have passed too, and it escalates again, level by level, until a
    /// deadline lies ahead or no level is left. Then the reminder is set for that deadline. A request
    /// answered, closed, stuck at a root or filed at a dissolved organization has nothing left to wait
    /// for. A tick before the deadline (the first wait is capped) registers the reminder again.
    /// </summary>
    private async Task CatchUpAsync(bool ticked)
    {
        var now = time.GetUtcNow();
        if (State.Status != RequestStatus.Open || State.AtTop)
        {
            if (ticked)
            {
                await Deadline.ForgetAsync();
            }

            return;
        }

        if (now < State.DueAt)
        {
            if (ticked)
            {
                await Deadline.ScheduleAsync(State.DueAt);
            }

            return;
        }

        var filing = State.Filing!;
        if (!(await Node(filing.OrgId).GetChildRollup()).Exists)
        {
            logger.LogWarning("Request {RequestId} is past its deadline, but {OrgId} where it was filed is dissolved; it escalates no more.", Id, filing.OrgId);
            await Deadline.ForgetAsync();
            return;
        }

        while (State.Status == RequestStatus.Open && !State.AtTop && now >= State.DueAt)
        {
            await EscalateAsync(now);
        }

        if (State.AtTop)
        {
            await Deadline.ForgetAsync();
        }
        else
        {
            await Deadline.ScheduleAsync(State.DueAt);
        }
    }

    /// <summary>One step up the chain, in one write: overdue, answered now by the parent of the organization that missed its term (a root keeps it).</summary>
    private async Task EscalateAsync(DateTimeOffset now)
    {
        var from = State.ResponsibleOrgId;
        var parentId = await Node(from).GetParentId();
        var parent = parentId is null ? null : await GrainFactory.GetGrain<IOrganizationGrain>(parentId).GetDetails();
        var next = State.Copy();
        next.OverdueSince ??= State.DueAt;
        if (parent is null)
        {
            next.AtTop = true;
            await CommitAsync(next);
            logger.LogWarning("Request {RequestId} is overdue at {OrgId}, which has no parent to escalate to.", Id, from);
            return;
        }

        var deadline = await Settings.Deadline(State.Filing!.Category, parent.Kind, State.DueAt, followsMissed: true);
        next.Escalations = next.Escalations.Add(new RequestEscalation(now, from, parent.Id, State.DueAt, deadline.DueAt));
        next.ResponsibleOrgId = parent.Id;
        next.Sla = deadline.Term;
        next.DueAt = deadline.DueAt;
        await CommitAsync(next);
        logger.LogWarning("Request {RequestId} filed at {OrgId} is overdue at {From}; escalated to {To}, due {DueAt}.", Id, State.Filing.OrgId, from, parent.Id, deadline.DueAt);
    }

    /// <summary>Commits <paramref name="next"/> (<see cref="ContributionCommitter{TState}"/>), then reports to the ledger.</summary>
    private async Task CommitAsync(ResidentRequestState next)
    {
        await Committer.CommitAsync(next);
        try
        {
            await SyncLedgerAsync();
        }
        catch (Exception exception)
        {
            // The change is durable and answered; the next activation reports it again.
            logger.LogWarning(exception, "Request {RequestId} could not report itself to the ledger of {OrgId}.", Id, State.Filing!.OrgId);
            DeactivateOnIdle();
        }
    }

    private Task SyncLedgerAsync()
    {
        var filing = State.Filing!;
        return GrainFactory.GetGrain<IRequestLedgerGrain>(filing.OrgId).Record(new RequestLedgerEntry(
            Id, filing.OrgId, filing.Title, filing.Category, State.Status, State.OverdueSince is not null, State.FiledAt, State.DueAt, EscalatedTo, State.Version));
    }

    private void RequireExisting()
    {
        if (State.Filing is null)
        {
            throw new DomainException(DomainErrorKind.NotFound, RequestErrors.RequestNotFound, $"Request '{Id}' does not exist.");
        }
    }

    private void RequireNotClosed()
    {
        RequireExisting();
        if (State.Status == RequestStatus.Closed)
        {
            throw new DomainException(DomainErrorKind.Conflict, RequestErrors.Closed, $"Request '{Id}' is closed; reopen it first.");
        }
    }

    private string? EscalatedTo => State.Escalations.IsDefaultOrEmpty ? null : State.ResponsibleOrgId;

    private RequestDetails Details()
    {
        var filing = State.Filing!;
        return new RequestDetails(
            Id, filing.OrgId, filing.Title, filing.Category, filing.Channel, State.Status, State.DueAt, State.OverdueSince is not null,
            EscalatedTo, State.ResponsibleOrgId, State.FiledAt, State.FiledBy, State.Sla!, State.OverdueSince, State.Assignee,
            State.Replies, State.Satisfaction, State.ClosedAt, State.ClosedBy, State.Escalations, State.Reopenings);
    }

    private IRequestSettingsGrain Settings => GrainFactory.GetGrain<IRequestSettingsGrain>(IRequestSettingsGrain.Key);

    private IRollupNode Node(string orgId) => GrainFactory.GetGrain<IRollupNode>(orgId);
}
