using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace PartyActors.Grains;

/// <summary>
/// A co-building agreement (契约化共建), and the source of truth for what its items add to roll-ups at
/// its community. It commits through the sources' one protocol (<see cref="ContributionCommitter{TState}"/>:
/// the contribution first, then its own state, restored if the write fails); it is listed in the
/// community's ledger before it is first written, so the list never misses it.
/// <para>
/// Deadlines are durable through the same protocol's <see cref="DeadlineReminder"/>: one reminder ticks
/// at the earliest deadline of an open item (the end of its due date, UTC+8; then hourly), and every
/// activation and every write check the clock too, so an item whose deadline passed while no silo ran
/// turns overdue on first sight. An overdue item stays overdue until done; done late keeps
/// <see cref="AgreementItem.OverdueSince"/>.
/// </para>
/// </summary>
[GrainType("agreement")]
internal sealed class AgreementGrain(
    [PersistentState("agreement")] IPersistentState<AgreementState> store,
    TimeProvider time,
    ILogger<AgreementGrain> logger) : Grain, IAgreementGrain, IRemindable
{
    private const string DueReminder = "agreement-due";

    private static readonly TimeSpan RetryPeriod = TimeSpan.FromHours(1);

    private ContributionCommitter<AgreementState>? _committer;

    private DeadlineReminder? _deadline;

    private string Id => this.GetPrimaryKeyString();

    private ContributionCommitter<AgreementState> Committer =>
        _committer ??= new(this, store, new SourceKey(SourceKind.Agreement, Id), GrainFactory, logger);

    private DeadlineReminder Deadline => _deadline ??= new(this, DueReminder, RetryPeriod, time, logger);

    private AgreementState State => store.State;

    private bool Exists => State.Title is not null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Exists)
        {
            await Deadline.CatchUpOnActivationAsync(() => CatchUpAsync(ticked: false));
        }
    }

    public async Task<AgreementDetails> Sign(string communityId, AgreementTerms terms, string by)
    {
        ArgumentException.ThrowIfNullOrEmpty(communityId);
        ArgumentNullException.ThrowIfNull(terms);
        if (Exists)
        {
            throw new DomainException(DomainErrorKind.Conflict, CoBuildingRules.AgreementExists, $"Agreement '{Id}' exists already.");
        }

        var now = time.GetUtcNow();
        CoBuildingRules.Validate(terms, now);
        await StationedUnits.RequireCommunityAsync(GrainFactory, communityId);
        await StationedUnits.RequireStationedAsync(GrainFactory, communityId, terms.UnitOrgId, "unitOrgId");
        var items = await ResolveItemsAsync(communityId, terms.UnitOrgId, terms.Items, first: 1, now);

        // Listed first: the list may name an agreement whose write failed (it reads as none), never miss one.
        await GrainFactory.GetGrain<ICommunityCoBuildingGrain>(communityId).ListAgreement(Id);
        await ScheduleAsync(items);
        var next = State.Copy();
        next.CommunityId = communityId;
        next.UnitOrgId = terms.UnitOrgId;
        next.Title = terms.Title.Trim();
        next.SignedOn = terms.SignedOn;
        next.CreatedAt = now;
        next.CreatedBy = by;
        next.Items = items;
        await Committer.CommitAsync(next);
        logger.LogInformation("Agreement {AgreementId} signed by community {CommunityId} and unit {UnitOrgId} with {Items} item(s).", Id, communityId, terms.UnitOrgId, items.Length);
        return Details();
    }

    public Task<AgreementDetails?> GetDetails() => Task.FromResult(Exists ? Details() : null);

    public async Task<AgreementDetails> AddItems(IReadOnlyList<AgreementItemTerms> items, string by)
    {
        RequireInForce();
        var now = time.GetUtcNow();
        CoBuildingRules.ValidateItems(items, State.Items.Length, now);
        var added = await ResolveItemsAsync(State.CommunityId, State.UnitOrgId, items, State.Items.Length + 1, now);
        var next = State.Copy();
        next.Items = State.Items.AddRange(added);
        await Committer.CommitAsync(next);
        await ScheduleAsync(State.Items);
        return Details();
    }

    public async Task<AgreementDetails> CompleteItem(string itemId, string? note, string by)
    {
        RequireExisting();
        var index = -1;
        for (var i = 0; i < State.Items.Length && index < 0; i++)
        {
            index = State.Items[i].Id == itemId ? i : -1;
        }

        if (index < 0)
        {
            throw new DomainException(DomainErrorKind.NotFound, CoBuildingRules.ItemNotFound, $"Agreement '{Id}' has no item '{itemId}'.");
        }

        if (State.Items[index].Status == AgreementItemStatus.Done)
        {
            return Details();
        }

        RequireInForce();
        CommitmentRules.Throw("note", CoBuildingRules.CheckNote("note", note));
        var now = time.GetUtcNow();

        // The clock first: an item past its deadline that the reminder has not reached yet is done late.
        var next = State.Copy();
        next.Items = MarkOverdue(State.Items, now);
        next.Items = next.Items.SetItem(index, next.Items[index] with
        {
            Status = AgreementItemStatus.Done, CompletedAt = now, CompletedBy = by, Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
        });
        await Committer.CommitAsync(next);
        logger.LogInformation("Agreement {AgreementId} item {ItemId} done{Late}.", Id, itemId, State.Items[index].Late ? " (late)" : "");
        await ScheduleAsync(State.Items);
        return Details();
    }

    public async Task<AgreementDetails> Terminate(string note, string by)
    {
        RequireExisting();
        if (State.TerminatedAt is not null)
        {
            return Details();
        }

        CommitmentRules.Throw("note", TextRules.CheckRequired("note", note?.Trim(), CoBuildingRules.MaxNoteLength));
        var now = time.GetUtcNow();
        var next = State.Copy();
        next.Items = [.. MarkOverdue(State.Items, now).Select(i => i.Status is AgreementItemStatus.Open or AgreementItemStatus.Overdue
            ? i with { Status = AgreementItemStatus.Cancelled } : i)];
        next.TerminatedAt = now;
        next.TerminationNote = note!.Trim();
        await Committer.CommitAsync(next);
        logger.LogInformation("Agreement {AgreementId} of community {CommunityId} terminated by {By}.", Id, State.CommunityId, by);
        await Deadline.ForgetAsync();
        return Details();
    }

    public async Task<bool> Relocate(string fromOrgId, string toOrgId)
    {
        ArgumentException.ThrowIfNullOrEmpty(fromOrgId);
        ArgumentException.ThrowIfNullOrEmpty(toOrgId);
        if (!Exists || State.CommunityId != fromOrgId || fromOrgId == toOrgId)
        {
            return false;
        }

        // As a move of the tree: what arrives at the new community is durable there before the
        // agreement names it, and the old one lets go after. A crash in between leaves the old
        // community a contribution this agreement disowns, which its reconciliation drops, and an
        // index entry the list skips. A repeat (the caller's retry) finds nothing to move.
        await GrainFactory.GetGrain<ICommunityCoBuildingGrain>(toOrgId).ListAgreement(Id);
        var next = State.Copy();
        next.CommunityId = toOrgId;
        await Committer.CommitAsync(next);
        try
        {
            await GrainFactory.GetGrain<ICommunityCoBuildingGrain>(fromOrgId).UnlistAgreement(Id);
        }
        catch (Exception exception)
        {
            // The list checks each agreement's own community: a stale entry is skipped.
            logger.LogWarning(exception, "Agreement {AgreementId} could not leave the list of {CommunityId}.", Id, fromOrgId);
        }

        logger.LogInformation("Agreement {AgreementId} moved from community {From} to {To}.", Id, fromOrgId, toOrgId);
        return true;
    }

    public Task<ContributionReport> GetContribution(string orgId) => Task.FromResult(Committer.Report(orgId));

    public Task ReceiveReminder(string reminderName, TickStatus status) => Deadline.TickAsync(Exists, () => CatchUpAsync(ticked: true));

    /// <summary>
    /// Turns every open item past its deadline overdue (one durable write), then, on a tick or after a
    /// change, registers the reminder for the next deadline, or removes it when none is left.
    /// </summary>
    private async Task CatchUpAsync(bool ticked)
    {
        var now = time.GetUtcNow();
        var items = MarkOverdue(State.Items, now);
        var changed = items != State.Items;
        if (changed)
        {
            var next = State.Copy();
            next.Items = items;
            await Committer.CommitAsync(next);
            logger.LogWarning("Agreement {AgreementId} of community {CommunityId}: {Count} item(s) overdue.",
                Id, State.CommunityId, State.Items.Count(i => i.Status == AgreementItemStatus.Overdue));
        }

        if (ticked || changed)
        {
            await ScheduleAsync(State.Items);
        }
    }

    /// <summary>The items with every open one past its deadline at <paramref name="now"/> made overdue; the same array when none is.</summary>
    private static ImmutableArray<AgreementItem> MarkOverdue(ImmutableArray<AgreementItem> items, DateTimeOffset now)
    {
        var builder = items.ToBuilder();
        var changed = false;
        for (var i = 0; i < builder.Count; i++)
        {
            var deadline = CommitmentRules.Deadline(builder[i].DueOn);
            if (builder[i].Status == AgreementItemStatus.Open && now >= deadline)
            {
                builder[i] = builder[i] with { Status = AgreementItemStatus.Overdue, OverdueSince = deadline };
                changed = true;
            }
        }

        return changed ? builder.ToImmutable() : items;
    }

    /// <summary>Checks each item's owner against the parties and makes the items, numbered from <paramref name="first"/>.</summary>
    private async Task<ImmutableArray<AgreementItem>> ResolveItemsAsync(
        string communityId, string unitOrgId, IReadOnlyList<AgreementItemTerms> terms, int first, DateTimeOffset now)
    {
        var items = ImmutableArray.CreateBuilder<AgreementItem>(terms.Count);
        for (var i = 0; i < terms.Count; i++)
        {
            var item = terms[i];
            var party = await ResolvePartyAsync(communityId, unitOrgId, item, $"items[{i}]");
            items.Add(new AgreementItem(
                "i" + (first + i).ToString(CultureInfo.InvariantCulture), item.Title.Trim(), item.OwnerOrgId, item.OwnerMemberId, party, item.DueOn,
                AgreementItemStatus.Open, now));
        }

        return items.MoveToImmutable();
    }

    /// <summary>
    /// The side an item falls to: its owner organization (the community or the unit, nothing else), and
    /// its owner member's side by the member's organization of record (the unit or below it, the
    /// community or below it); both named, they must agree. Anything else is 422 <c>owner-not-a-party</c>.
    /// </summary>
    private async Task<AgreementParty> ResolvePartyAsync(string communityId, string unitOrgId, AgreementItemTerms item, string prefix)
    {
        AgreementParty? party = item.OwnerOrgId switch
        {
            null => null,
            var o when o == communityId => AgreementParty.Community,
            var o when o == unitOrgId => AgreementParty.Unit,
            _ => throw NotAParty(prefix + ".ownerOrgId", $"'{item.OwnerOrgId}' is neither community '{communityId}' nor unit '{unitOrgId}'."),
        };
        if (item.OwnerMemberId is not { } memberId)
        {
            return party!.Value;
        }

        var field = prefix + ".ownerMemberId";
        var member = await GrainFactory.GetGrain<IMemberGrain>(memberId).GetDetails()
            ?? throw new DomainException(DomainErrorKind.UnknownReference, DomainErrors.MemberNotFound, $"Member '{memberId}' does not exist.") { Field = field };
        if (!member.Status.IsAttached())
        {
            throw NotAParty(field, $"Member '{memberId}' is {WireNames<MemberStatus>.Name(member.Status)} and answers for nothing here.");
        }

        var side = await StationedUnits.LiesWithinAsync(GrainFactory, member.OrgId, unitOrgId) ? AgreementParty.Unit
            : await StationedUnits.LiesWithinAsync(GrainFactory, member.OrgId, communityId) ? AgreementParty.Community
            : throw NotAParty(field, $"Member '{memberId}' belongs (organization of record) to neither community '{communityId}' nor unit '{unitOrgId}'.");
        return party is null || party == side ? side
            : throw NotAParty(field, $"Member '{memberId}' belongs to the {WireNames<AgreementParty>.Name(side)}, not to '{item.OwnerOrgId}'.");
    }

    private static DomainException NotAParty(string field, string message) =>
        new(DomainErrorKind.UnknownReference, CoBuildingRules.OwnerNotAParty, message + " An item falls to a party of the agreement.") { Field = field };

    /// <summary>Registers the reminder for the earliest deadline of an open item, or removes it when none is open.</summary>
    private async Task ScheduleAsync(ImmutableArray<AgreementItem> items)
    {
        var open = items.Where(i => i.Status == AgreementItemStatus.Open).ToList();
        if (open.Count == 0 || State.TerminatedAt is not null)
        {
            await Deadline.ForgetAsync();
            return;
        }

        await Deadline.ScheduleAsync(CommitmentRules.Deadline(open.Min(i => i.DueOn)));
    }

    private void RequireExisting()
    {
        if (!Exists)
        {
            throw new DomainException(DomainErrorKind.NotFound, CoBuildingRules.AgreementNotFound, $"Agreement '{Id}' does not exist.");
        }
    }

    private void RequireInForce()
    {
        RequireExisting();
        if (State.TerminatedAt is not null)
        {
            throw new DomainException(DomainErrorKind.Conflict, CoBuildingRules.AgreementTerminated, $"Agreement '{Id}' was terminated; it takes no more changes.");
        }
    }

    private AgreementDetails Details() => new(
        Id, State.CommunityId, State.UnitOrgId, State.Title!, State.SignedOn,
        State.TerminatedAt is null ? AgreementStatus.Active : AgreementStatus.Terminated,
        State.CreatedAt, State.CreatedBy, State.Items, State.TerminatedAt, State.TerminationNote);
}
