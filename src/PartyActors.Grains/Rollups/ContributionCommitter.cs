using Microsoft.Extensions.Logging;

namespace PartyActors.Grains;

/// <summary>
/// The one way a roll-up source commits a change (see docs/rollups.md, "Sources with deadlines: one
/// protocol"). The organization is sent the source's whole new contribution first and makes it
/// durable; then the source writes its own state. If that write fails the committed state comes
/// back, the activation deactivates once idle (whether the write landed is unknown, so the next call reads the
/// store again) and the committed contribution is sent again under the new version, so that it
/// replaces the one sent. A move to another organization is counted there before the source names
/// it, and let go at the old one only after the write: a crash between leaves a contribution the
/// old organization's reconciliation drops, never a source counted nowhere.
/// <para>
/// While a commit is in flight, <see cref="Report"/> answers busy: an organization reconciling then
/// asks again later rather than taking a state about to change. A grain owns one of these (composition
/// rather than a base class: the four sources share this sequence, not their shape, and each keeps
/// its own grain type, state and indexes).
/// </para>
/// </summary>
internal sealed class ContributionCommitter<TState>(
    IGrainBase grain,
    IPersistentState<TState> store,
    SourceKey source,
    IGrainFactory grains,
    ILogger logger) where TState : class, IRollupSourceState
{
    private bool _busy;

    /// <summary>The answer to <see cref="IRollupSource.GetContribution"/>: busy while a commit is in flight, else what the committed state adds at <paramref name="orgId"/>.</summary>
    public ContributionReport Report(string orgId) =>
        _busy ? new ContributionReport(Busy: true, null)
        : new ContributionReport(Busy: false, string.Equals(store.State.CountedAt(), orgId, StringComparison.Ordinal) ? ContributionOf(store.State) : null);

    /// <summary>
    /// Commits <paramref name="next"/> (a copy of the state, stamped here with the next version):
    /// sends its contribution if it changed or moved, writes, restores on a failed write and rethrows.
    /// </summary>
    public async Task CommitAsync(TState next)
    {
        var committed = store.State;
        var version = committed.Version + 1;
        next.Version = version;
        var to = next.CountedAt() ?? throw new ArgumentException("A committed source is counted somewhere.", nameof(next));
        var from = committed.CountedAt() ?? to;
        var moved = !string.Equals(from, to, StringComparison.Ordinal);
        var sent = moved ? !next.Counters().IsZero : next.Counters() != committed.Counters();
        _busy = true;
        try
        {
            if (sent)
            {
                await Node(to).ApplyContribution(ContributionOf(next));
            }

            store.State = next;
            try
            {
                await store.WriteStateAsync();
            }
            catch
            {
                store.State = committed;
                grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "The outcome of a write is unknown."));
                if (sent)
                {
                    await SendQuietlyAsync(to, moved ? Empty(version) : ContributionOf(committed) with { Version = version });
                }

                throw;
            }
        }
        finally
        {
            _busy = false;
        }

        if (moved)
        {
            await SendQuietlyAsync(from, Empty(version));
        }
    }

    private async Task SendQuietlyAsync(string orgId, Contribution contribution)
    {
        try
        {
            await Node(orgId).ApplyContribution(contribution);
        }
        catch (Exception exception)
        {
            // The organization's reconciliation asks this source again.
            logger.LogWarning(exception, "Source {Source} could not restore its contribution to {OrgId}.", source, orgId);
        }
    }

    private Contribution ContributionOf(TState state) => new(source, state.Counters(), SourceTies.None, state.Version);

    private Contribution Empty(long version) => new(source, RollupCounters.Zero, SourceTies.None, version);

    private IRollupNode Node(string orgId) => grains.GetGrain<IRollupNode>(orgId);
}
