using Microsoft.Extensions.Logging;

namespace PartyActors.Grains;

/// <summary>
/// A commitment (承诺践诺), and the source of truth for what it adds to roll-ups at the organization
/// where its owner belongs. It commits through the sources' one protocol
/// (<see cref="ContributionCommitter{TState}"/>): its whole contribution, made durable by the
/// organization, before its own state, restored if its own write fails.
/// <para>
/// The deadline is durable (<see cref="DeadlineReminder"/>): a reminder registered when the commitment
/// is made ticks at the end of the due date (midnight, UTC+8), and every activation checks the date too, so a commitment whose
/// deadline passed while no silo ran turns overdue on first sight. Turning overdue warns the owner
/// (a notice on the commitment and a log line) and opens one supervised-handling item (督办) at the
/// parent of the owner's organization; the item's id is derived from the commitment's, so a retry
/// after a crash finds the same item. A member's commitment then costs the member the rule table's
/// <c>overdueDeduction</c> (the table that applies where it counts), one ledger entry whose source
/// id is the commitment's id, so a retry finds the same entry. The reminder goes once nothing is left to do.
/// </para>
/// </summary>
[GrainType("commitment")]
internal sealed class CommitmentGrain(
    [PersistentState("commitment")] IPersistentState<CommitmentState> store,
    TimeProvider time,
    ILogger<CommitmentGrain> logger) : Grain, ICommitmentGrain, IRemindable
{
    private const string DueReminder = "commitment-due";

    /// <summary>How often the reminder ticks again after the deadline while the overdue steps have not all succeeded.</summary>
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromHours(1);

    private ContributionCommitter<CommitmentState>? _committer;

    private DeadlineReminder? _deadline;

    private string Id => this.GetPrimaryKeyString();

    private ContributionCommitter<CommitmentState> Committer =>
        _committer ??= new(this, store, new SourceKey(SourceKind.Commitment, Id), GrainFactory, logger);

    private DeadlineReminder Deadline => _deadline ??= new(this, DueReminder, RetryPeriod, time, logger);

    private CommitmentState State => store.State;

    /// <summary>The id of the supervised-handling item an overdue commitment opens.</summary>
    public static string SupervisionItemIdFor(string commitmentId) => "sv-" + commitmentId;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Terms is not null)
        {
            await Deadline.CatchUpOnActivationAsync(() => CatchUpAsync(ticked: false));
        }
    }

    public Task<CommitmentDetails> Make(CommitmentOwner owner, CommitmentTerms terms, string by) => MakeAsync(owner, terms, key: null);

    public async Task<CommitmentDetails> Import(CommitmentImport import, string by)
    {
        ArgumentNullException.ThrowIfNull(import);
        ArgumentNullException.ThrowIfNull(import.Terms);
        CommitmentRules.Throw("progress", CommitmentRules.CheckProgressTotal(import.Progress));
        if (State.Terms is null)
        {
            await MakeAsync(import.Owner, import.Terms, import.Key);
        }
        else
        {
            CheckSameAs(import);
        }

        if (import.Progress is { } total && total > State.Progress)
        {
            if (State.CompletedAt is not null)
            {
                throw new DomainException(DomainErrorKind.Conflict, DomainErrors.CommitmentDone,
                    $"Commitment '{Id}' is done with progress {State.Progress}; it takes no more.") { Field = "progress" };
            }

            await ReportProgress(total - State.Progress, null, by);
        }

        return import.Done ? await Complete(by) : Details();
    }

    private async Task<CommitmentDetails> MakeAsync(CommitmentOwner owner, CommitmentTerms terms, string? key)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (State.Terms is not null)
        {
            throw new DomainException(DomainErrorKind.Conflict, DomainErrors.CommitmentExists, $"Commitment '{Id}' exists already.");
        }

        var now = time.GetUtcNow();
        CommitmentRules.Validate(terms, now);
        var orgId = await ResolveOrgAsync(owner);

        // Registered first: a tick that finds no commitment (the write below failed) removes it.
        await ScheduleAsync(terms.DueOn);
        var next = State.Copy();
        next.Owner = owner;
        next.OrgId = orgId;
        next.Terms = terms with { Title = terms.Title.Trim(), Unit = terms.Unit.Trim() };
        next.CreatedAt = now;
        next.Key = key;
        next.Entries = [];
        next.Reviews = [];
        next.Notices = [];
        await Committer.CommitAsync(next);
        if (owner.Kind == CommitmentOwnerKind.Member)
        {
            // After the commitment is durable: the index may miss a commitment whose listing failed, never list one that was not made.
            await GrainFactory.GetGrain<IMemberCommitmentsGrain>(owner.Id).Add(Id);
        }

        logger.LogInformation("Commitment {CommitmentId} made by {OwnerKind} {OwnerId}, counted at {OrgId}, due {DueOn}.", Id, owner.Kind, owner.Id, orgId, terms.DueOn);
        return Details();
    }

    public Task<CommitmentDetails?> GetDetails() => Task.FromResult(State.Terms is null ? null : Details());

    public async Task<CommitmentDetails> ReportProgress(decimal amount, string? note, string by)
    {
        RequireOpen();
        CommitmentRules.Throw("amount", CommitmentRules.CheckAmount(amount));
        CommitmentRules.Throw("note", CommitmentRules.CheckNote(note));
        var next = State.Copy();
        next.Progress += amount;
        next.Entries = next.Entries.Add(new CommitmentEntry(time.GetUtcNow(), amount, note?.Trim(), by));
        await Committer.CommitAsync(next);
        return Details();
    }

    public async Task<CommitmentDetails> Complete(string by)
    {
        RequireExisting();
        if (State.CompletedAt is null)
        {
            var next = State.Copy();
            next.CompletedAt = time.GetUtcNow();
            await Committer.CommitAsync(next);
            logger.LogInformation("Commitment {CommitmentId} done{Late}.", Id, State.OverdueSince is null ? "" : " (late)");
        }

        if (Settled())
        {
            await Deadline.ForgetAsync();
        }

        return Details();
    }

    public async Task<CommitmentDetails> Review(ReviewerKind reviewer, int score, string? note, string by)
    {
        RequireExisting();
        CommitmentRules.Throw("score", CommitmentRules.CheckScore(score));
        CommitmentRules.Throw("note", CommitmentRules.CheckNote(note));
        var next = State.Copy();
        next.Reviews = next.Reviews.Add(new CommitmentReview(time.GetUtcNow(), reviewer, score, note?.Trim(), by));
        await Committer.CommitAsync(next);
        return Details();
    }

    public async Task<bool> Relocate(string fromOrgId, string toOrgId)
    {
        ArgumentException.ThrowIfNullOrEmpty(fromOrgId);
        ArgumentException.ThrowIfNullOrEmpty(toOrgId);
        if (State.Terms is null || State.OrgId != fromOrgId || fromOrgId == toOrgId)
        {
            return false;
        }

        // The new organization takes the contribution before the commitment names it, and the old one
        // lets it go after (rule 1): a crash between leaves a tie the reconciliation drops, never a
        // commitment counted nowhere.
        var next = State.Copy();
        next.OrgId = toOrgId;
        await Committer.CommitAsync(next);
        logger.LogInformation("Commitment {CommitmentId} relocated from {FromOrgId} to {ToOrgId}.", Id, fromOrgId, toOrgId);
        return true;
    }

    public Task<ContributionReport> GetContribution(string orgId) => Task.FromResult(Committer.Report(orgId));

    public Task ReceiveReminder(string reminderName, TickStatus status) => Deadline.TickAsync(State.Terms is not null, () => CatchUpAsync(ticked: true));

    /// <summary>
    /// Does what the clock asks: past the deadline, an open commitment turns overdue (warning the
    /// owner), then its supervised-handling item is opened; each step is durable before the next, so
    /// an interrupted catch-up resumes where it stopped. A tick before the deadline (the reminder's first
    /// wait is capped) registers the reminder again for the time left; an activation leaves it alone.
    /// </summary>
    private async Task CatchUpAsync(bool ticked)
    {
        var terms = State.Terms!;
        var now = time.GetUtcNow();
        var deadline = CommitmentRules.Deadline(terms.DueOn);
        if (State.CompletedAt is null && State.OverdueSince is null)
        {
            if (now < deadline)
            {
                if (ticked)
                {
                    await ScheduleAsync(terms.DueOn);
                }

                return;
            }

            var next = State.Copy();
            next.OverdueSince = deadline;
            next.DeductionDue = State.Owner!.Kind == CommitmentOwnerKind.Member;
            next.Notices = next.Notices.Add(new CommitmentNotice(now, "overdue",
                $"承诺“{terms.Title}”已逾期：应于 {terms.DueOn:yyyy-MM-dd} 前完成。The commitment is overdue; it has been passed to the superior organization for supervision (督办)."));
            await Committer.CommitAsync(next);
            logger.LogWarning("Commitment {CommitmentId} of {OwnerKind} {OwnerId} at {OrgId} is overdue (due {DueOn}); the owner was warned.",
                Id, State.Owner!.Kind, State.Owner.Id, State.OrgId, terms.DueOn);
        }

        if (State.OverdueSince is not null && State.SupervisionItemId is null)
        {
            var supervisor = await Node(State.OrgId).GetParentId() ?? State.OrgId;
            var itemId = SupervisionItemIdFor(Id);
            await GrainFactory.GetGrain<ISupervisionItemGrain>(itemId)
                .Open(new SupervisionItem(itemId, supervisor, Id, State.OrgId, terms.Title, terms.DueOn, now));
            var next = State.Copy();
            next.SupervisionItemId = itemId;
            await Committer.CommitAsync(next);
        }

        if (OwesDeduction)
        {
            var rules = await PointsRuleResolver.ResolveAsync(GrainFactory, State.OrgId);
            var next = State.Copy();
            next.OverduePoints = await DeductAsync(rules.Table.OverdueDeduction, terms.Title);
            await Committer.CommitAsync(next);
        }

        if (Settled())
        {
            await Deadline.ForgetAsync();
        }
    }

    /// <summary>
    /// Refuses an import that names this commitment with another owner or other terms (after the
    /// same trimming as when it was made); the terms' own rules first, except the due date's, which
    /// only a new commitment must keep (a line applied again after the due date names it unchanged).
    /// </summary>
    private void CheckSameAs(CommitmentImport import)
    {
        var terms = import.Terms;
        CommitmentRules.Throw("title", CommitmentRules.CheckTitle(terms.Title));
        CommitmentRules.Throw("target", CommitmentRules.CheckTarget(terms.Target));
        CommitmentRules.Throw("unit", CommitmentRules.CheckUnit(terms.Unit));
        var made = State.Terms!;
        var field = import.Owner != State.Owner ? (import.Owner.Kind == CommitmentOwnerKind.Member ? "memberId" : "orgId")
            : terms.Title.Trim() != made.Title ? "title"
            : terms.Target != made.Target ? "target"
            : terms.Unit.Trim() != made.Unit ? "unit"
            : terms.DueOn != made.DueOn ? "dueOn"
            : null;
        if (field is not null)
        {
            throw new DomainException(DomainErrorKind.Conflict, DomainErrors.CommitmentChanged,
                $"Commitment '{Id}' was made with another '{field}'; a published commitment's owner and terms do not change.") { Field = field };
        }
    }

    /// <summary>Whether the deadline has nothing left to do: done in time, or overdue, handed to supervision and its deduction recorded.</summary>
    private bool Settled() => State.OverdueSince is null ? State.CompletedAt is not null : State.SupervisionItemId is not null && !OwesDeduction;

    /// <summary>A member's commitment gone overdue whose deduction is not recorded yet.</summary>
    private bool OwesDeduction => State.DeductionDue && State.OverduePoints is null;

    /// <summary>
    /// Takes <paramref name="points"/> from the member owner's ledger for the overdue commitment and
    /// answers what the entry took (a repeat answers the first entry's); 0 when the rule takes nothing
    /// or the member can lose nothing (it has left).
    /// </summary>
    private async Task<int> DeductAsync(int points, string title)
    {
        if (points == 0)
        {
            return 0;
        }

        var reason = "承诺逾期 commitment overdue: " + title;
        reason = reason.Length > PointsRules.MaxReasonLength ? reason[..PointsRules.MaxReasonLength] : reason;
        try
        {
            var receipt = await GrainFactory.GetGrain<IMemberGrain>(State.Owner!.Id)
                .AwardPoints(new PointsAward(-points, reason, PointsSources.CommitmentOverdue, Id));
            return receipt.Entry.Points;
        }
        catch (DomainException exception)
        {
            logger.LogWarning(exception, "Commitment {CommitmentId} deducts nothing from member {MemberId}.", Id, State.Owner!.Id);
            return 0;
        }
    }

    private async Task<string> ResolveOrgAsync(CommitmentOwner owner)
    {
        if (owner.Kind == CommitmentOwnerKind.Member)
        {
            var member = await GrainFactory.GetGrain<IMemberGrain>(owner.Id).GetDetails()
                ?? throw new DomainException(DomainErrorKind.NotFound, DomainErrors.MemberNotFound, $"Member '{owner.Id}' does not exist.");
            if (!member.Status.IsAttached())
            {
                throw new DomainException(DomainErrorKind.Conflict, DomainErrors.MemberLeft, $"Member '{owner.Id}' is {member.Status} and makes no commitments here.");
            }

            return member.OrgId;
        }

        var org = await Node(owner.Id).GetChildRollup();
        return org.Exists ? owner.Id
            : throw new DomainException(DomainErrorKind.NotFound, DomainErrors.OrgNotFound, $"Organization '{owner.Id}' does not exist.");
    }

    /// <summary>Registers the reminder to tick at the deadline of <paramref name="dueOn"/>.</summary>
    private Task ScheduleAsync(DateOnly dueOn) => Deadline.ScheduleAsync(CommitmentRules.Deadline(dueOn));

    private void RequireExisting()
    {
        if (State.Terms is null)
        {
            throw new DomainException(DomainErrorKind.NotFound, DomainErrors.CommitmentNotFound, $"Commitment '{Id}' does not exist.");
        }
    }

    private void RequireOpen()
    {
        RequireExisting();
        if (State.CompletedAt is not null)
        {
            throw new DomainException(DomainErrorKind.Conflict, DomainErrors.CommitmentDone, $"Commitment '{Id}' is done; it takes no more progress.");
        }
    }

    private CommitmentDetails Details()
    {
        var terms = State.Terms!;
        var status = State.CompletedAt is not null ? CommitmentStatus.Done
            : State.OverdueSince is not null ? CommitmentStatus.Overdue
            : CommitmentStatus.Open;
        return new CommitmentDetails(
            Id, State.Owner!, State.OrgId, terms.Title, terms.Target, terms.Unit, State.Progress, terms.DueOn, status,
            State.CreatedAt, State.CompletedAt, State.OverdueSince, State.SupervisionItemId, State.Entries, State.Reviews, State.Notices,
            State.Key, State.OverduePoints);
    }

    private IRollupNode Node(string orgId) => GrainFactory.GetGrain<IRollupNode>(orgId);
}
