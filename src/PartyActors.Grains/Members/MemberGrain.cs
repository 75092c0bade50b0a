using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PartyActors.Grains;

/// <summary>
/// A member, and the source of truth for what it adds to roll-ups. A change is sent, as whole
/// contributions, to every organization it touches (each makes it durable) before the member
/// commits its own state: so an organization always knows of every member that may count there, and
/// its reconciliation can ask. If the member's own write fails, it restores what it had sent.
/// Phone and ID number never leave this grain unmasked and are never logged.
/// Points go first into the append-only ledger, then into the state (<see cref="MemberState.PointsTotal"/>),
/// so the ledger is never behind the balance; a balance behind the ledger (a crash between the two
/// writes) is caught up before the grain answers anything about points, and on activation. The
/// points per month (<see cref="MemberState.PointsByMonth"/>) are folded in with the balance, and
/// rebuilt from the ledger in a member stored before they were kept. Spending on rewards (and its
/// refunds) goes through the same ledger but folds into <see cref="MemberState.PointsSpent"/>, never
/// into the lifetime total, the months or the roll-up: the spendable balance is the difference.
/// Status changes follow <see cref="MemberStatusPipeline"/>; each move, creation and transfer is an
/// entry of the member's history, committed with the state (<see cref="MemberState.PendingHistory"/>)
/// and appended to the history log after it, so the log is never ahead of the state and is caught
/// up before it is read or added to, and on activation.
/// </summary>
[GrainType("member")]
internal sealed class MemberGrain(
    [PersistentState("member")] IPersistentState<MemberState> store,
    [PersistentLog("points")] IGrainLog<PointsEntry> ledger,
    [PersistentLog("history")] IGrainLog<MemberHistoryEntry> history,
    TimeProvider time,
    IOptions<PointsOptions> pointsOptions,
    ILogger<MemberGrain> logger) : Grain, IMemberGrain
{
    private bool _busy;

    /// <summary>The whole ledger in order, read on first use: a member's ledger holds hundreds of entries a year, not millions.</summary>
    private List<PointsEntry>? _entries;

    /// <summary>The ledger's entries by source and source id, for idempotency.</summary>
    private readonly Dictionary<(string Source, string SourceId), PointsEntry> _bySource = [];

    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (LedgerAhead || MonthsMissing)
        {
            // A turn of its own after activation: catching up calls organizations, which may be asking this member.
            this.RegisterGrainTimer(CatchUpFromTimerAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        }

        if (HistoryBehind)
        {
            this.RegisterGrainTimer(CatchUpHistoryFromTimerAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        }

        return Task.CompletedTask;
    }

    public async Task<PointsReceipt> AwardPoints(PointsAward award)
    {
        PointsRules.Validate(award);
        var entries = await LoadPointsAsync();
        var profile = RequireProfile();
        if (_bySource.TryGetValue((award.Source, award.SourceId), out var first))
        {
            return new PointsReceipt(first, Repeat: true);
        }

        if (!profile.Status.IsAttached())
        {
            throw new DomainException(DomainErrorKind.Conflict, DomainErrors.MemberLeft, $"Member '{Id}' is {profile.Status} and earns no points.");
        }

        var now = time.GetUtcNow();
        var points = award.Points;
        var reason = award.Reason.Trim();
        if (award.DailyCap is { } cap && points > 0)
        {
            var day = PointsRules.DayStart(now);
            var today = entries.Where(e => e.Source == award.Source && e.At >= day && e.Points > 0).Sum(e => (long)e.Points);
            var allowed = (int)Math.Clamp(cap - today, 0, points);
            if (allowed < points)
            {
                points = allowed;
                reason = (reason.Length > PointsRules.MaxReasonLength - 12 ? reason[..(PointsRules.MaxReasonLength - 12)] : reason) + " (daily cap)";
            }
        }

        var sequence = ledger.NextSequence;
        var entry = new PointsEntry(sequence.ToString(CultureInfo.InvariantCulture), points, reason, award.Source, award.SourceId, now);
        await ledger.AppendOrDeactivateAsync(this, [entry]);

        Remember(entries, entry);
        var next = store.State.Copy();
        next.PointsTotal += entry.Points;
        next.PointsByMonth = store.State.PointsByMonth?.Add(entry.At, entry.Points) ?? MonthlyPoints.Of(entries);
        next.PointsThrough = sequence;
        await CommitAsync(next, ProfileOutcome.Updated);
        return new PointsReceipt(entry, Repeat: false);
    }

    public async Task<PointsLedger> GetPoints(DateTimeOffset? from, DateTimeOffset? to)
    {
        var entries = await LoadPointsAsync();
        RequireProfile();
        var selected = entries
            .Where(e => (from is null || e.At >= from) && (to is null || e.At < to))
            .Reverse()
            .ToArray();
        return new PointsLedger(store.State.PointsTotal, [.. selected], Balance, store.State.PointsSpent);
    }

    public async Task<PointsSpendReceipt> SpendPoints(PointsSpend spend)
    {
        ArgumentNullException.ThrowIfNull(spend);
        if (spend.Points is < 1 or > int.MaxValue / 2)
        {
            throw DomainErrors.Invalid("points", "Points spent must be positive.");
        }

        RewardRules.Throw("reason", PointsRules.CheckReason(spend.Reason?.Trim()));
        await LoadPointsAsync();
        var profile = RequireProfile();
        if (_bySource.TryGetValue((PointsSources.Redemption, spend.SourceId), out var first))
        {
            return new PointsSpendReceipt(first, Repeat: true, Balance);
        }

        if (!profile.Status.IsAttached())
        {
            throw new DomainException(DomainErrorKind.Conflict, DomainErrors.MemberLeft, $"Member '{Id}' is {profile.Status} and redeems no points.");
        }

        if (Balance < spend.Points)
        {
            throw new DomainException(DomainErrorKind.Conflict, RewardRules.InsufficientPoints,
                $"Member '{Id}' has {Balance} points to spend; this takes {spend.Points}.") { Field = "memberId" };
        }

        var entry = await AppendSpendingAsync(-spend.Points, spend.Reason!.Trim(), PointsSources.Redemption, spend.SourceId);
        return new PointsSpendReceipt(entry, Repeat: false, Balance);
    }

    public async Task<PointsSpendReceipt?> RefundPoints(string sourceId, string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        RewardRules.Throw("reason", PointsRules.CheckReason(reason?.Trim()));
        await LoadPointsAsync();
        RequireProfile();
        if (_bySource.TryGetValue((PointsSources.RedemptionRefund, sourceId), out var first))
        {
            return new PointsSpendReceipt(first, Repeat: true, Balance);
        }

        if (!_bySource.TryGetValue((PointsSources.Redemption, sourceId), out var spent))
        {
            return null;
        }

        // A member who has left still gets back what it paid for something it did not receive.
        var entry = await AppendSpendingAsync(-spent.Points, reason!.Trim(), PointsSources.RedemptionRefund, sourceId);
        return new PointsSpendReceipt(entry, Repeat: false, Balance);
    }

    /// <summary>What the member can spend: the lifetime total less what it spent (negative after deductions that came after spending).</summary>
    private long Balance => store.State.PointsTotal - store.State.PointsSpent;

    /// <summary>Appends an entry that spends (negative) or refunds (positive) points, then folds it into <see cref="MemberState.PointsSpent"/>, as awards are folded.</summary>
    private async Task<PointsEntry> AppendSpendingAsync(int points, string reason, string source, string sourceId)
    {
        var entries = _entries!;
        var sequence = ledger.NextSequence;
        var entry = new PointsEntry(sequence.ToString(CultureInfo.InvariantCulture), points, reason, source, sourceId, time.GetUtcNow());
        await ledger.AppendOrDeactivateAsync(this, [entry]);

        Remember(entries, entry);
        var next = store.State.Copy();
        next.PointsSpent -= entry.Points;
        next.PointsThrough = sequence;
        await CommitAsync(next, ProfileOutcome.Updated);
        return entry;
    }

    public async Task<ProfileOutcome> SetProfile(MemberProfile profile, StatusChange? change = null)
    {
        change ??= StatusChange.BySystem;
        var now = time.GetUtcNow();
        MemberRules.Validate(profile, now);
        CheckChange(change, now);
        if (IsReplay(change))
        {
            return ProfileOutcome.Updated;
        }

        if (!profile.Status.IsAttached())
        {
            // No organization will be told of this member, so none can refuse an unknown id: check here.
            await EnsureExistsAsync(profile.OrgId, grid: false, "orgId");
            if (profile.ResidenceGridId is { } residence)
            {
                await EnsureExistsAsync(residence, grid: true, "residenceGridId");
            }
        }

        var current = store.State.Profile;
        await CheckMoveAsync(current?.Status, profile.Status, change);
        var next = store.State.Copy();
        var created = next.Profile is null;
        next.Profile = profile with { Name = profile.Name.Trim(), Skills = profile.Skills.IsDefault ? [] : profile.Skills };
        if (!profile.Status.IsAttached())
        {
            next.ReportedIn = null;
        }

        var entries = new List<MemberHistoryEntry>();
        if (current is null)
        {
            entries.Add(Entry(MemberHistoryKind.Created, null, profile.Status, null, profile.OrgId, change, now));
        }
        else
        {
            if (current.Status != profile.Status)
            {
                entries.Add(Moved(next, current.Status, profile.Status, change, now));
            }

            if (!string.Equals(current.OrgId, profile.OrgId, StringComparison.Ordinal))
            {
                entries.Add(Entry(MemberHistoryKind.Transfer, null, null, current.OrgId, profile.OrgId, change, now));
            }
        }

        return await CommitWithHistoryAsync(next, created ? ProfileOutcome.Created : ProfileOutcome.Updated, entries, change);
    }

    public async Task<StatusMoveOutcome> MoveStatus(MemberStatus status, StatusChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var now = time.GetUtcNow();
        if (!Enum.IsDefined(status))
        {
            throw DomainErrors.Invalid("status", "Unknown status.");
        }

        CheckChange(change, now);
        var profile = RequireProfile();
        if (profile.Status == status)
        {
            return new StatusMoveOutcome(Id, status, status, null);
        }

        await CheckMoveAsync(profile.Status, status, change);
        var next = store.State.Copy();
        next.Profile = profile with { Status = status };
        if (!status.IsAttached())
        {
            next.ReportedIn = null;
        }

        await CommitWithHistoryAsync(next, ProfileOutcome.Updated, [Moved(next, profile.Status, status, change, now)], change);

        // The entry as recorded: with the id it took in the history.
        return new StatusMoveOutcome(Id, profile.Status, status, next.PendingHistory[0]);
    }

    public async Task<MemberHistoryPage> GetHistory(long after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        RequireProfile();
        await CatchUpHistoryAsync();
        var records = await history.ReadAsync(after + 1, after + 1 + limit);
        var items = records.Select(r => r.Entry).ToImmutableArray();
        var last = records.Count == 0 ? after : records[^1].Sequence;
        return new MemberHistoryPage(Id, items, items.Length == limit && last + 1 < history.NextSequence ? last.ToString(CultureInfo.InvariantCulture) : null);
    }

    public async Task<MemberDetails?> GetDetails()
    {
        if (store.State.Profile is null)
        {
            return null;
        }

        var entries = await LoadPointsAsync();
        var p = store.State.Profile;
        var (month, year) = PointsRules.PeriodStarts(time.GetUtcNow());
        var points = new MemberPoints(
            store.State.PointsTotal,
            entries.Where(e => e.At >= month && !PointsSources.IsSpending(e.Source)).Sum(e => (long)e.Points),
            entries.Where(e => e.At >= year && !PointsSources.IsSpending(e.Source)).Sum(e => (long)e.Points));
        return new MemberDetails(
            Id, p.Name, p.Status, p.Category, p.OrgId, p.ResidenceGridId, p.Gender, p.BirthYear, p.JoinedOn,
            PersonalData.Mask(p.Phone), PersonalData.Mask(p.IdNumber), p.Skills.IsDefault ? [] : p.Skills, store.State.ReportedIn, points);
    }

    public async Task Leave(StatusChange? change = null)
    {
        change ??= StatusChange.BySystem;
        var now = time.GetUtcNow();
        CheckChange(change, now);
        var profile = RequireProfile();
        if (profile.Status == MemberStatus.Left || IsReplay(change))
        {
            return;
        }

        var next = store.State.Copy();
        next.Profile = profile with { Status = MemberStatus.Left };
        next.ReportedIn = null;
        await CommitWithHistoryAsync(next, ProfileOutcome.Updated, [Moved(next, profile.Status, MemberStatus.Left, change, now)], change);
    }

    public async Task<ReportIn> ReportIn(string gridId)
    {
        ArgumentException.ThrowIfNullOrEmpty(gridId);
        var profile = RequireProfile();
        if (!profile.Status.IsAttached())
        {
            throw new DomainException(DomainErrorKind.Conflict, DomainErrors.MemberLeft, $"Member '{Id}' is {profile.Status} and cannot report in.");
        }

        if (store.State.ReportedIn is { } current && current.GridId == gridId)
        {
            return current;
        }

        var grid = await EnsureExistsAsync(gridId, grid: true, "gridId");
        var next = store.State.Copy();
        next.ReportedIn = new ReportIn(grid.ParentId ?? gridId, gridId, time.GetUtcNow());
        await CommitAsync(next, ProfileOutcome.Updated);
        return next.ReportedIn;
    }

    public async Task WithdrawReportIn()
    {
        RequireProfile();
        if (store.State.ReportedIn is null)
        {
            return;
        }

        var next = store.State.Copy();
        next.ReportedIn = null;
        await CommitAsync(next, ProfileOutcome.Updated);
    }

    public async Task<bool> Relocate(string fromOrgId, string toOrgId)
    {
        ArgumentException.ThrowIfNullOrEmpty(fromOrgId);
        ArgumentException.ThrowIfNullOrEmpty(toOrgId);
        if (store.State.Profile is not { } profile || !profile.Status.IsAttached() || fromOrgId == toOrgId)
        {
            return false;
        }

        var next = store.State.Copy();
        var moved = false;
        if (profile.OrgId == fromOrgId)
        {
            // A transfer (组织关系接转) like any other: the counts leave the old subtree and arrive in the new.
            profile = profile with { OrgId = toOrgId };
            moved = true;
        }

        if (profile.ResidenceGridId == fromOrgId)
        {
            profile = profile with { ResidenceGridId = toOrgId };
            moved = true;
        }

        if (next.ReportedIn is { } reportIn && reportIn.GridId == fromOrgId)
        {
            var grid = await EnsureExistsAsync(toOrgId, grid: true, "gridId");
            next.ReportedIn = reportIn with { GridId = toOrgId, CommunityId = grid.ParentId ?? toOrgId };
            moved = true;
        }

        if (!moved)
        {
            return false;
        }

        next.Profile = profile;
        await CommitAsync(next, ProfileOutcome.Updated);
        logger.LogInformation("Member {MemberId} relocated from {FromOrgId} to {ToOrgId}.", Id, fromOrgId, toOrgId);
        return true;
    }

    public Task<ContributionReport> GetContribution(string orgId)
    {
        if (_busy)
        {
            return Task.FromResult(new ContributionReport(Busy: true, null));
        }

        var committed = MemberContributions.Of(Id, store.State, store.State.Version);
        return Task.FromResult(new ContributionReport(Busy: false, committed.GetValueOrDefault(orgId)));
    }

    /// <summary>A correction needs its reason; any reason and date must keep their rules.</summary>
    private static void CheckChange(StatusChange change, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(change.By))
        {
            throw DomainErrors.Invalid("by", "Who makes the change is required.");
        }

        if (MemberStatusPipeline.CheckReason(change.Reason, change.Correction) is { } reason)
        {
            throw DomainErrors.Invalid("reason", reason);
        }

        if (MemberStatusPipeline.CheckEffectiveOn(change.EffectiveOn, now) is { } effectiveOn)
        {
            throw DomainErrors.Invalid("effectiveOn", effectiveOn);
        }
    }

    /// <summary>A roster line at or before the last one of its batch this member saw: applied already (a resumed batch).</summary>
    private bool IsReplay(StatusChange change) =>
        change.BatchId is { } batchId && change.Line is { } line
        && store.State.LastRosterLine is { } last && last.BatchId == batchId && line <= last.Line;

    /// <summary>Refuses a change that is not a step of the pipeline, and applicant → activist below the points threshold, unless it is a correction.</summary>
    private async Task CheckMoveAsync(MemberStatus? from, MemberStatus to, StatusChange change)
    {
        if (change.Correction || from is not { } current)
        {
            return;
        }

        if (MemberStatusPipeline.Judge(current, to, store.State.StatusBeforeTransfer) == StatusVerdict.Refused)
        {
            throw MemberStatusPipeline.Refusal(Id, current, to, store.State.StatusBeforeTransfer);
        }

        if (MemberStatusPipeline.NeedsPointsGate(current, to))
        {
            await LoadPointsAsync();
            var threshold = pointsOptions.Value.ActivistThreshold;
            if (store.State.PointsTotal < threshold)
            {
                throw new DomainException(DomainErrorKind.Conflict, DomainErrors.PointsBelowThreshold,
                    $"Member '{Id}' has {store.State.PointsTotal} points; an applicant becomes an activist with at least {threshold}.") { Field = "status" };
            }
        }
    }

    /// <summary>The entry of a status move, keeping in <paramref name="next"/> the status a transfer comes back to.</summary>
    private static MemberHistoryEntry Moved(MemberState next, MemberStatus from, MemberStatus to, StatusChange change, DateTimeOffset now)
    {
        if (to == MemberStatus.Transferred)
        {
            next.StatusBeforeTransfer = from.IsAttached() ? from : next.StatusBeforeTransfer;
        }
        else if (from == MemberStatus.Transferred)
        {
            next.StatusBeforeTransfer = null;
        }

        return Entry(MemberHistoryKind.Status, from, to, null, null, change, now);
    }

    private static MemberHistoryEntry Entry(
        MemberHistoryKind kind, MemberStatus? from, MemberStatus? to, string? fromOrgId, string? toOrgId, StatusChange change, DateTimeOffset now) =>
        new(string.Empty, kind, from, to, fromOrgId, toOrgId, now, change.EffectiveOn, change.By, change.Reason?.Trim(), change.Correction, change.BatchId);

    /// <summary>
    /// Commits <paramref name="next"/> with <paramref name="entries"/> as its pending history (and the
    /// roster line it applies), then appends them to the history log. The state is the record: an
    /// append that fails is retried from it before the history is next read or added to.
    /// </summary>
    private async Task<ProfileOutcome> CommitWithHistoryAsync(MemberState next, ProfileOutcome outcome, IReadOnlyList<MemberHistoryEntry> entries, StatusChange change)
    {
        await CatchUpHistoryAsync();
        var first = history.NextSequence;
        next.PendingHistory = [.. entries.Select((e, i) => e with { Id = (first + i).ToString(CultureInfo.InvariantCulture) })];
        if (change.BatchId is { } batchId && change.Line is { } line)
        {
            next.LastRosterLine = new RosterLineMark(batchId, line);
        }

        var result = await CommitAsync(next, outcome);
        if (!next.PendingHistory.IsEmpty)
        {
            try
            {
                await history.AppendAsync(next.PendingHistory);
            }
            catch (Exception exception)
            {
                // The change is durable with its entries in the state; whether they reached the log is unknown: read it again.
                logger.LogWarning(exception, "Member {MemberId} could not append to its history; it does when next activated.", Id);
                DeactivateOnIdle();
            }
        }

        return result;
    }

    /// <summary>The entries of the last change are in the state but not yet in the log.</summary>
    private bool HistoryBehind =>
        !store.State.PendingHistory.IsDefaultOrEmpty
        && long.Parse(store.State.PendingHistory[0].Id, CultureInfo.InvariantCulture) >= history.NextSequence;

    private async Task CatchUpHistoryAsync()
    {
        if (HistoryBehind)
        {
            await history.AppendAsync(store.State.PendingHistory);
        }
    }

    private async Task CatchUpHistoryFromTimerAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CatchUpHistoryAsync();
        }
        catch (Exception exception)
        {
            // The next change or read of the history tries again.
            logger.LogWarning(exception, "Member {MemberId} could not catch its history up with its state.", Id);
        }
    }

    /// <summary>
    /// Sends the contributions of <paramref name="next"/> that differ from the committed ones (new
    /// and changed first, so an unknown organization refuses before anything is withdrawn; each group
    /// at once, since organizations are independent), then commits. On failure, restores the committed
    /// contributions where it had sent new ones.
    /// </summary>
    private async Task<ProfileOutcome> CommitAsync(MemberState next, ProfileOutcome outcome)
    {
        var version = store.State.Version + 1;
        next.Version = version;

        // An empty ledger needs no reading to know its months: a new member reports them from its first commit.
        next.PointsByMonth ??= ledger.NextSequence == 1 ? MonthlyPoints.Empty : null;
        var before = MemberContributions.Of(Id, store.State, version);
        var after = MemberContributions.Of(Id, next, version);
        var sent = new List<string>();
        _busy = true;
        try
        {
            await SendAsync(after
                .Where(target => !before.TryGetValue(target.Key, out var old)
                    || old.Counters != target.Value.Counters || old.Ties != target.Value.Ties || old.Months != target.Value.Months
                    || old.Card != target.Value.Card)
                .ToList(), sent);
            await SendAsync(before.Keys
                .Where(orgId => !after.ContainsKey(orgId))
                .Select(orgId => KeyValuePair.Create(orgId, Withdrawn(version)))
                .ToList(), sent);

            await store.ReplaceOrDeactivateAsync(this, next);

            return outcome;
        }
        catch
        {
            await RestoreAsync(sent, before, version);
            throw;
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>
    /// Sends contributions to their organizations at once; records in <paramref name="sent"/> every
    /// organization that may have applied one (a failed call may still have landed), and rethrows the
    /// first failure in the order given.
    /// </summary>
    private async Task SendAsync(List<KeyValuePair<string, Contribution>> targets, List<string> sent)
    {
        if (targets.Count == 0)
        {
            return;
        }

        var calls = targets.Select(target => Node(target.Key).ApplyContribution(target.Value)).ToArray();
        sent.AddRange(targets.Select(target => target.Key));
        try
        {
            await Task.WhenAll(calls);
        }
        catch
        {
            // The refusal a caller sees must not depend on which answer came first.
            await calls.First(call => !call.IsCompletedSuccessfully);
            throw;
        }
    }

    private async Task RestoreAsync(List<string> sent, Dictionary<string, Contribution> before, long version)
    {
        foreach (var orgId in sent)
        {
            try
            {
                await Node(orgId).ApplyContribution(before.GetValueOrDefault(orgId) ?? Withdrawn(version));
            }
            catch (Exception exception)
            {
                // The organization's reconciliation asks this member again.
                logger.LogWarning(exception, "Member {MemberId} could not restore its contribution to {OrgId}.", Id, orgId);
            }
        }
    }

    private bool LedgerAhead => ledger.NextSequence - 1 > store.State.PointsThrough;

    /// <summary>A member stored before points per month were kept: they are rebuilt from the ledger (and sent to the organization of record).</summary>
    private bool MonthsMissing => store.State.Profile is not null && store.State.PointsByMonth is null;

    /// <summary>The ledger, read once per activation, with the balance and the months caught up to it.</summary>
    private async Task<List<PointsEntry>> LoadPointsAsync()
    {
        if (_entries is null)
        {
            var entries = new List<PointsEntry>();
            _bySource.Clear();
            foreach (var record in await ledger.ReadAsync(1))
            {
                Remember(entries, record.Entry);
            }

            _entries = entries;
        }

        if (LedgerAhead || MonthsMissing)
        {
            var all = _entries.Where(e => long.Parse(e.Id, CultureInfo.InvariantCulture) > store.State.PointsThrough).ToList();
            var behind = all.Where(e => !PointsSources.IsSpending(e.Source)).ToList();
            var next = store.State.Copy();
            next.PointsTotal += behind.Sum(e => (long)e.Points);
            next.PointsSpent -= all.Where(e => PointsSources.IsSpending(e.Source)).Sum(e => (long)e.Points);
            next.PointsByMonth = store.State.PointsByMonth is { } months
                ? behind.Aggregate(months, (folded, e) => folded.Add(e.At, e.Points))
                : MonthlyPoints.Of(_entries);
            next.PointsThrough = ledger.NextSequence - 1;
            await CommitAsync(next, ProfileOutcome.Updated);
        }

        return _entries;
    }

    private async Task CatchUpFromTimerAsync(CancellationToken cancellationToken)
    {
        try
        {
            await LoadPointsAsync();
        }
        catch (Exception exception)
        {
            // The next call that reads points tries again.
            logger.LogWarning(exception, "Member {MemberId} could not catch its points up with its ledger.", Id);
        }
    }

    private void Remember(List<PointsEntry> entries, PointsEntry entry)
    {
        entries.Add(entry);
        _bySource[(entry.Source, entry.SourceId)] = entry;
    }

    private async Task<ChildRollup> EnsureExistsAsync(string orgId, bool grid, string field)
    {
        var org = await Node(orgId).GetChildRollup();
        if (!org.Exists)
        {
            throw new DomainException(DomainErrorKind.UnknownReference, grid ? DomainErrors.GridNotFound : DomainErrors.OrgNotFound,
                $"{(grid ? "Grid" : "Organization")} '{orgId}' does not exist.") { Field = field };
        }

        if (grid && org.Kind != OrganizationKind.Grid)
        {
            throw new DomainException(DomainErrorKind.UnknownReference, DomainErrors.NotAGrid, $"Organization '{orgId}' is not a grid.") { Field = field };
        }

        return org;
    }

    private Contribution Withdrawn(long version) => new(new SourceKey(SourceKind.Member, Id), RollupCounters.Zero, SourceTies.None, version);

    private MemberProfile RequireProfile() => store.State.Profile
        ?? throw new DomainException(DomainErrorKind.NotFound, DomainErrors.MemberNotFound, $"Member '{Id}' does not exist.");

    private IRollupNode Node(string orgId) => GrainFactory.GetGrain<IRollupNode>(orgId);
}
