using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace PartyActors.Grains;

/// <summary>
/// A project or wish. Claims are serialized by this grain (it is not reentrant), so the quota and the
/// one-claim-per-member rule hold exactly however many members claim at once. Like a member, it
/// sends its whole contribution to the publishing organization before it commits its own state
/// (docs/rollups.md, rule 1). A rating is committed before its points are awarded; an award that
/// fails is owed (the claim is rated with no points) and is paid on the next rating or activation,
/// idempotently, since the ledger knows each claim's source id.
/// </summary>
[GrainType("project")]
internal sealed class ProjectGrain(
    [PersistentState("project")] IPersistentState<ProjectState> store,
    TimeProvider time,
    ILogger<ProjectGrain> logger) : Grain, IProjectGrain, IRemindable
{
    private const string CloseReminder = "project-close";

    /// <summary>How often the close reminder re-checks once due, should closing fail.</summary>
    private static readonly TimeSpan CloseCheckPeriod = TimeSpan.FromMinutes(1);

    private bool _busy;

    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (store.State.Definition is not null && (CloseIsDue || store.State.Claims.Any(OwesPoints)))
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
            store.State.PublishedAt, [.. store.State.Claims]));
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

        var next = store.State.Copy();
        next.Claims[index] = claim with { Status = ClaimStatus.Completed, Minutes = minutes, CompletedAt = time.GetUtcNow() };
        await CommitAsync(next);
        return next.Claims[index];
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
        await PayOwedPointsAsync();
        return store.State.Claims[index];
    }

    public async Task Close()
    {
        RequireDefinition();
        if (!store.State.Closed)
        {
            var next = store.State.Copy();
            next.Closed = true;
            await CommitAsync(next);
        }

        if (await this.GetReminder(CloseReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != CloseReminder)
        {
            return;
        }

        if (store.State.Definition is null || store.State.Closed || CloseIsDue)
        {
            await Close();
        }
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

    private static bool OwesPoints(ProjectClaim claim) => claim.Status == ClaimStatus.Rated && claim.Points is null;

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (CloseIsDue)
            {
                await Close();
            }

            await PayOwedPointsAsync();
        }
        catch (Exception exception)
        {
            // The reminder or the next rating tries again.
            logger.LogWarning(exception, "Project {ProjectId} could not catch up.", Id);
        }
    }

    /// <summary>Awards every rated claim that has not had its points yet; a failure leaves it owed.</summary>
    private async Task PayOwedPointsAsync()
    {
        var definition = RequireDefinition();
        var owed = store.State.Claims.Where(OwesPoints).ToList();
        if (owed.Count == 0)
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
            logger.LogWarning(exception, "Project {ProjectId} could not read its points rules; it pays later.", Id);
            return;
        }

        foreach (var claim in owed)
        {
            var points = rules.Table.PointsFor(claim.Minutes ?? 0, definition.PointsPerHour);
            try
            {
                if (points != 0)
                {
                    var reason = definition.Title.Length > PointsRules.MaxReasonLength ? definition.Title[..PointsRules.MaxReasonLength] : definition.Title;
                    var receipt = await GrainFactory.GetGrain<IMemberGrain>(claim.MemberId)
                        .AwardPoints(new PointsAward(points, reason, PointsSources.Claim, $"{Id}/{claim.Id}", rules.Table.DailyCap));
                    points = receipt.Entry.Points;
                }

                var next = store.State.Copy();
                next.Claims[next.Claims.FindIndex(c => c.Id == claim.Id)] = claim with { Points = points };
                await CommitAsync(next);
            }
            catch (DomainException exception)
            {
                // A member who has left earns nothing: the claim is settled with no points.
                logger.LogWarning(exception, "Project {ProjectId} awards no points for claim {ClaimId}.", Id, claim.Id);
                var next = store.State.Copy();
                next.Claims[next.Claims.FindIndex(c => c.Id == claim.Id)] = claim with { Points = 0 };
                await CommitAsync(next);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Project {ProjectId} owes the points of claim {ClaimId}; it pays them later.", Id, claim.Id);
                return;
            }
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

            var committed = store.State;
            store.State = next;
            try
            {
                await store.WriteStateAsync();
            }
            catch
            {
                store.State = committed;
                DeactivateOnIdle();
                throw;
            }
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
