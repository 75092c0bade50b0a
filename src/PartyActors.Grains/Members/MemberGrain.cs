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
/// rebuilt from the ledger in a member stored before they were kept.
/// </summary>
[GrainType("member")]
internal sealed class MemberGrain(
    [PersistentState("member")] IPersistentState<MemberState> store,
    [PersistentLog("points")] IGrainLog<PointsEntry> ledger,
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
        try
        {
            await ledger.AppendAsync([entry]);
        }
        catch
        {
            // Whether the entry landed is unknown: read the ledger again on the next call.
            DeactivateOnIdle();
            throw;
        }

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
        return new PointsLedger(store.State.PointsTotal, [.. selected]);
    }

    public async Task<ProfileOutcome> SetProfile(MemberProfile profile)
    {
        MemberRules.Validate(profile, time.GetUtcNow());
        if (!profile.Status.IsAttached())
        {
            // No organization will be told of this member, so none can refuse an unknown id: check here.
            await EnsureExistsAsync(profile.OrgId, grid: false, "orgId");
            if (profile.ResidenceGridId is { } residence)
            {
                await EnsureExistsAsync(residence, grid: true, "residenceGridId");
            }
        }

        if (store.State.Profile?.Status == MemberStatus.Applicant && profile.Status == MemberStatus.Activist)
        {
            await LoadPointsAsync();
            var threshold = pointsOptions.Value.ActivistThreshold;
            if (store.State.PointsTotal < threshold)
            {
                throw new DomainException(DomainErrorKind.Conflict, DomainErrors.PointsBelowThreshold,
                    $"Member '{Id}' has {store.State.PointsTotal} points; an applicant becomes an activist with at least {threshold}.") { Field = "status" };
            }
        }

        var next = store.State.Copy();
        var created = next.Profile is null;
        next.Profile = profile with { Name = profile.Name.Trim(), Skills = profile.Skills.IsDefault ? [] : profile.Skills };
        if (!profile.Status.IsAttached())
        {
            next.ReportedIn = null;
        }

        return await CommitAsync(next, created ? ProfileOutcome.Created : ProfileOutcome.Updated);
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
            entries.Where(e => e.At >= month).Sum(e => (long)e.Points),
            entries.Where(e => e.At >= year).Sum(e => (long)e.Points));
        return new MemberDetails(
            Id, p.Name, p.Status, p.Category, p.OrgId, p.ResidenceGridId, p.Gender, p.BirthYear, p.JoinedOn,
            PersonalData.Mask(p.Phone), PersonalData.Mask(p.IdNumber), p.Skills.IsDefault ? [] : p.Skills, store.State.ReportedIn, points);
    }

    public async Task Leave()
    {
        var profile = RequireProfile();
        if (profile.Status == MemberStatus.Left)
        {
            return;
        }

        var next = store.State.Copy();
        next.Profile = profile with { Status = MemberStatus.Left };
        next.ReportedIn = null;
        await CommitAsync(next, ProfileOutcome.Updated);
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

            var committed = store.State;
            store.State = next;
            try
            {
                await store.WriteStateAsync();
            }
            catch
            {
                store.State = committed;

                // Whether the write landed is unknown: read the store again on the next call.
                DeactivateOnIdle();
                throw;
            }

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
            var behind = _entries.Where(e => long.Parse(e.Id, CultureInfo.InvariantCulture) > store.State.PointsThrough).ToList();
            var next = store.State.Copy();
            next.PointsTotal += behind.Sum(e => (long)e.Points);
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
