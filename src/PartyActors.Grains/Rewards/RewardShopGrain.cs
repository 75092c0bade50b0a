using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PartyActors.Grains;

/// <summary>
/// A community's reward shop (爱心超市), and the source of truth for its <c>redemptions</c> and
/// <c>pointsRedeemed</c> at the organization where it is counted (its community, or the one a merge
/// moved it to). Like a commitment, it sends its whole contribution before it commits its own state,
/// and restores it if its own write fails.
/// <para>
/// A redemption spans two grains, the shop (stock) and the member (points), and is exact under races
/// because each grain serializes its own side: the shop handles one request at a time (stock is never
/// oversold) and the member checks its balance and appends the spending entry in one turn (points are
/// never overspent). The steps: (1) the shop reserves the stock and records the redemption as
/// <see cref="RedemptionStatus.Pending"/>, durably; (2) the member spends the points, idempotently by
/// the redemption's ledger source id; (3) the shop confirms (<see cref="RedemptionStatus.Completed"/>,
/// counted). A refusal by the member (short of points, unknown or departed member) releases the
/// reservation. Any other failure, or a crash between the steps, leaves the redemption pending: a
/// reminder registered before the reservation, every activation, and every later redemption drive
/// it on by asking the member to spend again (a repeat finds the first entry), then confirm or
/// release. A cancellation works the same way: marked <see cref="RedemptionStatus.Cancelling"/>,
/// refunded by the member (idempotently), then cancelled and the stock restored.
/// </para>
/// </summary>
[GrainType("reward-shop")]
internal sealed class RewardShopGrain(
    [PersistentState("reward-shop")] IPersistentState<RewardShopState> store,
    TimeProvider time,
    IOptions<RewardOptions> options,
    ILogger<RewardShopGrain> logger) : Grain, IRewardShopGrain, IRemindable
{
    private const string RecoveryReminder = "reward-shop-recovery";

    private bool _busy;

    /// <summary>Whether this activation registered the recovery reminder (it then stays until recovery finds nothing to do).</summary>
    private bool _recoveryScheduled;

    private string Id => this.GetPrimaryKeyString();

    private RewardShopState State => store.State;

    /// <summary>Where the figures are counted now.</summary>
    private string CountedAt => State.CountedAt.Length == 0 ? Id : State.CountedAt;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!State.Unsettled.IsEmpty)
        {
            // A turn of its own after activation: recovery calls members, which may be busy.
            this.RegisterGrainTimer(RecoverFromTimerAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        }

        return Task.CompletedTask;
    }

    public async Task<RewardSaved> SaveReward(string rewardId, RewardTerms terms, int initialStock, string by)
    {
        RequireId("rewardId", rewardId);
        RewardRules.Validate(terms);
        RewardRules.Throw("stock", RewardRules.CheckInitialStock(initialStock));
        await RequireShopOrganizationAsync();
        var now = time.GetUtcNow();
        var cleaned = terms with { Name = terms.Name.Trim(), Description = string.IsNullOrWhiteSpace(terms.Description) ? null : terms.Description.Trim() };
        var created = !State.Items.TryGetValue(rewardId, out var existing);
        var item = existing is null
            ? new RewardItem(rewardId, Id, cleaned.Name, cleaned.Description, cleaned.Cost, initialStock, cleaned.Active, now, now)
            : existing with { Name = cleaned.Name, Description = cleaned.Description, Cost = cleaned.Cost, Active = cleaned.Active, UpdatedAt = now };
        var next = State.Copy();
        next.Items = next.Items.SetItem(rewardId, item);
        await CommitAsync(next);
        logger.LogInformation("Reward {RewardId} of shop {ShopId} {Change} by {By}: cost {Cost}, stock {Stock}, active {Active}.",
            rewardId, Id, created ? "created" : "changed", by, item.Cost, item.Stock, item.Active);
        return new RewardSaved(item, created);
    }

    public async Task<RewardItem> Restock(string rewardId, int quantity, string by)
    {
        RewardRules.Throw("quantity", RewardRules.CheckRestock(quantity));
        var item = RequireReward(rewardId);
        if (item.Stock + quantity < 0)
        {
            throw new DomainException(DomainErrorKind.Conflict, RewardRules.StockBelowZero,
                $"Reward '{rewardId}' has {item.Stock} in stock; {-quantity} cannot be written off.") { Field = "quantity" };
        }

        var changed = item with { Stock = item.Stock + quantity, UpdatedAt = time.GetUtcNow() };
        var next = State.Copy();
        next.Items = next.Items.SetItem(rewardId, changed);
        await CommitAsync(next);
        logger.LogInformation("Reward {RewardId} of shop {ShopId} restocked by {Quantity} by {By}: {Stock} in stock.", rewardId, Id, quantity, by, changed.Stock);
        return changed;
    }

    public Task<ImmutableArray<RewardItem>> GetRewards() =>
        Task.FromResult<ImmutableArray<RewardItem>>([.. State.Items.Values.OrderBy(i => i.Id, StringComparer.Ordinal)]);

    public Task<RewardItem?> GetReward(string rewardId) => Task.FromResult(State.Items.GetValueOrDefault(rewardId));

    public async Task<Redemption> Redeem(RedemptionOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        RewardRules.Throw("quantity", RewardRules.CheckQuantity(order.Quantity, options.Value.MaxQuantity));
        RequireId("memberId", order.MemberId);

        // What an earlier failure left pending goes first: its stock is reserved and its member may have paid.
        await RecoverAsync();
        var key = order.Key is { Length: > 0 } k ? order.By + "\n" + k : null;
        if (key is not null && State.Keys.TryGetValue(key, out var knownId) && Find(knownId) is { } known)
        {
            if (known.RewardId != order.RewardId || known.MemberId != order.MemberId || known.Quantity != order.Quantity)
            {
                throw new DomainException(DomainErrorKind.UnknownReference, "idempotency-key-reused",
                    "This idempotency key was used for another redemption; use a new key for a new request.");
            }

            return known;
        }

        var item = RequireReward(order.RewardId);
        if (!item.Active)
        {
            throw new DomainException(DomainErrorKind.Conflict, RewardRules.RewardInactive, $"Reward '{item.Id}' is not offered now.") { Field = "rewardId" };
        }

        if (item.Stock < order.Quantity)
        {
            throw new DomainException(DomainErrorKind.Conflict, RewardRules.OutOfStock,
                $"Reward '{item.Id}' has {item.Stock} in stock; {order.Quantity} asked for.") { Field = "quantity" };
        }

        var redemption = new Redemption(RewardRules.RedemptionId(State.Redemptions.Count + 1), Id, item.Id, item.Name, order.MemberId,
            order.Quantity, item.Cost * order.Quantity, RedemptionStatus.Pending, time.GetUtcNow(), order.By);

        // Registered before the reservation is durable, so a crash after it leaves something that drives it on.
        await ScheduleRecoveryAsync();
        var next = State.Copy();
        next.Items = next.Items.SetItem(item.Id, item with { Stock = item.Stock - order.Quantity });
        next.Redemptions = next.Redemptions.Add(redemption);
        next.Unsettled = next.Unsettled.Add(redemption.Id);
        if (key is not null)
        {
            next.Keys = next.Keys.SetItem(key, redemption.Id);
        }

        await CommitAsync(next);
        return await SettleAsync(redemption);
    }

    public async Task<Redemption> Cancel(string redemptionId, string by)
    {
        var redemption = RequireRedemption(redemptionId);
        if (redemption.Status == RedemptionStatus.Pending)
        {
            await RecoverAsync();
            redemption = RequireRedemption(redemptionId);
            if (redemption.Status == RedemptionStatus.Pending)
            {
                throw new DomainException(DomainErrorKind.Conflict, DomainErrors.ConcurrentChange,
                    $"Redemption '{redemptionId}' is still being completed; try again shortly.");
            }
        }

        if (redemption.Status == RedemptionStatus.Cancelled)
        {
            return redemption;
        }

        if (redemption.Status == RedemptionStatus.Completed)
        {
            await ScheduleRecoveryAsync();
            redemption = redemption with { Status = RedemptionStatus.Cancelling, CancelledBy = by };
            var next = State.Copy();
            Put(next, redemption);
            await CommitAsync(next);
        }

        return await FinishCancelAsync(redemption);
    }

    public Task<Redemption?> GetRedemption(string redemptionId) => Task.FromResult(Find(redemptionId));

    public Task<RedemptionPage> GetRedemptions(string? after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var start = after is null ? 0 : IndexAfter(after);
        var items = ImmutableArray.CreateBuilder<Redemption>();
        var position = start;
        for (; position < State.Redemptions.Count && items.Count < limit; position++)
        {
            if (State.Redemptions[position] is { Status: not RedemptionStatus.Refused } shown)
            {
                items.Add(shown);
            }
        }

        var more = State.Redemptions.Skip(position).Any(r => r.Status != RedemptionStatus.Refused);
        return Task.FromResult(new RedemptionPage(items.ToImmutable(), more ? State.Redemptions[position - 1].Id : null));
    }

    public Task<ContributionReport> GetContribution(string orgId)
    {
        if (_busy)
        {
            return Task.FromResult(new ContributionReport(Busy: true, null));
        }

        return Task.FromResult(new ContributionReport(Busy: false, string.Equals(orgId, CountedAt, StringComparison.Ordinal) ? ContributionOf(State) : null));
    }

    public async Task<bool> Relocate(string fromOrgId, string toOrgId)
    {
        ArgumentException.ThrowIfNullOrEmpty(fromOrgId);
        ArgumentException.ThrowIfNullOrEmpty(toOrgId);
        if (!string.Equals(fromOrgId, CountedAt, StringComparison.Ordinal) || fromOrgId == toOrgId)
        {
            return false;
        }

        if (!(await Node(toOrgId).GetChildRollup()).Exists)
        {
            throw new DomainException(DomainErrorKind.UnknownReference, DomainErrors.OrgNotFound, $"Organization '{toOrgId}' does not exist.");
        }

        var next = State.Copy();
        next.CountedAt = toOrgId == Id ? "" : toOrgId;
        await CommitAsync(next);
        logger.LogInformation("Reward shop {ShopId} is counted at {ToOrgId} instead of {FromOrgId}.", Id, toOrgId, fromOrgId);
        return true;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _recoveryScheduled = true;
        await RecoverAsync();
        if (State.Unsettled.IsEmpty)
        {
            await ForgetRecoveryAsync();
        }
    }

    /// <summary>
    /// Step 2 and 3 of a redemption (or their retry by recovery): the member spends, idempotently;
    /// the shop confirms. A refusal by the member releases the reservation and is rethrown; any other
    /// failure leaves the redemption pending for recovery and is rethrown.
    /// </summary>
    private async Task<Redemption> SettleAsync(Redemption redemption)
    {
        PointsSpendReceipt receipt;
        try
        {
            var reason = Reason($"积分兑换 {redemption.RewardName} × {redemption.Quantity.ToString(CultureInfo.InvariantCulture)}");
            receipt = await Member(redemption.MemberId).SpendPoints(new PointsSpend(redemption.Points, reason, redemption.LedgerSourceId));
        }
        catch (DomainException refusal)
        {
            await ReleaseAsync(redemption);
            logger.LogInformation("Redemption {RedemptionId} at shop {ShopId} refused by member {MemberId}: {Code}.", redemption.Id, Id, redemption.MemberId, refusal.Code);
            throw;
        }

        var completed = redemption with { Status = RedemptionStatus.Completed, BalanceAfter = receipt.Balance, CompletedAt = time.GetUtcNow() };
        var next = State.Copy();
        Put(next, completed);
        await CommitAsync(next);
        return completed;
    }

    /// <summary>Gives a refused redemption's items back to the stock; the redemption is kept as refused and its key forgotten (a retry may succeed).</summary>
    private async Task ReleaseAsync(Redemption redemption)
    {
        var next = State.Copy();
        if (next.Items.TryGetValue(redemption.RewardId, out var item))
        {
            next.Items = next.Items.SetItem(item.Id, item with { Stock = item.Stock + redemption.Quantity });
        }

        Put(next, redemption with { Status = RedemptionStatus.Refused });
        next.Keys = next.Keys.RemoveRange(next.Keys.Where(k => k.Value == redemption.Id).Select(k => k.Key).ToList());
        await CommitAsync(next);
    }

    /// <summary>The member gets the points back (idempotently), then the redemption is cancelled, uncounted, and its items go back to the stock.</summary>
    private async Task<Redemption> FinishCancelAsync(Redemption redemption)
    {
        await Member(redemption.MemberId).RefundPoints(redemption.LedgerSourceId, Reason("取消兑换 cancelled: " + redemption.RewardName));
        var cancelled = redemption with { Status = RedemptionStatus.Cancelled, CancelledAt = time.GetUtcNow() };
        var next = State.Copy();
        if (next.Items.TryGetValue(redemption.RewardId, out var item))
        {
            next.Items = next.Items.SetItem(item.Id, item with { Stock = item.Stock + redemption.Quantity });
        }

        Put(next, cancelled);
        await CommitAsync(next);
        logger.LogInformation("Redemption {RedemptionId} at shop {ShopId} cancelled by {By}; {Points} points refunded to member {MemberId}.",
            redemption.Id, Id, redemption.CancelledBy, redemption.Points, redemption.MemberId);
        return cancelled;
    }

    /// <summary>Drives every redemption left pending or cancelling to its end; what fails again stays for the next try (logged).</summary>
    private async Task RecoverAsync()
    {
        foreach (var id in State.Unsettled.ToList())
        {
            var redemption = Find(id);
            try
            {
                switch (redemption?.Status)
                {
                    case RedemptionStatus.Pending:
                        await SettleAsync(redemption);
                        break;
                    case RedemptionStatus.Cancelling:
                        await FinishCancelAsync(redemption);
                        break;
                    default:
                        break;
                }
            }
            catch (DomainException)
            {
                // Refused by the member and released: settled.
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Reward shop {ShopId} could not settle redemption {RedemptionId} yet.", Id, id);
            }
        }
    }

    private async Task RecoverFromTimerAsync(CancellationToken cancellationToken)
    {
        await RecoverAsync();
        if (!State.Unsettled.IsEmpty)
        {
            await ScheduleRecoveryAsync();
        }
    }

    /// <summary>Sends the contribution of <paramref name="next"/> where it is counted if it changed (withdrawing it where it was), then commits; restores on failure.</summary>
    private async Task CommitAsync(RewardShopState next)
    {
        var version = State.Version + 1;
        next.Version = version;
        var from = CountedAt;
        var to = next.CountedAt.Length == 0 ? Id : next.CountedAt;
        var moved = from != to;
        var changed = moved || next.Counters() != State.Counters();
        var sent = new List<string>();
        _busy = true;
        try
        {
            if (changed)
            {
                sent.Add(to);
                await Node(to).ApplyContribution(ContributionOf(next));
                if (moved)
                {
                    sent.Add(from);
                    await Node(from).ApplyContribution(Withdrawn(version));
                }
            }

            await store.ReplaceOrDeactivateAsync(this, next);
        }
        catch
        {
            foreach (var orgId in sent)
            {
                await RestoreAsync(orgId, orgId == from ? ContributionOf(State) with { Version = version } : Withdrawn(version));
            }

            throw;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RestoreAsync(string orgId, Contribution committed)
    {
        try
        {
            await Node(orgId).ApplyContribution(committed);
        }
        catch (Exception exception)
        {
            // The organization's reconciliation asks this shop again.
            logger.LogWarning(exception, "Reward shop {ShopId} could not restore its contribution to {OrgId}.", Id, orgId);
        }
    }

    private async Task ScheduleRecoveryAsync()
    {
        if (!_recoveryScheduled)
        {
            var period = options.Value.RecoveryPeriod;
            await this.RegisterOrUpdateReminder(RecoveryReminder, period, period);
            _recoveryScheduled = true;
        }
    }

    private async Task ForgetRecoveryAsync()
    {
        try
        {
            if (await this.GetReminder(RecoveryReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _recoveryScheduled = false;
        }
        catch (Exception exception)
        {
            // It ticks again, finds nothing to do and tries again.
            logger.LogWarning(exception, "Reward shop {ShopId} could not remove its recovery reminder.", Id);
        }
    }

    private async Task RequireShopOrganizationAsync()
    {
        var org = await Node(Id).GetChildRollup();
        if (!org.Exists)
        {
            throw new DomainException(DomainErrorKind.NotFound, DomainErrors.OrgNotFound, $"Organization '{Id}' does not exist.");
        }

        if (!RewardRules.HasShop(org.Kind))
        {
            throw new DomainException(DomainErrorKind.UnknownReference, RewardRules.NotAShop,
                $"Organization '{Id}' is a {org.Kind}; only communities and villages run a reward shop (爱心超市).");
        }
    }

    private static void Put(RewardShopState next, Redemption redemption)
    {
        next.Redemptions = next.Redemptions.SetItem(IndexOf(redemption.Id), redemption);
        var settled = redemption.Status is RedemptionStatus.Completed or RedemptionStatus.Cancelled or RedemptionStatus.Refused;
        next.Unsettled = settled ? next.Unsettled.Remove(redemption.Id) : next.Unsettled.Contains(redemption.Id) ? next.Unsettled : next.Unsettled.Add(redemption.Id);
    }

    /// <summary>A ledger reason, cut to the ledger's limit.</summary>
    private static string Reason(string text) => text.Length > PointsRules.MaxReasonLength ? text[..PointsRules.MaxReasonLength] : text;

    private static int IndexOf(string redemptionId) => int.Parse(redemptionId.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture) - 1;

    /// <summary>The redemption with <paramref name="redemptionId"/>, unless refused or unknown.</summary>
    private Redemption? Find(string redemptionId)
    {
        if (redemptionId is not ['r', .. var digits] || digits.Length != 8 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || sequence < 1 || sequence > State.Redemptions.Count)
        {
            return null;
        }

        return State.Redemptions[sequence - 1] is { Status: not RedemptionStatus.Refused } found ? found : null;
    }

    /// <summary>The index of the first redemption whose id sorts after <paramref name="after"/> (ids sort in the order made).</summary>
    private int IndexAfter(string after)
    {
        int low = 0, high = State.Redemptions.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (string.CompareOrdinal(State.Redemptions[middle].Id, after) <= 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private RewardItem RequireReward(string rewardId) => State.Items.GetValueOrDefault(rewardId)
        ?? throw new DomainException(DomainErrorKind.NotFound, RewardRules.RewardNotFound, $"Shop '{Id}' has no reward '{rewardId}'.");

    private Redemption RequireRedemption(string redemptionId) => Find(redemptionId)
        ?? throw new DomainException(DomainErrorKind.NotFound, RewardRules.RedemptionNotFound, $"Shop '{Id}' has no redemption '{redemptionId}'.");

    private static void RequireId(string field, string? id)
    {
        if (!Ids.IsValid(id))
        {
            throw DomainErrors.Invalid(field, $"'{field}' must be an id: {Ids.Rule}.");
        }
    }

    private Contribution ContributionOf(RewardShopState state) => new(new SourceKey(SourceKind.RewardShop, Id), state.Counters(), SourceTies.None, state.Version);

    private Contribution Withdrawn(long version) => new(new SourceKey(SourceKind.RewardShop, Id), RollupCounters.Zero, SourceTies.None, version);

    private IMemberGrain Member(string memberId) => GrainFactory.GetGrain<IMemberGrain>(memberId);

    private IRollupNode Node(string orgId) => GrainFactory.GetGrain<IRollupNode>(orgId);
}
