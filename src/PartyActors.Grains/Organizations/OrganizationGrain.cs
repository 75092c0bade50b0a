using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace PartyActors.Grains;

/// <summary>
/// An organization: its definition, its own counts (the sum of what its sources contribute, plus
/// itself) and the last snapshot of each child. A change marks it dirty; at most once per cadence it
/// publishes its subtree total to its parent and its observers, stamped with a sequence of this
/// activation's epoch (made durable once, before the activation's first publication). Writes that
/// callers wait for are durable before they answer; publications and child snapshots are written
/// within a checkpoint interval, and reconciliation recovers any lost in a crash. After a failed
/// write the activation reads the store again and recovers by itself, as after a crash.
/// </summary>
[GrainType("organization")]
internal sealed class OrganizationGrain(
    [PersistentState("organization")] IPersistentState<OrganizationState> store,
    IOptions<RollupOptions> options,
    TimeProvider time,
    OrganizationDrain drain,
    ReconcileGate gate,
    ILogger<OrganizationGrain> logger) : Grain, IOrganizationGrain, IRollupNode
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private const int ReconcileParallelism = 64;

    /// <summary>
    /// A sequence is <c>epoch × 2^24 + count</c>. Each activation takes the next epoch, durably, before
    /// it publishes; after that its publications only count up in memory. So a restarted organization
    /// never reuses a sequence, without a write per publication, and sequences stay well inside the
    /// integers JavaScript reads exactly (2^53) for 2^29 activations.
    /// </summary>
    private const int EpochShift = 24;
    private const long CountMask = (1L << EpochShift) - 1;

    private readonly RollupOptions _options = options.Value;
    private readonly HashSet<string> _unansweredChildren = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unansweredSources = new(StringComparer.Ordinal);
    private ObserverManager<IRollupObserver> _observers = null!;
    private RollupCounters _own;
    private RollupCounters _children;
    private bool _dirty;
    private bool _publishScheduled;
    private long? _lastPublished;
    private IGrainTimer? _publishTimer;
    private IGrainTimer? _checkpointTimer;
    private bool _epochTaken;
    private bool _epochDurable;
    private bool _unsaved;
    private bool _deactivating;
    private bool _dissolving;
    private Task? _writing;
    private Task? _queuedWrite;
    private bool _reconciling;
    private bool _poisoned;
    private IGrainTimer? _recoveryTimer;
    private IGrainTimer? _reaskTimer;

    private OrganizationState State => store.State;

    private string Id => this.GetPrimaryKeyString();

    private RollupCounters Total => State.Exists ? _own + _children : RollupCounters.Zero;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _observers = new ObserverManager<IRollupObserver>(_options.ObserverExpiration, logger) { GetDateTime = () => time.GetUtcNow().UtcDateTime };
        drain.Activated(Id);
        var crashed = store.RecordExists && !State.Clean;
        if (State.Exists)
        {
            StartReconciling(includeSources: crashed);
        }

        TakeStoredState(crashed);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Makes what the store holds this activation's memory: when it activates, and when it recovers
    /// from a failed write. <paramref name="crashed"/>: the record was not left by a graceful stop (or
    /// this activation's memory was discarded), so what the previous memory sent is unknown.
    /// </summary>
    private void TakeStoredState(bool crashed)
    {
        State.Clean = false;
        Recount();

        // Publish at once, under a new epoch, when what was sent is unknown: publications do not wait
        // for the write of the contribution they count (contributions interleave), so the parent may
        // hold, under a sequence above the stored one, a total counting a change that was never
        // written; nothing stored here differs from what was published, so only this replaces it.
        // After a graceful stop, publish if the stored counts differ from the last publication (a
        // child's snapshot can be saved along with a member's write before it is published).
        if (State.Exists && (crashed || Total != State.Published))
        {
            MarkDirty();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        drain.Deactivated(Id);
        if (_poisoned || !store.RecordExists)
        {
            return;
        }

        try
        {
            // The write below makes this last publication durable along with the clean flag.
            _deactivating = true;
            if (_dirty)
            {
                await PublishAsync(durable: false);
            }

            State.Clean = true;
            await PersistAsync();
        }
        catch (Exception exception) when (exception is not InconsistentStateException)
        {
            // Not clean, then: the next activation reconciles with its sources.
            logger.LogWarning(exception, "Organization {OrgId} could not persist on deactivation ({Reason}).", Id, reason.ReasonCode);
        }
    }

    public async Task<bool> Drain()
    {
        if (_poisoned || !State.Exists)
        {
            return false;
        }

        if (_dirty)
        {
            await PublishAsync(durable: true);
            return true;
        }

        if (_unsaved)
        {
            await PersistAsync();
        }

        return false;
    }

    public Task<OrganizationDetails?> GetDetails() => Task.FromResult(
        State.Exists
            ? new OrganizationDetails(Id, State.Name, State.Kind, State.ParentId, [.. State.Children.Keys.Order(StringComparer.Ordinal)], PublishedRollup())
            : null);

    public Task<Rollup> GetRollup()
    {
        EnsureExists();
        return Task.FromResult(PublishedRollup());
    }

    public Task<ImmutableArray<string>> GetMembersOfRecord() => Task.FromResult(State.Sources
        .Where(s => s.Value.Ties.HasFlag(SourceTies.OfRecord))
        .Select(s => SourceKey.Parse(s.Key))
        .Where(k => k.Kind == SourceKind.Member)
        .Select(k => k.Id)
        .ToImmutableArray());

    public async Task<ImmutableArray<MemberListing>> FindMembersOfRecord(string? query)
    {
        if (!State.Exists)
        {
            return [];
        }

        var ofRecord = State.Sources
            .Where(s => s.Value.Ties.HasFlag(SourceTies.OfRecord) && s.Key.StartsWith(MemberSourcePrefix, StringComparison.Ordinal))
            .ToList();
        var missing = ofRecord.Where(s => s.Value.Card is null).ToList();
        if (missing.Count > 0)
        {
            await AskForCardsAsync(missing);
        }

        var found = ImmutableArray.CreateBuilder<MemberListing>();
        foreach (var (key, entry) in ofRecord)
        {
            var memberId = key[MemberSourcePrefix.Length..];
            if (entry.Card is { } card && (query is null || DirectoryRules.Matches(memberId, card.Name, query)))
            {
                found.Add(new MemberListing(memberId, card.Name, Id, card.Status, card.Category));
            }
        }

        return found.ToImmutable();
    }

    /// <summary>
    /// Asks members of record stored before they sent cards for theirs, and keeps each with its entry
    /// (written with the next write: a card lost in a crash is asked for again). A member that cannot
    /// answer now is left out of this answer.
    /// </summary>
    private async Task AskForCardsAsync(List<KeyValuePair<string, SourceEntry>> missing)
    {
        foreach (var chunk in missing.Chunk(ReconcileParallelism))
        {
            var answers = await Task.WhenAll(chunk.Select(async asked =>
            {
                try
                {
                    return (asked.Value, Report: await gate.AskAsync(() => Source(SourceKey.Parse(asked.Key)).GetContribution(Id)));
                }
                catch (Exception exception) when (exception is not InconsistentStateException)
                {
                    logger.LogWarning(exception, "Organization {OrgId} could not ask {Source} for its card.", Id, asked.Key);
                    return (asked.Value, Report: (ContributionReport?)null);
                }
            }));

            foreach (var (entry, report) in answers)
            {
                entry.Card ??= report?.Contribution?.Card;
            }
        }
    }

    private static readonly string MemberSourcePrefix = new SourceKey(SourceKind.Member, "").ToString();

    public Task<PointsOfRecord> GetPointsOfRecord(MonthRange months, int top)
    {
        if (!State.Exists)
        {
            return Task.FromResult(PointsOfRecord.None);
        }

        var known = new List<MemberPeriodPoints>();
        var unresolved = ImmutableArray.CreateBuilder<string>();
        var total = 0L;
        foreach (var (key, entry) in State.Sources)
        {
            if (!entry.Ties.HasFlag(SourceTies.OfRecord) || SourceKey.Parse(key) is not { Kind: SourceKind.Member } source)
            {
                continue;
            }

            if (entry.Months is { } held && held.Covers(months.From))
            {
                var points = held.Sum(months.From, months.To);
                total += points;
                known.Add(new MemberPeriodPoints(source.Id, Id, points));
            }
            else
            {
                unresolved.Add(source.Id);
            }
        }

        return Task.FromResult(new PointsOfRecord(
            true,
            [.. State.Children.Keys],
            total,
            [.. known.OrderByDescending(m => m.Points).ThenBy(m => m.MemberId, StringComparer.Ordinal).Take(top)],
            unresolved.ToImmutable()));
    }

    public Task<ImmutableArray<OrganizationSummary>> GetChildren()
    {
        EnsureExists();
        return Task.FromResult(State.Children
            .OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new OrganizationSummary(c.Key, c.Value.Name, c.Value.Kind, new Rollup(c.Key, c.Value.AsOf, c.Value.Sequence, c.Value.Total)))
            .ToImmutableArray());
    }

    public Task<ImmutableArray<string>> GetSourceIds(SourceKind kind)
    {
        EnsureExists();
        return Task.FromResult(State.Sources.Keys
            .Select(SourceKey.Parse)
            .Where(source => source.Kind == kind)
            .Select(source => source.Id)
            .Order(StringComparer.Ordinal)
            .ToImmutableArray());
    }

    public Task Subscribe(IRollupObserver observer)
    {
        EnsureExists();
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IRollupObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task<PlacementOutcome> Define(OrganizationDefinition definition)
    {
        OrganizationRules.Validate(Id, definition);
        if (!State.Exists)
        {
            // The parent learns of the child before the child names it, so a parent never misses a child.
            if (definition.ParentId is { } parentId)
            {
                await Node(parentId).AttachChild(Id);
            }

            State.Exists = true;
            State.Name = definition.Name;
            State.Kind = definition.Kind;
            State.ParentId = definition.ParentId;
            Recount();
            StartReconciling(includeSources: false);
            await PublishAsync(durable: true);
            return PlacementOutcome.Created;
        }

        if (!string.Equals(definition.ParentId, State.ParentId, StringComparison.Ordinal))
        {
            throw new DomainException(DomainErrorKind.Conflict, DomainErrors.ConcurrentChange,
                $"Organization '{Id}' is now under '{State.ParentId}'; a move goes through the tree.");
        }

        if (definition.Name == State.Name && definition.Kind == State.Kind)
        {
            return PlacementOutcome.Updated;
        }

        EnsureKindChangeKeepsTies(definition.Kind);
        State.Name = definition.Name;
        State.Kind = definition.Kind;
        await PersistAsync();
        MarkDirty();
        return PlacementOutcome.Updated;
    }

    public async Task Dissolve()
    {
        EnsureExists();
        if (State.Children.Count > 0)
        {
            throw new DomainException(DomainErrorKind.Conflict, DomainErrors.HasChildren,
                $"Organization '{Id}' still has {State.Children.Count} child organization(s); move or dissolve them first.");
        }

        // Asked before the checks below: contributions interleave with this await, not with them.
        if (await GrainFactory.GetGrain<IOrganizationReportInGrain>(Id).GetCurrent() is { } reportIn)
        {
            throw new DomainException(DomainErrorKind.Conflict, OrganizationReportInRules.StillReportedIn,
                $"Organization '{Id}' is reported in to community '{reportIn.CommunityId}'; withdraw its report-in first.");
        }

        var tied = State.Sources.Count(s => (s.Value.Ties & ~SourceTies.StationedIn) != SourceTies.None);
        if (tied > 0)
        {
            throw new DomainException(DomainErrorKind.Conflict, DomainErrors.HasMembers,
                $"Organization '{Id}' still has {tied} member(s) recorded, living or reported in here; transfer them first.");
        }

        EnsureNoReportedOrganizations("dissolved");
        if (State.ParentId is { } parentId)
        {
            // Contributions interleave (ApplyContribution); none may tie a member here from now on.
            _dissolving = true;
            try
            {
                await Node(parentId).DetachChild(Id);
            }
            finally
            {
                _dissolving = false;
            }
        }

        State.Exists = false;
        State.ParentId = null;
        State.Sources.Clear();
        NextSequence();
        State.Published = RollupCounters.Zero;
        State.AsOf = time.GetUtcNow();
        Recount();
        _dirty = false;
        await PersistAsync();
    }

    public async Task<Rollup> Rebuild()
    {
        EnsureExists();
        await ReconcileSourcesAsync();
        await ReconcileChildrenAsync(force: true);
        Recount();
        await PublishAsync(durable: true);
        return PublishedRollup();
    }

    public async Task Reconcile(bool includeSources)
    {
        EnsureExists();
        await ReconcileChildrenAsync(force: false);
        if (includeSources)
        {
            await ReconcileSourcesAsync();
        }
    }

    public Task<string?> GetParentId() => Task.FromResult(State.Exists ? State.ParentId : null);

    public async Task<ChildRollup> GetChildRollup()
    {
        // Rule 3: a sequence leaves this activation only once its epoch is durable. This read
        // interleaves with the write that opens the epoch; answering before that write lands would let
        // a parent keep a sequence that, should the write fail, this organization issues again with
        // another total, and the parent would ignore that one as not newer.
        while (_epochTaken && !_epochDurable && !_poisoned && (_queuedWrite ?? _writing) is { IsCompleted: false } write)
        {
            await write.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }

        if (_epochTaken && !_epochDurable)
        {
            throw Recovering();
        }

        return Snapshot();
    }

    public async Task AttachChild(string childId)
    {
        if (!State.Exists)
        {
            throw new DomainException(DomainErrorKind.UnknownReference, DomainErrors.ParentNotFound, $"Parent organization '{Id}' does not exist.");
        }

        if (!State.Children.ContainsKey(childId))
        {
            State.Children[childId] = new ChildEntry();
            await PersistAsync();
        }
    }

    public async Task DetachChild(string childId)
    {
        if (State.Children.Remove(childId, out var entry))
        {
            _children -= entry.Total;
            MarkDirty();
            await PersistAsync();
        }
    }

    public async Task Reparent(OrganizationDefinition definition)
    {
        EnsureExists();
        OrganizationRules.Validate(Id, definition);
        EnsureKindChangeKeepsTies(definition.Kind);
        State.ParentId = definition.ParentId;
        State.Name = definition.Name;
        State.Kind = definition.Kind;

        // Publish at once, durably: the new parent has the subtree before the old one lets it go.
        await PublishAsync(durable: true);
    }

    public Task ReceiveChildRollup(ChildRollup rollup)
    {
        // The child is the authority on its parent: a snapshot naming another parent is from before a move.
        // While this activation recovers from a failed write, its memory is about to be replaced: the
        // recovery asks every child again once it has read the store.
        if (_poisoned || !State.Exists || !string.Equals(rollup.ParentId, Id, StringComparison.Ordinal))
        {
            return Task.CompletedTask;
        }

        TakeChildSnapshot(rollup, force: false);
        return Task.CompletedTask;
    }

    public async Task ApplyContribution(Contribution contribution)
    {
        if (_poisoned)
        {
            // The member restores what it had committed, and the recovery asks it again.
            throw Recovering();
        }

        if (!State.Exists)
        {
            if (contribution.IsEmpty)
            {
                return;
            }

            throw new DomainException(DomainErrorKind.UnknownReference,
                contribution.Ties.HasFlag(SourceTies.StationedIn) ? OrganizationReportInRules.CommunityNotFound
                : (contribution.Ties & (SourceTies.Resident | SourceTies.ReportedIn)) != 0 && (contribution.Ties & SourceTies.OfRecord) == 0
                    ? DomainErrors.GridNotFound
                    : DomainErrors.OrgNotFound,
                $"Organization '{Id}' does not exist.");
        }

        if ((contribution.Ties & (SourceTies.Resident | SourceTies.ReportedIn)) != 0 && State.Kind != OrganizationKind.Grid)
        {
            throw new DomainException(DomainErrorKind.UnknownReference, DomainErrors.NotAGrid,
                $"Organization '{Id}' is a {State.Kind}, not a grid: members live in and report in to grids.");
        }

        if (contribution.Ties.HasFlag(SourceTies.StationedIn) && !OrganizationReportInRules.TakesReportIns(State.Kind))
        {
            throw new DomainException(DomainErrorKind.UnknownReference, OrganizationReportInRules.NotACommunity,
                $"Organization '{Id}' is a {State.Kind}, not a community or a village: organizations report in to those.");
        }

        if (_dissolving && !contribution.IsEmpty)
        {
            throw new DomainException(DomainErrorKind.Conflict, DomainErrors.ConcurrentChange,
                $"Organization '{Id}' is being dissolved.");
        }

        // This runs interleaved with every other request (it is [AlwaysInterleave]): the change is
        // made in memory at once, and the write that carries it is shared with every contribution
        // that arrives while the previous write is in flight, so a busy organization writes once per
        // round trip rather than once per member.
        if (SetSource(contribution, force: false))
        {
            await PersistAsync();
        }
    }

    /// <summary>Sets a source's entry; true when anything changed.</summary>
    private bool SetSource(Contribution contribution, bool force)
    {
        var key = contribution.Source.ToString();
        State.Sources.TryGetValue(key, out var entry);
        if (entry is not null && !force && entry.Version > contribution.Version)
        {
            return false;
        }

        var before = entry?.Counters ?? RollupCounters.Zero;
        if (contribution.IsEmpty)
        {
            if (entry is null)
            {
                return false;
            }

            State.Sources.Remove(key);
        }
        else
        {
            State.Sources[key] = new SourceEntry
            {
                Counters = contribution.Counters, Ties = contribution.Ties, Version = contribution.Version, Months = contribution.Months, Card = contribution.Card,
            };
        }

        if (before != contribution.Counters)
        {
            _own += contribution.Counters - before;
            MarkDirty();
        }

        return true;
    }

    private void TakeChildSnapshot(ChildRollup rollup, bool force)
    {
        State.Children.TryGetValue(rollup.ChildId, out var entry);
        if (entry is not null && !force && rollup.Sequence <= entry.Sequence)
        {
            return;
        }

        var before = entry?.Total ?? RollupCounters.Zero;
        if (!rollup.Exists || !string.Equals(rollup.ParentId, Id, StringComparison.Ordinal))
        {
            if (entry is not null)
            {
                State.Children.Remove(rollup.ChildId);
                _children -= before;
                MarkDirty();
            }

            return;
        }

        State.Children[rollup.ChildId] = new ChildEntry
        {
            Sequence = rollup.Sequence,
            AsOf = rollup.AsOf,
            Name = rollup.Name,
            Kind = rollup.Kind,
            Total = rollup.Total,
        };
        _children += rollup.Total - before;
        MarkDirty();
    }

    /// <param name="only">The children to ask (all when null).</param>
    private async Task ReconcileChildrenAsync(bool force, IReadOnlySet<string>? only = null)
    {
        foreach (var chunk in State.Children.Keys.Where(id => only is null || only.Contains(id)).ToArray().Chunk(ReconcileParallelism))
        {
            var answers = await Task.WhenAll(chunk.Select(async childId =>
            {
                try
                {
                    return await gate.AskAsync(() => Node(childId).GetChildRollup());
                }
                catch (Exception exception) when (exception is not InconsistentStateException)
                {
                    logger.LogWarning(exception, "Organization {OrgId} could not reconcile child {ChildId}; asking again.", Id, childId);
                    Reask(_unansweredChildren, childId);
                    return null;
                }
            }));

            foreach (var answer in answers)
            {
                if (answer is not null && State.Exists)
                {
                    TakeChildSnapshot(answer, force);
                }
            }
        }
    }

    /// <summary>Takes each source's own word for what it contributes (the source is the truth), unless it is busy.</summary>
    /// <param name="only">The sources to ask (all when null).</param>
    private async Task ReconcileSourcesAsync(IReadOnlySet<string>? only = null)
    {
        foreach (var chunk in State.Sources.Where(s => only is null || only.Contains(s.Key)).ToArray().Chunk(ReconcileParallelism))
        {
            var answers = await Task.WhenAll(chunk.Select(async asked =>
            {
                var source = SourceKey.Parse(asked.Key);
                try
                {
                    return (source, asked.Value, Report: await gate.AskAsync(() => Source(source).GetContribution(Id)));
                }
                catch (Exception exception) when (exception is not InconsistentStateException)
                {
                    logger.LogWarning(exception, "Organization {OrgId} could not reconcile source {Source}; asking again.", Id, asked.Key);
                    Reask(_unansweredSources, asked.Key);
                    return (source, asked.Value, Report: new ContributionReport(Busy: true, null));
                }
            }));

            foreach (var (source, entry, report) in answers)
            {
                // A source with an update in flight is asked again next time: its update lands after
                // this turn. So is one whose contribution arrived while it was asked (contributions
                // interleave, and every one replaces the entry): that one is newer than the answer.
                if (!report.Busy && State.Exists &&
                    State.Sources.TryGetValue(source.ToString(), out var current) && ReferenceEquals(current, entry) &&
                    SetSource(report.Contribution ?? new Contribution(source, RollupCounters.Zero, SourceTies.None, 0), force: true))
                {
                    ScheduleCheckpoint();
                }
            }
        }
    }

    /// <summary>
    /// Asks a child or source that could not answer (its activation failed, the call timed out) again
    /// after <see cref="RetryDelay"/>, rather than at the next periodic reconciliation: the one at
    /// activation is what recovers a snapshot or a contribution lost in a crash, and a store that
    /// fails for a moment right after a restart would otherwise leave it missing for minutes. A
    /// busy source is not asked again: its update is on its way.
    /// </summary>
    private void Reask(HashSet<string> unanswered, string id)
    {
        unanswered.Add(id);
        if (_reaskTimer is null)
        {
            _reaskTimer = this.RegisterGrainTimer(OnReaskTimer, RetryDelay, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _reaskTimer.Change(RetryDelay, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task OnReaskTimer(CancellationToken cancellationToken)
    {
        var children = new HashSet<string>(_unansweredChildren, StringComparer.Ordinal);
        var sources = new HashSet<string>(_unansweredSources, StringComparer.Ordinal);
        _unansweredChildren.Clear();
        _unansweredSources.Clear();

        // A recovering activation asks every child and source once it has read the store.
        if (State.Exists && !_poisoned)
        {
            await ReconcileChildrenAsync(force: false, children);
            await ReconcileSourcesAsync(sources);
        }
    }

    private void StartReconciling(bool includeSources)
    {
        // Right after activation: children always (a snapshot may have been lost with the last activation),
        // sources only after a crash. Then periodically while active. A recovering activation does
        // neither: its memory is about to be replaced, and the recovery reconciles both.
        if (_reconciling)
        {
            return;
        }

        _reconciling = true;
        this.RegisterGrainTimer(async _ =>
        {
            if (State.Exists && !_poisoned)
            {
                await Reconcile(includeSources);
            }
        }, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        this.RegisterGrainTimer(async _ =>
        {
            if (State.Exists && !_poisoned)
            {
                await ReconcileChildrenAsync(force: false);
            }
        }, _options.ChildReconcileInterval, _options.ChildReconcileInterval);
        this.RegisterGrainTimer(async _ =>
        {
            if (State.Exists && !_poisoned)
            {
                await ReconcileSourcesAsync();
            }
        }, _options.SourceReconcileInterval, _options.SourceReconcileInterval);
    }

    private void MarkDirty()
    {
        _dirty = true;
        if (_publishScheduled || !State.Exists)
        {
            return;
        }

        _publishScheduled = true;
        // Leading edge: the first change after a quiet cadence goes out at once; later ones wait for the cadence.
        var since = _lastPublished is { } last ? time.GetElapsedTime(last) : TimeSpan.MaxValue;
        SchedulePublish(since >= _options.Cadence ? TimeSpan.Zero : _options.Cadence - since);
    }

    private void SchedulePublish(TimeSpan due)
    {
        if (_publishTimer is null)
        {
            _publishTimer = this.RegisterGrainTimer(OnPublishTimer, due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _publishTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task OnPublishTimer(CancellationToken cancellationToken)
    {
        _publishScheduled = false;
        if (!_dirty || !State.Exists || _poisoned)
        {
            return;
        }

        try
        {
            await PublishAsync(durable: false);
        }
        catch (Exception exception) when (exception is not InconsistentStateException)
        {
            logger.LogWarning(exception, "Organization {OrgId} could not publish its roll-up; retrying.", Id);
            RetryPublish();
        }
    }

    private void RetryPublish()
    {
        _dirty = true;
        _publishScheduled = true;
        SchedulePublish(RetryDelay);
    }

    /// <summary>
    /// Stamps the current total with the next sequence and sends it to the observers and the parent.
    /// It is written first when <paramref name="durable"/> (the publication carries a change of parent
    /// or existence that must not be lost) or when it opens this activation's epoch; otherwise it is
    /// written with the next checkpoint.
    /// </summary>
    private async Task PublishAsync(bool durable)
    {
        _dirty = false;
        _lastPublished = time.GetTimestamp();
        var opensEpoch = NextSequence();
        State.AsOf = time.GetUtcNow();
        State.Published = Total;
        if (durable || opensEpoch)
        {
            await PersistAsync();
        }
        else
        {
            ScheduleCheckpoint();
        }

        var rollup = PublishedRollup();
        // OnRollup is one-way: nothing here waits for a subscriber.
        _observers.Notify((Action<IRollupObserver>)(observer => observer.OnRollup(rollup).Ignore()));
        if (State.ParentId is { } parentId)
        {
            try
            {
                await Node(parentId).ReceiveChildRollup(Snapshot());
            }
            catch (Exception exception) when (exception is not InconsistentStateException)
            {
                // Send again (under a new sequence) until the parent has it: its reconciliation asks
                // only when it activates, and here it may be the parent that cannot activate.
                logger.LogWarning(exception, "Organization {OrgId} could not send its roll-up to {ParentId}; retrying.", Id, parentId);
                if (!_deactivating)
                {
                    RetryPublish();
                }
            }
        }
    }

    /// <summary>
    /// Advances <see cref="OrganizationState.Sequence"/>; true when the new one opens this activation's
    /// epoch and so must be durable before it is sent (the previous activation may have sent any count
    /// of its own epoch without writing it).
    /// </summary>
    private bool NextSequence()
    {
        if (_epochDurable && (State.Sequence & CountMask) != CountMask)
        {
            State.Sequence++;
            return false;
        }

        State.Sequence = ((State.Sequence >> EpochShift) + 1) << EpochShift;
        _epochTaken = true;
        return true;
    }

    /// <summary>Writes what is only in memory (publications, child snapshots) within <see cref="RollupOptions.CheckpointInterval"/>.</summary>
    private void ScheduleCheckpoint()
    {
        if (_unsaved || _deactivating)
        {
            _unsaved = true;
            return;
        }

        _unsaved = true;
        if (_checkpointTimer is null)
        {
            _checkpointTimer = this.RegisterGrainTimer(OnCheckpointTimer, _options.CheckpointInterval, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _checkpointTimer.Change(_options.CheckpointInterval, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task OnCheckpointTimer(CancellationToken cancellationToken)
    {
        if (!_unsaved || _poisoned)
        {
            return;
        }

        try
        {
            await PersistAsync();
        }
        catch (Exception exception) when (exception is not InconsistentStateException)
        {
            // The activation recovers (it reads the store again and reconciles), so nothing is lost for good.
            logger.LogWarning(exception, "Organization {OrgId} could not write its checkpoint.", Id);
        }
    }

    /// <summary>
    /// Completes once a write that began after this call has succeeded, so it carries every change
    /// made before it. Writes never overlap (they would race on the ETag): a caller that finds one in
    /// flight joins the single write queued behind it, which every such caller shares.
    /// </summary>
    private Task PersistAsync()
    {
        if (_queuedWrite is not null)
        {
            return _queuedWrite;
        }

        if (_writing is { IsCompleted: false } inFlight)
        {
            return _queuedWrite = WriteAfterAsync(inFlight);
        }

        return _writing = WriteAsync();
    }

    private async Task WriteAfterAsync(Task inFlight)
    {
        await inFlight.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        _queuedWrite = null;
        var write = WriteAsync();
        _writing = write;
        await write;
    }

    /// <summary>
    /// One write of the state. A failed write leaves memory ahead of the store (and its outcome may be
    /// unknown), so nothing is written from that memory again: the activation recovers (<see cref="Poison"/>).
    /// </summary>
    private async Task WriteAsync()
    {
        if (_poisoned)
        {
            throw Recovering();
        }

        var epochTaken = _epochTaken;
        _unsaved = false;
        try
        {
            await store.WriteStateAsync();
        }
        catch (Exception exception)
        {
            Poison(exception);
            throw;
        }

        _epochDurable |= epochTaken;
    }

    /// <summary>
    /// After a failed write, takes nothing more into memory and retries reading the store every
    /// <see cref="RetryDelay"/>. The activation is not discarded: snapshots its children sent since
    /// its last write exist only in this memory, the children count them as delivered, and the
    /// next activation would come only if something called it, which may never happen (no change
    /// below, nobody reading it), leaving every ancestor without them.
    /// </summary>
    private void Poison(Exception exception)
    {
        if (exception is InconsistentStateException)
        {
            // Another activation wrote the record: it is the one that lives on. Orleans deactivates
            // this one as the exception leaves the grain.
            _poisoned = true;
            DeactivateOnIdle();
            return;
        }

        if (_poisoned)
        {
            return;
        }

        _poisoned = true;
        logger.LogWarning(exception, "Organization {OrgId} could not write its state; it reads the store again and reconciles once the store answers.", Id);
        if (_recoveryTimer is null)
        {
            _recoveryTimer = this.RegisterGrainTimer(OnRecoveryTimer, new GrainTimerCreationOptions(RetryDelay, RetryDelay) { KeepAlive = true });
        }
        else
        {
            _recoveryTimer.Change(RetryDelay, RetryDelay);
        }
    }

    /// <summary>
    /// Recovers from a failed write as a new activation would after a crash: reads the store again,
    /// takes it as memory under a new epoch (the stored sequence may be below what was sent), asks
    /// every child and source, and publishes.
    /// </summary>
    private async Task OnRecoveryTimer(CancellationToken cancellationToken)
    {
        if (!_poisoned || (_queuedWrite ?? _writing) is { IsCompleted: false })
        {
            return;
        }

        try
        {
            await store.ReadStateAsync();
        }
        catch (Exception exception) when (exception is not InconsistentStateException)
        {
            logger.LogWarning(exception, "Organization {OrgId} could not read its state again; retrying.", Id);
            return;
        }

        _recoveryTimer!.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _poisoned = false;
        _epochTaken = false;
        _epochDurable = false;
        _unsaved = false;
        _dirty = false;
        logger.LogInformation("Organization {OrgId} read its state again after a failed write; reconciling.", Id);
        TakeStoredState(crashed: true);
        if (State.Exists)
        {
            await Reconcile(includeSources: true);
        }
    }

    private StorageUnavailableException Recovering() =>
        new($"Organization '{Id}' could not write its state and is reading it again; the request can be retried.");

    private ChildRollup Snapshot() =>
        new(Id, State.Exists ? State.ParentId : null, State.Exists, State.Sequence, State.AsOf, State.Name, State.Kind, State.Published);

    private Rollup PublishedRollup() => new(Id, State.AsOf, State.Sequence, State.Published);

    private void Recount()
    {
        var own = State.Exists ? RollupCounters.From((Metric.Orgs, 1)) : RollupCounters.Zero;
        foreach (var source in State.Sources.Values)
        {
            own += source.Counters;
        }

        var children = RollupCounters.Zero;
        foreach (var child in State.Children.Values)
        {
            children += child.Total;
        }

        _own = own;
        _children = children;
    }

    private void EnsureExists()
    {
        if (!State.Exists)
        {
            throw new DomainException(DomainErrorKind.NotFound, DomainErrors.OrgNotFound, $"Organization '{Id}' does not exist.");
        }
    }

    private void EnsureKindChangeKeepsTies(OrganizationKind kind)
    {
        if (State.Kind == OrganizationKind.Grid && kind != OrganizationKind.Grid &&
            State.Sources.Values.Any(s => (s.Ties & (SourceTies.Resident | SourceTies.ReportedIn)) != 0))
        {
            throw new DomainException(DomainErrorKind.Conflict, DomainErrors.HasMembers,
                $"Grid '{Id}' has members living or reported in; it stays a grid until they leave it.");
        }

        if (!OrganizationReportInRules.TakesReportIns(kind))
        {
            EnsureNoReportedOrganizations($"made a {WireNames<OrganizationKind>.Name(kind)}");
        }
    }

    /// <summary>Refuses a change that would leave organizations reported in (双报到) to something other than a community.</summary>
    private void EnsureNoReportedOrganizations(string change)
    {
        var reported = State.Sources.Count(s => s.Value.Ties.HasFlag(SourceTies.StationedIn));
        if (reported > 0)
        {
            throw new DomainException(DomainErrorKind.Conflict, OrganizationReportInRules.HasReportedOrgs,
                $"Community '{Id}' has {reported} organization(s) reported in; they withdraw or move before it is {change}.");
        }
    }

    private IRollupNode Node(string orgId) => GrainFactory.GetGrain<IRollupNode>(orgId);

    private IRollupSource Source(SourceKey key) => SourceGrain(GrainFactory, key);

    /// <summary>
    /// The grain that is the source <paramref name="key"/>: one line per <see cref="SourceKind"/>, the
    /// one place that knows which grain serves which kind. (The factory parameter keeps the name of the
    /// grain's property, so each line reads as it would inside a grain.)
    /// </summary>
    internal static IRollupSource SourceGrain(IGrainFactory GrainFactory, SourceKey key) => key.Kind switch
    {
        SourceKind.Member => GrainFactory.GetGrain<IMemberGrain>(key.Id),
        SourceKind.Commitment => GrainFactory.GetGrain<ICommitmentGrain>(key.Id),
        SourceKind.Project => GrainFactory.GetGrain<IProjectGrain>(key.Id),
        SourceKind.OrganizationReportIn => GrainFactory.GetGrain<IOrganizationReportInGrain>(key.Id),
        SourceKind.ResidentRequest => GrainFactory.GetGrain<IResidentRequestGrain>(key.Id),
        SourceKind.OrganizationLife => GrainFactory.GetGrain<IOrganizationLifeGrain>(key.Id),
        SourceKind.RewardShop => GrainFactory.GetGrain<IRewardShopGrain>(key.Id),
        SourceKind.Agreement => GrainFactory.GetGrain<IAgreementGrain>(key.Id),
        SourceKind.Errand => GrainFactory.GetGrain<IErrandGrain>(key.Id),
        _ => throw new InvalidOperationException($"No grain serves sources of kind {key.Kind}."),
    };
}
