using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PartyActors.Grains;

/// <summary>
/// One split or merge (docs/reshaping.md). Accepting validates the whole order, reserves the
/// organizations (one reshape at a time on each), registers the reminder and writes the plan (a row
/// of its own, written once) and then the accepted state, in that order: a crash before the state is
/// written leaves a reservation the next reshape takes over and a reminder that finds nothing and
/// goes. Then the steps run in order, the moves and relocations up to
/// <see cref="ReshapeOptions.Parallelism"/> at once (each started as another ends), the progress
/// written every that many steps while the next ones run; every step is idempotent (a move to where
/// the organization already is, a relocation of a source no longer tied to the old community, a
/// lineage link already recorded change nothing), so a crash repeats fewer than twice that many. The
/// reminder resumes a run that a crash or a failing store stopped; an activation resumes it too.
/// </summary>
[GrainType("reshape")]
internal sealed class ReshapeGrain(
    [PersistentState("reshape")] IPersistentState<ReshapeState> store,
    [PersistentState("reshape-plan")] IPersistentState<ReshapePlan> plan,
    TimeProvider time,
    IOptions<ReshapeOptions> options,
    ILogger<ReshapeGrain> logger) : Grain, IReshapeGrain, IRemindable
{
    private const string ResumeReminder = "reshape-resume";

    /// <summary>Deeper ancestor chains than this mean a damaged tree, not a deep one.</summary>
    private const int MaxDepth = 256;

    private readonly ReshapeOptions _options = options.Value;
    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;

    private string Id => this.GetPrimaryKeyString();

    private ReshapeState State => store.State;

    private List<ReshapeStep> Steps => plan.State.Steps;

    /// <summary>Where everything goes: the new community of a split, the surviving one of a merge.</summary>
    private string Destination => State.Kind == ReshapeKind.Split ? State.OtherOrgId : State.OrgId;

    /// <summary>Where everything comes from: the split community, or the absorbed one.</summary>
    private string Origin => State.Kind == ReshapeKind.Split ? State.OrgId : State.OtherOrgId;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Steps.Count > 0 && Steps.Count == 0)
        {
            // A record from before the plan had a row of its own: the plan moves there, once.
            plan.State.Split = State.Split;
            plan.State.Steps = State.Steps;
            await plan.WriteStateAsync(cancellationToken);
            State.Split = null;
            State.Steps = [];
            await store.WriteStateAsync(cancellationToken);
        }

        EnsureRunning();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The batch in flight finishes and is written, so the next activation repeats less.
        await _stopping.CancelAsync();
        try
        {
            await _running.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Reshape {ReshapeId} was deactivated mid-batch; the batch runs again on resume.", Id);
        }

        _stopping.Dispose();
    }

    public async Task<ReshapeProgress> Split(SplitOrder order, string by)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (State.Kind is not null)
        {
            return plan.State.Split is { } accepted && SameOrder(accepted, order) ? Progress() : throw Taken();
        }

        var org = await ValidateSplitAsync(order);
        var steps = new List<ReshapeStep> { new(ReshapeAction.CreateOrg, order.NewOrgId) };
        steps.AddRange(order.GridIds.Select(id => new ReshapeStep(ReshapeAction.MoveChild, id)));
        steps.AddRange(order.MemberIds.Select(id => new ReshapeStep(ReshapeAction.Relocate, new SourceKey(SourceKind.Member, id).ToString())));
        steps.AddRange(order.Items.Select(key => new ReshapeStep(ReshapeAction.Relocate, key.ToString())));
        steps.Add(new ReshapeStep(ReshapeAction.Lineage, order.NewOrgId));
        return await AcceptAsync(ReshapeKind.Split, order.OrgId, order.NewOrgId, org.Kind, order, steps, by);
    }

    public async Task<ReshapeProgress> Merge(MergeOrder order, string by)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (State.Kind is not null)
        {
            return State.Kind == ReshapeKind.Merge && State.OrgId == order.OrgId && State.OtherOrgId == order.FromOrgId ? Progress() : throw Taken();
        }

        var (into, from) = await ValidateMergeAsync(order);
        var steps = new List<ReshapeStep>();
        steps.AddRange(from.ChildIds.Select(id => new ReshapeStep(ReshapeAction.MoveChild, id)));
        foreach (var kind in ReshapeRules.RelocatedKinds)
        {
            var ids = await Org(from.Id).GetSourceIds(kind);
            steps.AddRange(ids.Select(id => new ReshapeStep(ReshapeAction.Relocate, new SourceKey(kind, id).ToString())));
        }

        steps.Add(new ReshapeStep(ReshapeAction.Dissolve, from.Id));
        steps.Add(new ReshapeStep(ReshapeAction.Lineage, from.Id));
        return await AcceptAsync(ReshapeKind.Merge, into.Id, from.Id, into.Kind, split: null, steps, by);
    }

    public Task<ReshapeProgress?> GetProgress() => Task.FromResult(State.Kind is null ? null : Progress());

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (State.Kind is null || State.Status != ReshapeStatus.Running)
        {
            // Nothing was accepted (the plan's write failed), or it is finished.
            await ForgetReminderAsync();
            return;
        }

        EnsureRunning();
    }

    private async Task<ReshapeProgress> AcceptAsync(
        ReshapeKind kind, string orgId, string otherOrgId, OrganizationKind orgKind, SplitOrder? split, List<ReshapeStep> steps, string by)
    {
        var reserved = new List<string>();
        try
        {
            foreach (var id in new[] { orgId, otherOrgId })
            {
                await Lineage(id).Reserve(Id);
                reserved.Add(id);
            }

            // The reminder first: a crash before the state is written leaves a tick that finds nothing and goes.
            await this.RegisterOrUpdateReminder(ResumeReminder, _options.ResumePeriod, _options.ResumePeriod);
            plan.State.Split = split;
            plan.State.Steps = steps;
            await plan.WriteStateAsync();
            State.Kind = kind;
            State.OrgId = orgId;
            State.OtherOrgId = otherOrgId;
            State.OrgKind = orgKind;
            State.Split = null;
            State.Steps = [];
            State.Done = 0;
            State.Errors = [];
            State.Status = ReshapeStatus.Running;
            State.By = by;
            State.AcceptedAt = time.GetUtcNow();
            await store.WriteStateAsync();
        }
        catch
        {
            State.Kind = null;
            foreach (var id in reserved)
            {
                await TryReleaseAsync(id);
            }

            DeactivateOnIdle();
            throw;
        }

        logger.LogInformation("Reshape {ReshapeId} accepted: {Kind} of {OrgId} and {OtherOrgId} by {By}, {Steps} steps.", Id, kind, orgId, otherOrgId, by, steps.Count);
        EnsureRunning();
        return Progress();
    }

    private async Task<OrganizationDetails> ValidateSplitAsync(SplitOrder order)
    {
        Check(Ids.IsValid(order.OrgId), "orgId", "Ids are " + Ids.Rule + ".");
        Check(Ids.IsValid(order.NewOrgId), "newOrg.id", "Ids are " + Ids.Rule + ".");
        Check(order.NewParentId is null || Ids.IsValid(order.NewParentId), "newOrg.parentId", "Ids are " + Ids.Rule + ".");
        Check(OrganizationRules.CheckName(order.NewOrgName) is null, "newOrg.name", OrganizationRules.CheckName(order.NewOrgName) ?? "");
        CheckIds("gridIds", order.GridIds.Select(id => id));
        CheckIds("memberIds", order.MemberIds.Select(id => id));
        CheckIds("moveItems", order.Items.Select(key => key.ToString()));
        Check(order.GridIds.Length + order.MemberIds.Length + order.Items.Length > 0, "gridIds", "A split moves at least one grid, member or item.");
        foreach (var key in order.Items)
        {
            Check(ReshapeRules.IsMovableItem(key.Kind) && Ids.IsValid(key.Id), "moveItems",
                $"'{key}' is not an item that follows a split: members are named in memberIds, organizational life stays.");
        }

        var org = await Org(order.OrgId).GetDetails()
            ?? throw new DomainException(DomainErrorKind.NotFound, DomainErrors.OrgNotFound, $"Organization '{order.OrgId}' does not exist.");
        EnsureReshapable(org, "orgId");
        if ((await Node(order.NewOrgId).GetChildRollup()).Exists)
        {
            throw new DomainException(DomainErrorKind.Conflict, ReshapeRules.OrgExists, $"Organization '{order.NewOrgId}' exists already; the new community needs an id of its own.") { Field = "newOrg.id" };
        }

        if ((order.NewParentId ?? org.ParentId) is { } parentId)
        {
            var parent = await Node(parentId).GetChildRollup();
            if (!parent.Exists)
            {
                throw new DomainException(DomainErrorKind.UnknownReference, DomainErrors.ParentNotFound, $"Parent organization '{parentId}' does not exist.") { Field = "newOrg.parentId" };
            }

            if (await IsBelowOrSelfAsync(parentId, org.Id))
            {
                throw new DomainException(DomainErrorKind.UnknownReference, ReshapeRules.Nested,
                    $"The new community cannot go under '{parentId}', which lies in the community being split.") { Field = "newOrg.parentId" };
            }
        }

        var grids = await Task.WhenAll(order.GridIds.Select(id => Node(id).GetChildRollup()));
        foreach (var grid in grids)
        {
            if (!grid.Exists)
            {
                throw new DomainException(DomainErrorKind.UnknownReference, DomainErrors.GridNotFound, $"Grid '{grid.ChildId}' does not exist.") { Field = "gridIds" };
            }

            if (grid.Kind != OrganizationKind.Grid)
            {
                throw new DomainException(DomainErrorKind.UnknownReference, DomainErrors.NotAGrid, $"Organization '{grid.ChildId}' is not a grid.") { Field = "gridIds" };
            }

            if (grid.ParentId != org.Id)
            {
                throw new DomainException(DomainErrorKind.UnknownReference, ReshapeRules.NotAChild, $"Grid '{grid.ChildId}' is not a grid of '{org.Id}'.") { Field = "gridIds" };
            }
        }

        var ofRecord = (await Org(org.Id).GetMembersOfRecord()).ToHashSet(StringComparer.Ordinal);
        if (order.MemberIds.FirstOrDefault(id => !ofRecord.Contains(id)) is { } stranger)
        {
            throw new DomainException(DomainErrorKind.UnknownReference, ReshapeRules.NotOfRecord, $"Member '{stranger}' is not of record at '{org.Id}'.") { Field = "memberIds" };
        }

        foreach (var group in order.Items.GroupBy(key => key.Kind))
        {
            var here = (await Org(org.Id).GetSourceIds(group.Key)).ToHashSet(StringComparer.Ordinal);
            if (group.Where(key => !here.Contains(key.Id)).Select(key => key.ToString()).FirstOrDefault() is { } missing)
            {
                throw new DomainException(DomainErrorKind.UnknownReference, ReshapeRules.ItemNotHere, $"Item '{missing}' is not counted at '{org.Id}'.") { Field = "moveItems" };
            }
        }

        return org;
    }

    private async Task<(OrganizationDetails Into, OrganizationDetails From)> ValidateMergeAsync(MergeOrder order)
    {
        Check(Ids.IsValid(order.OrgId), "orgId", "Ids are " + Ids.Rule + ".");
        Check(Ids.IsValid(order.FromOrgId), "fromOrgId", "Ids are " + Ids.Rule + ".");
        if (order.OrgId == order.FromOrgId)
        {
            throw new DomainException(DomainErrorKind.Invalid, ReshapeRules.SameOrg, "An organization does not merge with itself.") { Field = "fromOrgId" };
        }

        var into = await Org(order.OrgId).GetDetails()
            ?? throw new DomainException(DomainErrorKind.NotFound, DomainErrors.OrgNotFound, $"Organization '{order.OrgId}' does not exist.");
        var from = await Org(order.FromOrgId).GetDetails()
            ?? throw new DomainException(DomainErrorKind.UnknownReference, DomainErrors.OrgNotFound, $"Organization '{order.FromOrgId}' does not exist.") { Field = "fromOrgId" };
        EnsureReshapable(into, "orgId");
        EnsureReshapable(from, "fromOrgId");
        if (into.Kind != from.Kind)
        {
            throw new DomainException(DomainErrorKind.UnknownReference, ReshapeRules.KindMismatch,
                $"'{from.Id}' is a {WireNames<OrganizationKind>.Name(from.Kind)} and '{into.Id}' a {WireNames<OrganizationKind>.Name(into.Kind)}; only organizations of one kind merge.") { Field = "fromOrgId" };
        }

        if (await IsBelowOrSelfAsync(into.Id, from.Id) || await IsBelowOrSelfAsync(from.Id, into.Id))
        {
            throw new DomainException(DomainErrorKind.UnknownReference, ReshapeRules.Nested,
                $"'{from.Id}' and '{into.Id}' lie one below the other; move one out before merging.") { Field = "fromOrgId" };
        }

        return (into, from);
    }

    private static void EnsureReshapable(OrganizationDetails org, string field)
    {
        if (!ReshapeRules.IsReshapable(org.Kind))
        {
            throw new DomainException(DomainErrorKind.UnknownReference, ReshapeRules.NotReshapable,
                $"Organization '{org.Id}' is a {WireNames<OrganizationKind>.Name(org.Kind)}: communities and villages are split and merged; grids are moved with PUT, other levels re-parented.") { Field = field };
        }
    }

    private static void Check(bool ok, string field, string message)
    {
        if (!ok)
        {
            throw new DomainException(DomainErrorKind.Invalid, "invalid-field", message) { Field = field };
        }
    }

    private static void CheckIds(string field, IEnumerable<string> ids)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            Check(seen.Add(id), field, $"'{id}' is named twice.");
            Check(seen.Count <= ReshapeRules.MaxNamed, field, $"A split names at most {ReshapeRules.MaxNamed} of each.");
        }
    }

    private async Task<bool> IsBelowOrSelfAsync(string orgId, string ancestorId)
    {
        string? current = orgId;
        for (var depth = 0; current is not null && depth < MaxDepth; depth++)
        {
            if (current == ancestorId)
            {
                return true;
            }

            current = await Node(current).GetParentId();
        }

        return false;
    }

    private void EnsureRunning()
    {
        if (State.Kind is not null && State.Status == ReshapeStatus.Running && _running.IsCompleted && !_stopping.IsCancellationRequested)
        {
            _running = RunAsync();
        }
    }

    private async Task RunAsync()
    {
        // Out of the turn that started it: the caller gets its answer first.
        await Task.Yield();
        try
        {
            while (State.Status == ReshapeStatus.Running && !_stopping.IsCancellationRequested)
            {
                if (State.Done >= Steps.Count)
                {
                    await FinishAsync(ReshapeStatus.Completed);
                    return;
                }

                var first = Steps[State.Done];
                if (first.Action is ReshapeAction.MoveChild or ReshapeAction.Relocate)
                {
                    await RunManyAsync(first.Action);
                }
                else
                {
                    if (await RunStepAsync(first) is { } error)
                    {
                        State.Errors.Add(error);
                    }

                    State.Done++;
                    await store.WriteStateAsync();
                }
            }
        }
        catch (ReshapeFailedException failed)
        {
            logger.LogWarning("Reshape {ReshapeId} failed at {Step}: {Message}", Id, failed.Error.Step, failed.Error.Message);
            State.Errors.Add(failed.Error);
            await TryAsync(() => FinishAsync(ReshapeStatus.Failed));
        }
        catch (Exception exception)
        {
            // A store or silo that failed for a moment: the reminder resumes from the last batch written.
            logger.LogWarning(exception, "Reshape {ReshapeId} stopped at step {Done} of {Total}; its reminder resumes it.", Id, State.Done, Steps.Count);
        }
    }

    /// <summary>
    /// Runs the steps from <see cref="ReshapeState.Done"/> that share <paramref name="action"/> (the
    /// moves, or the relocations: none waits for another) up to <see cref="ReshapeOptions.Parallelism"/>
    /// at once, each started as soon as one ends, so no step waits for the slowest of a batch nor for
    /// a write. The progress (the steps ended in order from the first, and their errors) is written
    /// every that many steps while the others run on, so a crash repeats fewer than twice that many;
    /// the state changes only between writes.
    /// </summary>
    private async Task RunManyAsync(ReshapeAction action)
    {
        var end = State.Done;
        while (end < Steps.Count && Steps[end].Action == action)
        {
            end++;
        }

        var ended = new Dictionary<int, ReshapeError?>();
        var errors = new List<ReshapeError>();
        var running = new List<Task<(int Index, ReshapeError? Error)>>();
        var next = State.Done;
        var done = State.Done;
        try
        {
            while (done < end)
            {
                // Never more than twice Parallelism steps past the progress written: a slow step holds the rest back that far.
                while (next < end && running.Count < _options.Parallelism && next < State.Done + 2 * _options.Parallelism && !_stopping.IsCancellationRequested)
                {
                    running.Add(RunStepAtAsync(next++));
                }

                if (running.Count == 0)
                {
                    // Stopping: what ended is written below.
                    break;
                }

                var first = await Task.WhenAny(running);
                running.Remove(first);
                var (index, error) = await first;
                ended[index] = error;
                while (ended.Remove(done, out var endedError))
                {
                    if (endedError is not null)
                    {
                        errors.Add(endedError);
                    }

                    done++;
                }

                if (done - State.Done >= _options.Parallelism)
                {
                    await CheckpointAsync(done, errors);
                }
            }
        }
        catch
        {
            // A step or a write failed: the others end before the run stops, so a resumed run never meets them.
            var rest = Task.WhenAll(running);
            await Task.WhenAny(rest);
            _ = rest.Exception;
            throw;
        }

        if (done > State.Done)
        {
            await CheckpointAsync(done, errors);
        }
    }

    private async Task<(int Index, ReshapeError? Error)> RunStepAtAsync(int index) => (index, await RunStepAsync(Steps[index]));

    /// <summary>Records that the steps before <paramref name="done"/> ended, with <paramref name="errors"/>, and writes it.</summary>
    private async Task CheckpointAsync(int done, List<ReshapeError> errors)
    {
        State.Errors.AddRange(errors);
        errors.Clear();
        State.Done = done;
        await store.WriteStateAsync();
    }

    /// <summary>Runs one step: null when done (or done before), an error when it could not be done and the reshape goes on without it.</summary>
    private async Task<ReshapeError?> RunStepAsync(ReshapeStep step)
    {
        switch (step.Action)
        {
            case ReshapeAction.CreateOrg:
                await CreateOrgAsync();
                return null;
            case ReshapeAction.MoveChild:
                return await MoveChildAsync(step.Target);
            case ReshapeAction.Relocate:
                return await RelocateAsync(SourceKey.Parse(step.Target));
            case ReshapeAction.Dissolve:
                await DissolveAsync();
                return null;
            default:
                await RecordLineageAsync();
                return null;
        }
    }

    private async Task CreateOrgAsync()
    {
        var split = plan.State.Split!;
        var parentId = split.NewParentId ?? await Node(split.OrgId).GetParentId();
        var current = await Node(split.NewOrgId).GetChildRollup();
        if (current.Exists)
        {
            if (current.ParentId == parentId && current.Kind == State.OrgKind)
            {
                // Created by this step before a crash.
                return;
            }

            throw new ReshapeFailedException(new ReshapeError("create-org", ReshapeRules.OrgExists,
                $"Organization '{split.NewOrgId}' was created elsewhere meanwhile; nothing was moved."));
        }

        try
        {
            await Tree.Place(split.NewOrgId, new OrganizationDefinition(split.NewOrgName, State.OrgKind, parentId));
        }
        catch (DomainException refused)
        {
            throw new ReshapeFailedException(new ReshapeError("create-org", refused.Code, refused.Message));
        }
    }

    private async Task<ReshapeError?> MoveChildAsync(string childId)
    {
        var child = await Node(childId).GetChildRollup();
        if (child.Exists && child.ParentId == Destination)
        {
            return null;
        }

        if (!child.Exists || child.ParentId != Origin)
        {
            return new ReshapeError("move:" + childId, child.Exists ? ReshapeRules.NotAChild : DomainErrors.OrgNotFound,
                $"'{childId}' is no longer under '{Origin}' (moved or dissolved meanwhile); left where it is.");
        }

        try
        {
            await Tree.Place(childId, new OrganizationDefinition(child.Name, child.Kind, Destination));
            return null;
        }
        catch (DomainException refused)
        {
            return new ReshapeError("move:" + childId, refused.Code, refused.Message);
        }
    }

    private async Task<ReshapeError?> RelocateAsync(SourceKey key)
    {
        try
        {
            await SourceGrains.Relocatable(GrainFactory, key).Relocate(Origin, Destination);
            return null;
        }
        catch (DomainException refused)
        {
            return new ReshapeError("relocate:" + key, refused.Code, refused.Message);
        }
    }

    /// <summary>
    /// Merge: relocates whatever tied itself to the absorbed community since the plan (a member
    /// transferred in, a request filed there) and moves children created there, then dissolves it;
    /// again while something arrives in between, up to <see cref="ReshapeOptions.DissolveAttempts"/>.
    /// </summary>
    private async Task DissolveAsync()
    {
        var fromId = State.OtherOrgId;
        for (var attempt = 1; ; attempt++)
        {
            if (await Org(fromId).GetDetails() is not { } from)
            {
                // Dissolved by this step before a crash.
                return;
            }

            var late = new List<ReshapeStep>();
            late.AddRange(from.ChildIds.Select(id => new ReshapeStep(ReshapeAction.MoveChild, id)));
            foreach (var kind in ReshapeRules.RelocatedKinds)
            {
                late.AddRange((await Org(fromId).GetSourceIds(kind)).Select(id => new ReshapeStep(ReshapeAction.Relocate, new SourceKey(kind, id).ToString())));
            }

            foreach (var chunk in late.Chunk(_options.Parallelism))
            {
                State.Errors.AddRange((await Task.WhenAll(chunk.Select(RunStepAsync))).OfType<ReshapeError>());
            }

            try
            {
                await Tree.Dissolve(fromId);
                return;
            }
            catch (DomainException refused) when (attempt < _options.DissolveAttempts &&
                refused.Code is DomainErrors.HasChildren or DomainErrors.HasMembers or DomainErrors.ConcurrentChange or OrganizationReportInRules.HasReportedOrgs)
            {
                logger.LogInformation("Reshape {ReshapeId}: {OrgId} is not empty yet ({Code}); relocating again.", Id, fromId, refused.Code);
            }
            catch (DomainException refused)
            {
                throw new ReshapeFailedException(new ReshapeError("dissolve:" + fromId, refused.Code, refused.Message));
            }
        }
    }

    private async Task RecordLineageAsync()
    {
        LineageLink Link(string orgId) => new(orgId, State.AcceptedAt, State.By, Id);
        if (State.Kind == ReshapeKind.Split)
        {
            await Lineage(State.OtherOrgId).Record(LineageRole.SplitFrom, Link(State.OrgId));
            await Lineage(State.OrgId).Record(LineageRole.SplitInto, Link(State.OtherOrgId));
        }
        else
        {
            await Lineage(State.OtherOrgId).Record(LineageRole.MergedInto, Link(State.OrgId));
            await Lineage(State.OrgId).Record(LineageRole.MergedFrom, Link(State.OtherOrgId));
        }
    }

    private async Task FinishAsync(ReshapeStatus status)
    {
        State.Status = status;
        State.FinishedAt = time.GetUtcNow();
        await store.WriteStateAsync();
        await TryReleaseAsync(State.OrgId);
        await TryReleaseAsync(State.OtherOrgId);
        await ForgetReminderAsync();
        logger.LogInformation("Reshape {ReshapeId} {Status} with {Errors} item(s) left behind.", Id, status, State.Errors.Count);
    }

    private async Task TryReleaseAsync(string orgId)
    {
        // A reservation left behind is taken over by the next reshape (its holder no longer runs).
        await TryAsync(() => Lineage(orgId).Release(Id));
    }

    private async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Reshape {ReshapeId}: a final step failed; the reminder or the next reshape repairs it.", Id);
        }
    }

    private async Task ForgetReminderAsync()
    {
        try
        {
            if (await this.GetReminder(ResumeReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception exception)
        {
            // Its next tick finds the reshape finished and tries again.
            logger.LogWarning(exception, "Reshape {ReshapeId} could not remove its reminder.", Id);
        }
    }

    private static bool SameOrder(SplitOrder a, SplitOrder b) =>
        a.OrgId == b.OrgId && a.NewOrgId == b.NewOrgId && a.NewOrgName == b.NewOrgName && a.NewParentId == b.NewParentId
        && a.GridIds.SequenceEqual(b.GridIds) && a.MemberIds.SequenceEqual(b.MemberIds) && a.Items.SequenceEqual(b.Items);

    private DomainException Taken() =>
        new(DomainErrorKind.Conflict, ReshapeRules.ReshapeExists, $"Reshape '{Id}' exists already with another order.");

    private ReshapeProgress Progress() => new(
        Id, State.Kind!.Value, State.Status, State.OrgId, State.OtherOrgId, State.Done, Steps.Count,
        [.. State.Errors], State.By, State.AcceptedAt, State.FinishedAt);

    private IOrganizationTreeGrain Tree => GrainFactory.GetGrain<IOrganizationTreeGrain>(IOrganizationTreeGrain.Key);

    private IOrganizationGrain Org(string id) => GrainFactory.GetGrain<IOrganizationGrain>(id);

    private IRollupNode Node(string id) => GrainFactory.GetGrain<IRollupNode>(id);

    private IOrganizationLineageGrain Lineage(string id) => GrainFactory.GetGrain<IOrganizationLineageGrain>(id);

    /// <summary>A step without which the reshape cannot go on.</summary>
    private sealed class ReshapeFailedException(ReshapeError error) : Exception(error.Message)
    {
        public ReshapeError Error { get; } = error;
    }
}
