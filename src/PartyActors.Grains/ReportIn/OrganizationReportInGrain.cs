using Microsoft.Extensions.Logging;

namespace PartyActors.Grains;

/// <summary>
/// Where one organization is reported in, and the source of truth for the community's list. Like a
/// member (docs/rollups.md, rule 1), it sends the community its tie, made durable there, before it
/// commits its own state, so a community never misses an organization reported in to it; the old
/// community of a move is untied only after the commit. A tie may so outlive its report (a failed
/// write, a crash, an untie that did not arrive): the community's reconciliation asks this grain
/// and takes its word, and the list route checks each entry against it.
/// </summary>
[GrainType("org-report-in")]
internal sealed class OrganizationReportInGrain(
    [PersistentState("org-report-in")] IPersistentState<OrganizationReportInState> store,
    TimeProvider time,
    ILogger<OrganizationReportInGrain> logger) : Grain, IOrganizationReportInGrain
{
    /// <summary>Deeper ancestor chains than this mean a damaged tree, not a deep one.</summary>
    private const int MaxDepth = 256;

    private bool _busy;

    private string Id => this.GetPrimaryKeyString();

    public async Task<OrganizationReportIn> ReportIn(string communityId)
    {
        ArgumentException.ThrowIfNullOrEmpty(communityId);
        var organization = await Node(Id).GetChildRollup();
        if (!organization.Exists)
        {
            throw new DomainException(DomainErrorKind.NotFound, DomainErrors.OrgNotFound, $"Organization '{Id}' does not exist.");
        }

        if (!OrganizationReportInRules.ReportsIn(organization.Kind))
        {
            throw new DomainException(DomainErrorKind.Conflict, OrganizationReportInRules.NotAStationedUnit,
                $"Organization '{Id}' is a {WireNames<OrganizationKind>.Name(organization.Kind)}; only units stationed in a community and their Party organizations report in.");
        }

        if (store.State.Current is { } current && current.CommunityId == communityId)
        {
            return current;
        }

        var community = await Node(communityId).GetChildRollup();
        if (!community.Exists)
        {
            throw new DomainException(DomainErrorKind.UnknownReference, OrganizationReportInRules.CommunityNotFound,
                $"Community '{communityId}' does not exist.") { Field = "communityId" };
        }

        if (!OrganizationReportInRules.TakesReportIns(community.Kind))
        {
            throw new DomainException(DomainErrorKind.UnknownReference, OrganizationReportInRules.NotACommunity,
                $"Organization '{communityId}' is a {WireNames<OrganizationKind>.Name(community.Kind)}, not a community or a village.") { Field = "communityId" };
        }

        if (await LiesUnderAsync(organization.ParentId, communityId))
        {
            throw new DomainException(DomainErrorKind.UnknownReference, OrganizationReportInRules.WithinCommunity,
                $"Organization '{Id}' already belongs to community '{communityId}'; units stationed there from outside report in.") { Field = "communityId" };
        }

        var now = time.GetUtcNow();
        var next = store.State.Copy();
        EndCurrent(next, now);
        next.Current = new OrganizationReportIn(communityId, now);
        next.History.Add(new OrganizationReportInPeriod(communityId, now, null));
        await CommitAsync(next);
        return next.Current;
    }

    public async Task WithdrawReportIn()
    {
        if (store.State.Current is null)
        {
            return;
        }

        var next = store.State.Copy();
        EndCurrent(next, time.GetUtcNow());
        next.Current = null;
        await CommitAsync(next);
    }

    public Task<OrganizationReportIn?> GetCurrent() => Task.FromResult(store.State.Current);

    public Task<OrganizationReportInHistory> GetHistory() =>
        Task.FromResult(new OrganizationReportInHistory(Id, store.State.Current, [.. store.State.History]));

    public async Task<bool> Relocate(string fromOrgId, string toOrgId)
    {
        ArgumentException.ThrowIfNullOrEmpty(fromOrgId);
        ArgumentException.ThrowIfNullOrEmpty(toOrgId);
        if (store.State.Current?.CommunityId != fromOrgId || fromOrgId == toOrgId)
        {
            return false;
        }

        // The unit now stands in the community that absorbed (or was split from) the old one: a move of its report-in, kept in its history.
        var now = time.GetUtcNow();
        var next = store.State.Copy();
        EndCurrent(next, now);
        next.Current = new OrganizationReportIn(toOrgId, now);
        next.History.Add(new OrganizationReportInPeriod(toOrgId, now, null));
        await CommitAsync(next);
        logger.LogInformation("Organization {OrgId} relocated its report-in from {FromOrgId} to {ToOrgId}.", Id, fromOrgId, toOrgId);
        return true;
    }

    public Task<ContributionReport> GetContribution(string orgId)
    {
        if (_busy)
        {
            return Task.FromResult(new ContributionReport(Busy: true, null));
        }

        var tie = store.State.Current?.CommunityId == orgId ? Tie(store.State.Version) : null;
        return Task.FromResult(new ContributionReport(Busy: false, tie));
    }

    private static void EndCurrent(OrganizationReportInState next, DateTimeOffset now)
    {
        if (next.History.Count > 0 && next.History[^1].To is null)
        {
            next.History[^1] = next.History[^1] with { To = now };
        }
    }

    /// <summary>Whether <paramref name="communityId"/> is <paramref name="parentId"/> or one of its ancestors.</summary>
    private async Task<bool> LiesUnderAsync(string? parentId, string communityId)
    {
        var current = parentId;
        for (var depth = 0; current is not null && depth < MaxDepth; depth++)
        {
            if (current == communityId)
            {
                return true;
            }

            current = await Node(current).GetParentId();
        }

        return false;
    }

    /// <summary>
    /// Ties the new community (if it changed), commits, then unties the old one. So every community
    /// this organization is reported in to holds its tie whatever fails or crashes: a tie may
    /// outlive the report (the write failed, or the untie did not arrive), never the other way round,
    /// and the community's reconciliation drops what this grain disowns. If the write fails, the new
    /// community is untied at once.
    /// </summary>
    private async Task CommitAsync(OrganizationReportInState next)
    {
        var version = store.State.Version + 1;
        next.Version = version;
        var before = store.State.Current?.CommunityId;
        var after = next.Current?.CommunityId;
        var tying = after is not null && after != before;
        _busy = true;
        try
        {
            if (tying)
            {
                await Node(after!).ApplyContribution(Tie(version));
            }

            await store.ReplaceOrDeactivateAsync(this, next);
        }
        catch
        {
            if (tying)
            {
                // A tie call that failed may still have landed.
                await UntieAsync(after!, version);
            }

            throw;
        }
        finally
        {
            _busy = false;
        }

        if (before is not null && before != after)
        {
            await UntieAsync(before, version);
        }
    }

    private async Task UntieAsync(string communityId, long version)
    {
        try
        {
            await Node(communityId).ApplyContribution(Untied(version));
        }
        catch (Exception exception)
        {
            // The community keeps a tie this grain disowns until its reconciliation asks here; its list never shows it.
            logger.LogWarning(exception, "Organization {OrgId} could not untie its report-in at {CommunityId}.", Id, communityId);
        }
    }

    private Contribution Tie(long version) => new(Source, RollupCounters.Zero, SourceTies.StationedIn, version);

    private Contribution Untied(long version) => new(Source, RollupCounters.Zero, SourceTies.None, version);

    private SourceKey Source => new(SourceKind.OrganizationReportIn, Id);

    private IRollupNode Node(string orgId) => GrainFactory.GetGrain<IRollupNode>(orgId);
}
