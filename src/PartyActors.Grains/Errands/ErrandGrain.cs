using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PartyActors.Grains;

/// <summary>
/// A resident's errand run by a cadre (全程代办), and the source of truth for what it adds to roll-ups
/// at the organization where it is counted. It commits through the sources' one protocol
/// (<see cref="ContributionCommitter{TState}"/>): its whole contribution, made durable by the
/// organization, before its own state, restored if its own write fails; after each commit it reports
/// itself to the indexes of its organization and cadre.
/// <para>
/// The deadline is durable (<see cref="DeadlineReminder"/>): a reminder ticks at the deadline, and
/// every activation checks the clock too. An errand still open past its deadline turns overdue in one write; a repeated tick finds it
/// overdue already and does nothing.
/// </para>
/// </summary>
[GrainType("errand")]
internal sealed class ErrandGrain(
    [PersistentState("errand")] IPersistentState<ErrandState> store,
    TimeProvider time,
    IOptions<ErrandOptions> options,
    ILogger<ErrandGrain> logger) : Grain, IErrandGrain, IRemindable
{
    private const string DueReminder = "errand-due";

    /// <summary>How far up the tree a cadre's organization of record is searched for the errand's organization (deeper trees are not built).</summary>
    private const int MaxDepth = 32;

    private ContributionCommitter<ErrandState>? _committer;

    private DeadlineReminder? _deadline;

    private string Id => this.GetPrimaryKeyString();

    private ContributionCommitter<ErrandState> Committer =>
        _committer ??= new(this, store, new SourceKey(SourceKind.Errand, Id), GrainFactory, logger);

    private DeadlineReminder Deadline => _deadline ??= new(this, DueReminder, options.Value.RetryPeriod, time, logger);

    private ErrandState State => store.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Taking is not null)
        {
            await Deadline.CatchUpOnActivationAsync(async () =>
            {
                // A ledger report lost when the last activation failed is sent again.
                await SyncLedgersAsync();
                await CatchUpAsync(ticked: false);
            });
        }
    }

    public async Task<ErrandDetails> Take(ErrandTaking taking, string by)
    {
        ArgumentNullException.ThrowIfNull(taking);
        if (State.Taking is not null)
        {
            throw new DomainException(DomainErrorKind.Conflict, ErrandErrors.ErrandExists, $"Errand '{Id}' exists already.");
        }

        CommitmentRules.Throw("resident.name", ErrandRules.CheckResidentName(taking.Resident?.Name));
        CommitmentRules.Throw("resident.phone", ErrandRules.CheckResidentPhone(taking.Resident?.Phone));
        CommitmentRules.Throw("category", Enum.IsDefined(taking.Category) ? null : "'category' is not an errand category.");
        CommitmentRules.Throw("description", ErrandRules.CheckDescription(taking.Description));
        var org = await GrainFactory.GetGrain<IOrganizationGrain>(taking.OrgId).GetDetails()
            ?? throw new DomainException(DomainErrorKind.NotFound, DomainErrors.OrgNotFound, $"Organization '{taking.OrgId}' does not exist.");
        if (!ErrandRules.IsTakingLevel(org.Kind))
        {
            throw new DomainException(DomainErrorKind.UnknownReference, ErrandErrors.NotATakingLevel,
                $"Organization '{taking.OrgId}' is a {WireNames<OrganizationKind>.Name(org.Kind)}; errands are taken at a grid, community or village.") { Field = "orgId" };
        }

        await RequireCadreAsync(taking.OrgId, org.Kind, taking.CadreMemberId);
        taking = taking with { Resident = taking.Resident! with { Name = taking.Resident.Name.Trim() }, Description = taking.Description.Trim() };
        var now = time.GetUtcNow();
        var deadline = await Settings.Deadline(taking.Category, org.Kind, now);

        // Registered first: a tick that finds no errand (the write below failed) removes it.
        await Deadline.ScheduleAsync(deadline.DueAt);
        var next = State.Copy();
        next.Taking = taking;
        next.TakenAt = now;
        next.TakenBy = by;
        next.OrgId = taking.OrgId;
        next.CadreMemberId = taking.CadreMemberId;
        next.Status = ErrandStatus.Open;
        next.Sla = deadline.Term;
        next.DueAt = deadline.DueAt;
        await CommitAsync(next);
        logger.LogInformation("Errand {ErrandId} taken at {OrgId} by cadre {MemberId} ({Category}), due {DueAt}.", Id, taking.OrgId, taking.CadreMemberId, taking.Category, deadline.DueAt);
        return Details();
    }

    public Task<ErrandDetails?> GetDetails() => Task.FromResult(State.Taking is null ? null : Details());

    public async Task<ErrandDetails> Complete(string note, DateTimeOffset? doneAt, string by)
    {
        RequireExisting();
        switch (State.Status)
        {
            case ErrandStatus.Done:
                return Details();
            case ErrandStatus.Cancelled:
                throw new DomainException(DomainErrorKind.Conflict, ErrandErrors.Cancelled, $"Errand '{Id}' is cancelled.");
        }

        CommitmentRules.Throw("note", ErrandRules.CheckNote(note));
        var now = time.GetUtcNow();
        var at = doneAt ?? now;
        CommitmentRules.Throw("doneAt", at > now ? "'doneAt' is in the future." : at < State.TakenAt ? "'doneAt' is before the errand was taken." : null);
        var next = State.Copy();
        next.Status = ErrandStatus.Done;
        next.DoneAt = at;
        next.DoneBy = by;
        next.DoneNote = note.Trim();
        await CommitAsync(next);
        await Deadline.ForgetAsync();
        logger.LogInformation("Errand {ErrandId} done at {DoneAt}{Late}.", Id, at, State.Late ? ", late" : "");
        return Details();
    }

    public async Task<ErrandDetails> Reassign(string cadreMemberId, string? reason, string by)
    {
        RequireOpen();
        CommitmentRules.Throw("reason", ErrandRules.CheckReason(reason, required: false));
        if (string.Equals(cadreMemberId, State.CadreMemberId, StringComparison.Ordinal))
        {
            return Details();
        }

        var org = await GrainFactory.GetGrain<IOrganizationGrain>(State.OrgId).GetDetails()
            ?? throw new DomainException(DomainErrorKind.Conflict, DomainErrors.OrgNotFound, $"Organization '{State.OrgId}' where errand '{Id}' is counted is dissolved; it can no longer change.");
        await RequireCadreAsync(State.OrgId, org.Kind, cadreMemberId);
        var next = State.Copy();
        next.Reassignments = next.Reassignments.Add(new ErrandReassignment(time.GetUtcNow(), State.CadreMemberId, cadreMemberId, reason?.Trim(), by));
        next.CadreMemberId = cadreMemberId;
        await CommitAsync(next);
        return Details();
    }

    public async Task<ErrandDetails> Cancel(string reason, string by)
    {
        RequireExisting();
        if (State.Status == ErrandStatus.Cancelled)
        {
            return Details();
        }

        RequireOpen();
        CommitmentRules.Throw("reason", ErrandRules.CheckReason(reason));
        var next = State.Copy();
        next.Status = ErrandStatus.Cancelled;
        next.CancelledAt = time.GetUtcNow();
        next.CancelledBy = by;
        next.CancelReason = reason.Trim();
        await CommitAsync(next);
        await Deadline.ForgetAsync();
        return Details();
    }

    public async Task<bool> Relocate(string fromOrgId, string toOrgId)
    {
        ArgumentException.ThrowIfNullOrEmpty(fromOrgId);
        ArgumentException.ThrowIfNullOrEmpty(toOrgId);
        if (State.Taking is null || !string.Equals(State.OrgId, fromOrgId, StringComparison.Ordinal) || string.Equals(fromOrgId, toOrgId, StringComparison.Ordinal))
        {
            return false;
        }

        var next = State.Copy();
        next.OrgId = toOrgId;
        next.Relocations = next.Relocations.Add(new ErrandRelocation(time.GetUtcNow(), fromOrgId, toOrgId));
        await CommitAsync(next);
        logger.LogInformation("Errand {ErrandId} moved from {From} to {To}.", Id, fromOrgId, toOrgId);
        return true;
    }

    public Task<ContributionReport> GetContribution(string orgId) => Task.FromResult(Committer.Report(orgId));

    public Task ReceiveReminder(string reminderName, TickStatus status) => Deadline.TickAsync(State.Taking is not null, () => CatchUpAsync(ticked: true));

    /// <summary>
    /// Does what the clock asks: an open errand past its deadline turns overdue (one durable write);
    /// then nothing is left to wait for. A tick before the deadline (the first wait is capped)
    /// registers the reminder again.
    /// </summary>
    private async Task CatchUpAsync(bool ticked)
    {
        if (State.Status != ErrandStatus.Open || State.Overdue)
        {
            if (ticked)
            {
                await Deadline.ForgetAsync();
            }

            return;
        }

        if (time.GetUtcNow() < State.DueAt)
        {
            if (ticked)
            {
                await Deadline.ScheduleAsync(State.DueAt);
            }

            return;
        }

        if (!(await Node(State.OrgId).GetChildRollup()).Exists)
        {
            logger.LogWarning("Errand {ErrandId} is past its deadline, but {OrgId} where it is counted is dissolved; it can no longer change there.", Id, State.OrgId);
            await Deadline.ForgetAsync();
            return;
        }

        var next = State.Copy();
        next.Overdue = true;
        await CommitAsync(next);
        await Deadline.ForgetAsync();
        logger.LogWarning("Errand {ErrandId} at {OrgId} (cadre {MemberId}) is overdue since {DueAt}.", Id, State.OrgId, State.CadreMemberId, State.DueAt);
    }

    /// <summary>
    /// Commits <paramref name="next"/> (<see cref="ContributionCommitter{TState}"/>: a move is counted
    /// at the new organization before the errand names it, and let go at the old one after), then
    /// reports to the indexes.
    /// </summary>
    private async Task CommitAsync(ErrandState next)
    {
        next.Ledgers = [.. next.Ledgers.Union([ErrandRules.OrgLedgerKey(next.OrgId), ErrandRules.CadreLedgerKey(next.CadreMemberId)], StringComparer.Ordinal)];
        await Committer.CommitAsync(next);
        try
        {
            await SyncLedgersAsync();
        }
        catch (Exception exception)
        {
            // The change is durable and answered; the next activation reports it again.
            logger.LogWarning(exception, "Errand {ErrandId} could not report itself to its ledgers.", Id);
            DeactivateOnIdle();
        }
    }

    private Task SyncLedgersAsync()
    {
        var entry = new ErrandLedgerEntry(Id, State.OrgId, State.CadreMemberId, State.Taking!.Category, State.Taking.Resident.Name, State.Status,
            Overdue, State.Late, State.TakenAt, State.DueAt, State.DoneAt, State.Version);
        return Task.WhenAll(State.Ledgers.Select(key => GrainFactory.GetGrain<IErrandLedgerGrain>(key).Record(entry)));
    }

    /// <summary>
    /// 422 unless <paramref name="memberId"/> is an attached member of record in the subtree of the
    /// cadres' organization: <paramref name="orgId"/> itself, or for a grid (where no member is of
    /// record) the community or village it belongs to, whose cadres run its errands.
    /// </summary>
    private async Task RequireCadreAsync(string orgId, OrganizationKind kind, string memberId)
    {
        var scope = kind == OrganizationKind.Grid ? await CommunityOfAsync(orgId) : orgId;
        var member = Ids.IsValid(memberId) ? await GrainFactory.GetGrain<IMemberGrain>(memberId).GetDetails() : null;
        if (member is not null && member.Status.IsAttached())
        {
            string? current = member.OrgId;
            for (var depth = 0; current is not null && depth < MaxDepth; depth++)
            {
                if (string.Equals(current, scope, StringComparison.Ordinal))
                {
                    return;
                }

                current = await Node(current).GetParentId();
            }
        }

        throw new DomainException(DomainErrorKind.UnknownReference, ErrandErrors.NotACadreHere,
            $"Member '{memberId}' is not a member of record in the subtree of '{scope}'; a cadre of the organization runs its errands.") { Field = "cadreMemberId" };
    }

    /// <summary>The closest community or village above grid <paramref name="gridId"/>; the grid itself when there is none.</summary>
    private async Task<string> CommunityOfAsync(string gridId)
    {
        var current = await Node(gridId).GetParentId();
        for (var depth = 0; current is not null && depth < MaxDepth; depth++)
        {
            var org = await GrainFactory.GetGrain<IOrganizationGrain>(current).GetDetails();
            if (org is null)
            {
                break;
            }

            if (org.Kind is OrganizationKind.Community or OrganizationKind.Village)
            {
                return org.Id;
            }

            current = org.ParentId;
        }

        return gridId;
    }

    private void RequireExisting()
    {
        if (State.Taking is null)
        {
            throw new DomainException(DomainErrorKind.NotFound, ErrandErrors.ErrandNotFound, $"Errand '{Id}' does not exist.");
        }
    }

    private void RequireOpen()
    {
        RequireExisting();
        switch (State.Status)
        {
            case ErrandStatus.Done:
                throw new DomainException(DomainErrorKind.Conflict, ErrandErrors.Done, $"Errand '{Id}' is done.");
            case ErrandStatus.Cancelled:
                throw new DomainException(DomainErrorKind.Conflict, ErrandErrors.Cancelled, $"Errand '{Id}' is cancelled.");
        }
    }

    /// <summary>Open and found past its deadline (a done or cancelled errand is not overdue; a late one says <see cref="ErrandState.Late"/>).</summary>
    private bool Overdue => State.Status == ErrandStatus.Open && State.Overdue;

    private ErrandDetails Details()
    {
        var taking = State.Taking!;
        return new ErrandDetails(
            Id, State.OrgId, taking.OrgId, taking.Resident with { Phone = PersonalData.Mask(taking.Resident.Phone) }, taking.Category, taking.Description,
            State.CadreMemberId, State.Status, State.TakenAt, State.TakenBy, State.Sla!, State.DueAt, Overdue, State.Late,
            State.DoneAt, State.DoneBy, State.DoneNote, State.CancelledAt, State.CancelledBy, State.CancelReason, State.Reassignments, State.Relocations);
    }

    private IErrandSettingsGrain Settings => GrainFactory.GetGrain<IErrandSettingsGrain>(IErrandSettingsGrain.Key);

    private IRollupNode Node(string orgId) => GrainFactory.GetGrain<IRollupNode>(orgId);
}
