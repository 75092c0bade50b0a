using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PartyActors.Grains;

/// <summary>
/// A project or wish. Claims are serialized by this grain (it is not reentrant), so the quota and the
/// one-claim-per-member rule hold exactly however many members claim at once. Like a member, it
/// sends its whole contribution to the publishing organization before it commits its own state
/// (docs/rollups.md, rule 1). A rating is committed before its points are awarded; an award that
/// fails is owed (the claim is rated with no points) and is paid on the next rating or activation,
/// idempotently, since the ledger knows each claim's source id.
/// <para>
/// No-shows (未履约) follow the same pattern: <see cref="PointsOptions.NoShowGrace"/> after the close,
/// a durable deadline (a reminder, and a check on every activation) deducts the rule's
/// <c>noShowDeduction</c> from each member whose claim is still open, once per claim (source id
/// <c>{projectId}/{claimId}</c>), and records it on the claim; a claim completed after all gives it back.
/// </para>
/// </summary>
[GrainType("project")]
internal sealed class ProjectGrain(
    [PersistentState("project")] IPersistentState<ProjectState> store,
    TimeProvider time,
    IOptions<PointsOptions> pointsOptions,
    ILogger<ProjectGrain> logger) : Grain, IProjectGrain, IRemindable
{
    private const string CloseReminder = "project-close";

    private const string NoShowReminder = "project-no-show";

    /// <summary>How often the close reminder re-checks once due, should closing fail.</summary>
    private static readonly TimeSpan CloseCheckPeriod = TimeSpan.FromMinutes(1);

    /// <summary>How often the no-show reminder ticks again after the deadline while deductions are owed.</summary>
    private static readonly TimeSpan NoShowCheckPeriod = TimeSpan.FromHours(1);

    private bool _busy;

    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (store.State.Definition is not null && (CloseIsDue || store.State.Claims.Any(Owes)))
        {
            // A turn of its own: catching up calls the organization and members, which may be asking this project.
            this.RegisterGrainTimer(CatchUpAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        }

        return Task.CompletedTask;
    }

    public async Task Publish(ProjectDefinition definition)
    {
        var now = time.GetUtcNow();
        ProjectRules.Validate(definition, now);
        if (store.State.Definition is not null)
        {
            throw new DomainException(DomainErrorKind.Conflict, ProjectRules.ProjectExists, $"Project '{Id}' is already published.");
        }

        var org = await GrainFactory.GetGrain<IRollupNode>(definition.OrgId).GetChildRollup();
        if (!org.Exists)
        {
            throw new DomainException(DomainErrorKind.NotFound, DomainErrors.OrgNotFound, $"Organization '{definition.OrgId}' does not exist.") { Field = "orgId" };
        }

        if (definition.ClosesAt is { } closesAt)
        {
            // Registered before the state that depends on it (docs/runtime.md, deadlines).
            await this.RegisterOrUpdateReminder(CloseReminder, closesAt - now, CloseCheckPeriod);
        }

        await GrainFactory.GetGrain<IProjectIndexGrain>(definition.OrgId).Add(Id);
        var next = store.State.Copy();
        next.Definition = definition with { Title = definition.Title.Trim() };
        next.PublishedAt = now;
        await CommitAsync(next);
    }

    public Task<ProjectDetails?> GetDetails()
    {
        if (store.State.Definition is not { } d)
        {
            return Task.FromResult<ProjectDetails?>(null);
        }

        return Task.FromResult<ProjectDetails?>(new ProjectDetails(
            Id, d.OrgId, d.Title, d.Kind, d.Quota, d.PointsPerHour, d.ClosesAt, IsOpen ? ProjectStatus.Open : ProjectStatus.Closed,
            store.State.PublishedAt, [.. store.State.Claims], store.State.ClosedAt ?? (CloseIsDue ? d.ClosesAt : null)));
    }

    public async Task<ImmutableArray<string>> Claim(ImmutableArray<string> memberIds)
    {
        var definition = RequireDefinition();
        if (memberIds.IsDefaultOrEmpty || memberIds.Length > ProjectRules.MaxClaimsAtOnce || memberIds.Distinct(StringComparer.Ordinal).Count() != memberIds.Length)
        {
            throw DomainErrors.Invalid("memberIds", $"1 to {ProjectRules.MaxClaimsAtOnce} distinct member ids.");
        }

        if (!IsOpen)
        {
            throw new DomainException(DomainErrorKind.Conflict, ProjectRules.ProjectClosed, $"Project '{Id}' is closed.");
        }

        if (memberIds.FirstOrDefault(m => store.State.Claims.Any(c => c.MemberId == m)) is { } holder)
        {
            throw new DomainException(DomainErrorKind.Conflict, ProjectRules.DuplicateClaim, $"Member '{holder}' already holds a claim on project '{Id}'.");
        }

        if (store.State.Claims.Count + memberIds.Length > definition.Quota)
        {
            throw new DomainException(DomainErrorKind.Conflict, ProjectRules.QuotaFull,
                $"Project '{Id}' has {definition.Quota - store.State.Claims.Count} of {definition.Quota} places left.");
        }

        var members = await Task.WhenAll(memberIds.Select(m => GrainFactory.GetGrain<IMemberGrain>(m).GetDetails()));
        for (var i = 0; i < members.Length; i++)
        {
            if (members[i] is not { } member)
            {
                throw new DomainException(DomainErrorKind.NotFound, DomainErrors.MemberNotFound, $"Member '{memberIds[i]}' does not exist.") { Field = "memberId" };
            }

            if (!member.Status.IsAttached())
            {
                throw new DomainException(DomainErrorKind.Conflict, DomainErrors.MemberLeft, $"Member '{memberIds[i]}' is {member.Status} and cannot claim.");
            }
        }

        // Listed before the claim is committed, so a member's list of projects never misses one.
        await Task.WhenAll(memberIds.Select(m => GrainFactory.GetGrain<IMemberProjectsGrain>(m).Add(Id)));
        var now = time.GetUtcNow();
        var next = store.State.Copy();
        var ids = memberIds.Select((memberId, i) => $"c{store.State.Claims.Count + i + 1}").ToImmutableArray();
        next.Claims.AddRange(memberIds.Select((memberId, i) => new ProjectClaim(ids[i], memberId, ClaimStatus.Claimed, now)));
        await CommitAsync(next);
        return ids;
    }

    public async Task<ProjectClaim> Complete(string claimId, int minutes)
    {
        ProjectRules.Throw("minutes", ProjectRules.CheckMinutes(minutes));
        var (index, claim) = RequireClaim(claimId);
        if (claim.Status != ClaimStatus.Claimed)
        {
            throw new DomainException(DomainErrorKind.Conflict, ProjectRules.ClaimCompleted, $"Claim '{claimId}' is already completed.");
        }

        if (OwesNoShow(claim))
        {
            // Past the deadline, the no-show stands first, so that the completion gives back exactly
            // what the ledger took (it may have taken it already, before a crash).
            await SettleClaimAsync(claim, await PointsRuleResolver.ResolveAsync(GrainFactory, store.State.Definition!.OrgId));
            claim = store.State.Claims[index];
        }

        var next = store.State.Copy();
        next.Claims[index] = claim with { Status = ClaimStatus.Completed, Minutes = minutes, CompletedAt = time.GetUtcNow() };
        await CommitAsync(next);
        await SettleAsync();
        return store.State.Claims[index];
    }

    public async Task<ProjectClaim> Rate(string claimId, int stars)
    {
        ProjectRules.Throw("stars", ProjectRules.CheckStars(stars));
        var (index, claim) = RequireClaim(claimId);
        switch (claim.Status)
        {
            case ClaimStatus.Claimed:
                throw new DomainException(DomainErrorKind.Conflict, ProjectRules.ClaimNotCompleted, $"Claim '{claimId}' is not completed yet.");
            case ClaimStatus.Rated:
                throw new DomainException(DomainErrorKind.Conflict, ProjectRules.AlreadyRated, $"Claim '{claimId}' is already rated.");
        }

        var next = store.State.Copy();
        next.Claims[index] = claim with { Status = ClaimStatus.Rated, Stars = stars, RatedAt = time.GetUtcNow() };
        await CommitAsync(next);
        await SettleAsync();
        return store.State.Claims[index];
    }

    public async Task Close()
    {
        var definition = RequireDefinition();
        if (!store.State.Closed)
        {
            // Closed by its closesAt, it closed then, however late the reminder or the activation comes.
            var closedAt = CloseIsDue ? definition.ClosesAt!.Value : time.GetUtcNow();
            if (store.State.Claims.Any(c => c.Status == ClaimStatus.Claimed))
            {
                // Registered before the state that depends on it (docs/runtime.md, deadlines).
                await ScheduleNoShowsAsync(closedAt + pointsOptions.Value.NoShowGrace);
            }

            var next = store.State.Copy();
            next.Closed = true;
            next.ClosedAt = closedAt;
            await CommitAsync(next);
            await SettleAsync();
        }

        if (await this.GetReminder(CloseReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        switch (reminderName)
        {
            case CloseReminder when store.State.Definition is null || store.State.Closed || CloseIsDue:
                await Close();
                break;
            case NoShowReminder when store.State.Definition is not null && NoShowDeadline is { } deadline && time.GetUtcNow() < deadline:
                // The first wait is capped: register again for the time left.
                await ScheduleNoShowsAsync(deadline);
                break;
            case NoShowReminder:
                if (store.State.Definition is not null)
                {
                    await SettleAsync();
                }

                if (store.State.Definition is null || !store.State.Claims.Any(Owes))
                {
                    await ForgetReminderAsync(NoShowReminder);
                }

                break;
        }
    }

    public async Task<bool> Relocate(string fromOrgId, string toOrgId)
    {
        ArgumentException.ThrowIfNullOrEmpty(fromOrgId);
        ArgumentException.ThrowIfNullOrEmpty(toOrgId);
        if (store.State.Definition is not { } definition || definition.OrgId != fromOrgId || fromOrgId == toOrgId)
        {
            return false;
        }

        // Listed and counted at the new organization before the project names it, let go at the old one after (rule 1).
        await GrainFactory.GetGrain<IProjectIndexGrain>(toOrgId).Add(Id);
        var next = store.State.Copy();
        next.Definition = definition with { OrgId = toOrgId };
        next.Version = store.State.Version + 1;
        _busy = true;
        try
        {
            await GrainFactory.GetGrain<IRollupNode>(toOrgId).ApplyContribution(ContributionOf(next));
            await store.ReplaceOrDeactivateAsync(this, next);
        }
        finally
        {
            _busy = false;
        }

        try
        {
            await GrainFactory.GetGrain<IRollupNode>(fromOrgId).ApplyContribution(
                new Contribution(new SourceKey(SourceKind.Project, Id), RollupCounters.Zero, SourceTies.None, next.Version));
            await GrainFactory.GetGrain<IProjectIndexGrain>(fromOrgId).Remove(Id);
        }
        catch (Exception exception)
        {
            // The old organization's reconciliation asks this project and drops it; its list skips projects published elsewhere.
            logger.LogWarning(exception, "Project {ProjectId} could not leave {OrgId}.", Id, fromOrgId);
        }

        logger.LogInformation("Project {ProjectId} relocated from {FromOrgId} to {ToOrgId}.", Id, fromOrgId, toOrgId);
        return true;
    }

    public Task<ContributionReport> GetContribution(string orgId)
    {
        if (_busy)
        {
            return Task.FromResult(new ContributionReport(Busy: true, null));
        }

        var contribution = store.State.Definition?.OrgId == orgId ? ContributionOf(store.State) : null;
        return Task.FromResult(new ContributionReport(Busy: false, contribution is { IsEmpty: false } ? contribution : null));
    }

    private bool IsOpen => !store.State.Closed && !CloseIsDue;

    private bool CloseIsDue => !store.State.Closed && store.State.Definition?.ClosesAt is { } closesAt && time.GetUtcNow() >= closesAt;

    /// <summary>When claims still open become no-shows: <see cref="PointsOptions.NoShowGrace"/> after the close; null while open (and for projects closed before the close time was kept, which owe nothing).</summary>
    private DateTimeOffset? NoShowDeadline => store.State.ClosedAt is { } closedAt ? closedAt + pointsOptions.Value.NoShowGrace : null;

    private static bool OwesPoints(ProjectClaim claim) => claim.Status == ClaimStatus.Rated && claim.Points is null;

    /// <summary>A claim still open at the no-show deadline whose deduction is not recorded yet.</summary>
    private bool OwesNoShow(ProjectClaim claim) =>
        claim.Status == ClaimStatus.Claimed && claim.NoShowPoints is null && NoShowDeadline is { } deadline && time.GetUtcNow() >= deadline;

    /// <summary>A claim charged as a no-show and completed after all: the deduction is owed back.</summary>
    private static bool OwesNoShowBack(ProjectClaim claim) => claim.Status != ClaimStatus.Claimed && claim.NoShowPoints < 0;

    private bool Owes(ProjectClaim claim) => OwesPoints(claim) || OwesNoShow(claim) || OwesNoShowBack(claim);

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (CloseIsDue)
            {
                await Close();
            }

            await SettleAsync();
        }
        catch (Exception exception)
        {
            // The reminders or the next rating try again.
            logger.LogWarning(exception, "Project {ProjectId} could not catch up.", Id);
        }
    }

    /// <summary>
    /// Settles what every claim owes the ledger (a rating's points, a no-show's deduction, a no-show
    /// given back), by the rules that apply now; a failure leaves the rest owed for the next rating,
    /// completion, reminder tick or activation.
    /// </summary>
    private async Task SettleAsync()
    {
        var definition = RequireDefinition();
        if (!store.State.Claims.Any(Owes))
        {
            return;
        }

        EffectivePointsRules rules;
        try
        {
            rules = await PointsRuleResolver.ResolveAsync(GrainFactory, definition.OrgId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Project {ProjectId} could not read its points rules; it settles later.", Id);
            return;
        }

        foreach (var claim in store.State.Claims.Where(Owes).ToList())
        {
            try
            {
                await SettleClaimAsync(claim, rules);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Project {ProjectId} owes the ledger for claim {ClaimId}; it settles later.", Id, claim.Id);
                return;
            }
        }
    }

    /// <summary>
    /// Settles one claim, each step an idempotent ledger entry (source and source id) then the claim's
    /// record of it: the no-show's deduction, the no-show given back, the rating's points.
    /// </summary>
    private async Task SettleClaimAsync(ProjectClaim claim, EffectivePointsRules rules)
    {
        var definition = store.State.Definition!;
        var sourceId = $"{Id}/{claim.Id}";
        if (OwesNoShow(claim))
        {
            var points = await RecordAsync(claim.MemberId, -rules.Table.NoShowDeduction, "未履约 no-show: ", PointsSources.NoShow, sourceId, null);
            claim = await UpdateClaimAsync(claim with { NoShowPoints = points });
            logger.LogInformation("Project {ProjectId}: claim {ClaimId} of member {MemberId} is a no-show ({Points} points).", Id, claim.Id, claim.MemberId, points);
        }

        if (OwesNoShowBack(claim))
        {
            // A member who has left has nothing to be given back: settled all the same.
            await RecordAsync(claim.MemberId, -claim.NoShowPoints!.Value, "补记完成 no-show reversed: ", PointsSources.NoShowReversal, sourceId, null);
            claim = await UpdateClaimAsync(claim with { NoShowPoints = 0 });
        }

        if (OwesPoints(claim))
        {
            var points = await RecordAsync(claim.MemberId, rules.Table.PointsFor(claim.Minutes ?? 0, definition.PointsPerHour), "", PointsSources.Claim, sourceId, rules.Table.DailyCap);
            await UpdateClaimAsync(claim with { Points = points });
        }
    }

    /// <summary>
    /// Records an entry in the member's ledger and answers its points (a repeat answers the first
    /// entry's); 0 when there is nothing to record, or the member can earn or lose nothing (it has left).
    /// </summary>
    private async Task<int> RecordAsync(string memberId, int points, string prefix, string source, string sourceId, int? dailyCap)
    {
        if (points == 0)
        {
            return 0;
        }

        var title = store.State.Definition!.Title;
        var reason = prefix + title;
        reason = reason.Length > PointsRules.MaxReasonLength ? reason[..PointsRules.MaxReasonLength] : reason;
        try
        {
            var receipt = await GrainFactory.GetGrain<IMemberGrain>(memberId).AwardPoints(new PointsAward(points, reason, source, sourceId, dailyCap));
            return receipt.Entry.Points;
        }
        catch (DomainException exception)
        {
            logger.LogWarning(exception, "Project {ProjectId} records no {Source} entry for member {MemberId}.", Id, source, memberId);
            return 0;
        }
    }

    private async Task<ProjectClaim> UpdateClaimAsync(ProjectClaim claim)
    {
        var next = store.State.Copy();
        next.Claims[next.Claims.FindIndex(c => c.Id == claim.Id)] = claim;
        await CommitAsync(next);
        return claim;
    }

    /// <summary>
    /// Registers the no-show reminder to tick at <paramref name="deadline"/>, its first wait capped as
    /// every deadline reminder's is (<see cref="DeadlineReminder.FirstWait"/>); an early tick registers it again.
    /// </summary>
    private Task ScheduleNoShowsAsync(DateTimeOffset deadline) =>
        this.RegisterOrUpdateReminder(NoShowReminder, DeadlineReminder.FirstWait(deadline, time.GetUtcNow()), NoShowCheckPeriod);

    private async Task ForgetReminderAsync(string name)
    {
        try
        {
            if (await this.GetReminder(name) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception exception)
        {
            // Its next tick finds nothing to do and tries again.
            logger.LogWarning(exception, "Project {ProjectId} could not remove its reminder {Reminder}.", Id, name);
        }
    }

    /// <summary>Sends the contribution of <paramref name="next"/> if it changed, then commits; restores it if the write fails.</summary>
    private async Task CommitAsync(ProjectState next)
    {
        next.Version = store.State.Version + 1;
        var before = ContributionOf(store.State) with { Version = next.Version };
        var after = ContributionOf(next);
        var orgId = next.Definition!.OrgId;
        var node = GrainFactory.GetGrain<IRollupNode>(orgId);
        var sent = false;
        _busy = true;
        try
        {
            if (store.State.Definition is null || before.Counters != after.Counters)
            {
                sent = true;
                await node.ApplyContribution(after);
            }

            await store.ReplaceOrDeactivateAsync(this, next);
        }
        catch
        {
            if (sent)
            {
                try
                {
                    await node.ApplyContribution(before);
                }
                catch (Exception exception)
                {
                    logger.LogWarning(exception, "Project {ProjectId} could not restore its contribution to {OrgId}.", Id, orgId);
                }
            }

            throw;
        }
        finally
        {
            _busy = false;
        }
    }

    private Contribution ContributionOf(ProjectState state)
    {
        var completed = state.Claims.Where(c => c.Status != ClaimStatus.Claimed).ToList();
        var open = state.Definition is not null && !state.Closed;
        return new Contribution(new SourceKey(SourceKind.Project, Id), RollupCounters.From(
            (Metric.ProjectsOpen, open ? 1 : 0),
            (Metric.ClaimsCompleted, completed.Count),
            (Metric.VolunteerMinutes, completed.Sum(c => (long)(c.Minutes ?? 0)))), SourceTies.None, state.Version);
    }

    private ProjectDefinition RequireDefinition() => store.State.Definition
        ?? throw new DomainException(DomainErrorKind.NotFound, ProjectRules.ProjectNotFound, $"Project '{Id}' does not exist.");

    private (int Index, ProjectClaim Claim) RequireClaim(string claimId)
    {
        RequireDefinition();
        var index = store.State.Claims.FindIndex(c => c.Id == claimId);
        return index < 0
            ? throw new DomainException(DomainErrorKind.NotFound, ProjectRules.ClaimNotFound, $"Project '{Id}' has no claim '{claimId}'.")
            : (index, store.State.Claims[index]);
    }
}
