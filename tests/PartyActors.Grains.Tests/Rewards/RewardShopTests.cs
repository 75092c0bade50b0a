namespace PartyActors.Grains.Tests.Rewards;

/// <summary>
/// Reward shops (爱心超市): spending points apart from the lifetime total, the catalogue, redemptions
/// exact under races, cancellation, crash recovery between the shop's and the member's steps, and
/// the shop's figures in roll-ups (also after its community is merged away).
/// </summary>
public sealed class RewardShopTests
{
    /// <summary>District d, community c with a branch b, village v, street s; members m1..m5 of b.</summary>
    private static async Task<DomainHarness> TreeAsync(Action<ISiloBuilder>? silo = null)
    {
        var harness = await DomainHarness.StartAsync(silo: s =>
        {
            s.Configure<ReminderOptions>(o => o.RefreshReminderListPeriod = TimeSpan.FromMilliseconds(200));
            s.Configure<RewardOptions>(o => o.RecoveryPeriod = TimeSpan.FromMilliseconds(500));
            silo?.Invoke(s);
        });
        await harness.PlaceAsync("d", null, OrganizationKind.District);
        await harness.PlaceAsync("s", "d", OrganizationKind.Street);
        await harness.PlaceAsync("c", "s", OrganizationKind.Community);
        await harness.PlaceAsync("v", "s", OrganizationKind.Village);
        await harness.PlaceAsync("b", "c");
        for (var i = 1; i <= 5; i++)
        {
            await harness.EnrollAsync("m" + i, "b");
        }

        return harness;
    }

    private static IRewardShopGrain Shop(DomainHarness harness, string id = "c") => harness.Factory.GetGrain<IRewardShopGrain>(id);

    private static Task<RewardSaved> StockAsync(DomainHarness harness, string rewardId, int cost, int stock, string shopId = "c") =>
        Shop(harness, shopId).SaveReward(rewardId, new RewardTerms("《人民日报》一期 " + rewardId, "订阅一期", cost, Active: true), stock, "admin");

    private static Task AwardAsync(DomainHarness harness, string memberId, int points, string sourceId = "start") =>
        harness.Member(memberId).AwardPoints(new PointsAward(points, "志愿服务", PointsSources.Manual, sourceId));

    private static Task<Redemption> RedeemAsync(DomainHarness harness, string memberId, string rewardId = "paper", int quantity = 1, string shopId = "c", string? key = null) =>
        Shop(harness, shopId).Redeem(new RedemptionOrder(rewardId, memberId, quantity, memberId, key));

    private static async Task AssertRolledUpAsync(DomainHarness harness, string orgId, long redemptions, long points) =>
        await DomainHarness.EventuallyAsync(async () =>
        {
            var metrics = (await harness.Org(orgId).GetRollup()).Metrics;
            return metrics[Metric.Redemptions] == redemptions && metrics[Metric.PointsRedeemed] == points;
        }, $"{orgId} rolls up {redemptions} redemptions of {points} points");

    [Fact]
    public async Task Redeeming_spends_the_balance_and_leaves_the_lifetime_total_the_months_and_the_points_roll_up_alone()
    {
        await using var harness = await TreeAsync();
        await AwardAsync(harness, "m1", 50);
        await StockAsync(harness, "paper", cost: 15, stock: 5);

        var redemption = await RedeemAsync(harness, "m1", quantity: 2);

        Assert.Equal(RedemptionStatus.Completed, redemption.Status);
        Assert.Equal("r00000001", redemption.Id);
        Assert.Equal(30, redemption.Points);
        Assert.Equal(20, redemption.BalanceAfter);
        var ledger = await harness.Member("m1").GetPoints(null, null);
        Assert.Equal(50, ledger.Total);
        Assert.Equal(30, ledger.Spent);
        Assert.Equal(20, ledger.Balance);
        var spent = ledger.Entries[0];
        Assert.Equal((-30, PointsSources.Redemption, "c/r00000001"), (spent.Points, spent.Source, spent.SourceId));
        var details = (await harness.Member("m1").GetDetails())!.Points;
        Assert.Equal((50, 50, 50), (details.Total, details.ThisMonth, details.ThisYear));
        Assert.Equal(3, (await Shop(harness).GetReward("paper"))!.Stock);
        await AssertRolledUpAsync(harness, "d", 1, 30);
        Assert.Equal(50, (await harness.Org("d").GetRollup()).Metrics[Metric.Points]);

        // The lifetime total, not the balance, still gates applicant → activist.
        await harness.EnrollAsync("m6", "b", MemberStatus.Applicant);
        await AwardAsync(harness, "m6", 30);
        await StockAsync(harness, "check", cost: 30, stock: 1);
        await RedeemAsync(harness, "m6", "check");
        Assert.Equal(ProfileOutcome.Updated, await harness.EnrollAsync("m6", "b", MemberStatus.Activist));
    }

    [Fact]
    public async Task Cancelling_refunds_the_points_restores_the_stock_and_the_roll_up_and_is_idempotent()
    {
        await using var harness = await TreeAsync();
        await AwardAsync(harness, "m1", 40);
        await StockAsync(harness, "paper", cost: 10, stock: 4);
        var first = await RedeemAsync(harness, "m1", quantity: 3);
        await RedeemAsync(harness, "m1");
        await AssertRolledUpAsync(harness, "c", 2, 40);

        var cancelled = await Shop(harness).Cancel(first.Id, "counter");
        var again = await Shop(harness).Cancel(first.Id, "counter");

        Assert.Equal(RedemptionStatus.Cancelled, cancelled.Status);
        Assert.Equal(cancelled, again);
        var ledger = await harness.Member("m1").GetPoints(null, null);
        Assert.Equal((40L, 10L, 30L), (ledger.Total, ledger.Spent, ledger.Balance));
        Assert.Single(ledger.Entries, e => e.Source == PointsSources.RedemptionRefund && e.SourceId == "c/" + first.Id && e.Points == 30);
        Assert.Equal(3, (await Shop(harness).GetReward("paper"))!.Stock);
        await AssertRolledUpAsync(harness, "d", 1, 10);
        await Assert.ThrowsAsync<DomainException>(() => Shop(harness).Cancel("r00000099", "counter"));
    }

    [Fact]
    public async Task Spending_is_idempotent_by_source_id_and_refused_beyond_the_balance()
    {
        await using var harness = await TreeAsync();
        var member = harness.Member("m1");
        await AwardAsync(harness, "m1", 10);

        var first = await member.SpendPoints(new PointsSpend(8, "兑换", "x/r1"));
        var repeat = await member.SpendPoints(new PointsSpend(8, "兑换", "x/r1"));
        var refused = await Assert.ThrowsAsync<DomainException>(() => member.SpendPoints(new PointsSpend(3, "兑换", "x/r2")));
        var award = await Assert.ThrowsAsync<DomainException>(() => member.AwardPoints(new PointsAward(5, "冒充", PointsSources.RedemptionRefund, "x/r1")));

        Assert.True(repeat.Repeat);
        Assert.Equal(first.Entry, repeat.Entry);
        Assert.Equal(2, first.Balance);
        Assert.Equal(RewardRules.InsufficientPoints, refused.Code);
        Assert.Equal("source", award.Field);
        Assert.Null(await member.RefundPoints("x/none", "退还"));
        Assert.Equal(10, (await member.RefundPoints("x/r1", "退还"))!.Balance);
        Assert.True((await member.RefundPoints("x/r1", "退还"))!.Repeat);
        var ledger = await member.GetPoints(null, null);
        Assert.Equal((10L, 0L, 10L, 3), (ledger.Total, ledger.Spent, ledger.Balance, ledger.Entries.Length));
    }

    [Fact]
    public async Task The_catalogue_is_kept_by_communities_and_villages_and_refuses_what_cannot_be_redeemed()
    {
        await using var harness = await TreeAsync();
        await AwardAsync(harness, "m1", 100);

        Assert.Equal(RewardRules.NotAShop, (await Assert.ThrowsAsync<DomainException>(() => StockAsync(harness, "paper", 5, 1, shopId: "s"))).Code);
        Assert.Equal(DomainErrorKind.UnknownReference, (await Assert.ThrowsAsync<DomainException>(() => StockAsync(harness, "paper", 5, 1, shopId: "b"))).Kind);
        Assert.Equal(DomainErrors.OrgNotFound, (await Assert.ThrowsAsync<DomainException>(() => StockAsync(harness, "paper", 5, 1, shopId: "nowhere"))).Code);
        Assert.True((await StockAsync(harness, "eggs", 5, 2, shopId: "v")).Created);
        Assert.Equal("cost", (await Assert.ThrowsAsync<DomainException>(() => StockAsync(harness, "paper", 0, 1))).Field);

        var created = await StockAsync(harness, "paper", 5, 2);
        var changed = await Shop(harness).SaveReward("paper", new RewardTerms(" 报纸 ", null, 6, Active: true), 99, "admin");
        Assert.True(created.Created);
        Assert.False(changed.Created);
        Assert.Equal(("报纸", 6, 2), (changed.Item.Name, changed.Item.Cost, changed.Item.Stock));

        Assert.Equal(RewardRules.OutOfStock, (await Assert.ThrowsAsync<DomainException>(() => RedeemAsync(harness, "m1", quantity: 3))).Code);
        Assert.Equal("quantity", (await Assert.ThrowsAsync<DomainException>(() => RedeemAsync(harness, "m1", quantity: 11))).Field);
        Assert.Equal(RewardRules.RewardNotFound, (await Assert.ThrowsAsync<DomainException>(() => RedeemAsync(harness, "m1", "none"))).Code);
        Assert.Equal(DomainErrors.MemberNotFound, (await Assert.ThrowsAsync<DomainException>(() => RedeemAsync(harness, "nobody"))).Code);
        Assert.Equal(RewardRules.StockBelowZero, (await Assert.ThrowsAsync<DomainException>(() => Shop(harness).Restock("paper", -3, "admin"))).Code);
        Assert.Equal(12, (await Shop(harness).Restock("paper", 10, "admin")).Stock);
        await Shop(harness).SaveReward("paper", new RewardTerms("报纸", null, 6, Active: false), 0, "admin");
        Assert.Equal(RewardRules.RewardInactive, (await Assert.ThrowsAsync<DomainException>(() => RedeemAsync(harness, "m1"))).Code);

        // Nothing refused changed the stock, the points or the list; the refused attempt of an unknown member is not shown.
        Assert.Equal(12, (await Shop(harness).GetReward("paper"))!.Stock);
        Assert.Equal(100, (await harness.Member("m1").GetPoints(null, null)).Balance);
        Assert.Empty((await Shop(harness).GetRedemptions(null, 100)).Items);
        Assert.Equal(["eggs"], (await Shop(harness, "v").GetRewards()).Select(r => r.Id));
    }

    [Fact]
    public async Task A_key_answers_the_first_redemption_and_pages_follow_the_order_made()
    {
        await using var harness = await TreeAsync();
        await AwardAsync(harness, "m1", 100);
        await StockAsync(harness, "paper", 5, 10);

        var first = await RedeemAsync(harness, "m1", key: "k1");
        var repeat = await RedeemAsync(harness, "m1", key: "k1");
        await Assert.ThrowsAsync<DomainException>(() => RedeemAsync(harness, "m1", quantity: 2, key: "k1"));
        for (var i = 0; i < 4; i++)
        {
            await RedeemAsync(harness, "m1");
        }

        Assert.Equal(first, repeat);
        Assert.Equal(75, (await harness.Member("m1").GetPoints(null, null)).Balance);
        var page = await Shop(harness).GetRedemptions(null, 3);
        var rest = await Shop(harness).GetRedemptions(page.Next, 3);
        Assert.Equal(["r00000001", "r00000002", "r00000003"], page.Items.Select(r => r.Id));
        Assert.Equal(["r00000004", "r00000005"], rest.Items.Select(r => r.Id));
        Assert.Null(rest.Next);
    }

    [Fact]
    public async Task Fifty_concurrent_redemptions_by_one_member_spend_exactly_the_balance_and_never_oversell()
    {
        await using var harness = await TreeAsync();
        await AwardAsync(harness, "m1", 70);
        await StockAsync(harness, "paper", cost: 10, stock: 10);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => OutcomeAsync(RedeemAsync(harness, "m1"))));

        Assert.Equal(7, attempts.Count(a => a == "ok"));
        Assert.Equal(43, attempts.Count(a => a == RewardRules.InsufficientPoints));
        Assert.Equal(3, (await Shop(harness).GetReward("paper"))!.Stock);
        var ledger = await harness.Member("m1").GetPoints(null, null);
        Assert.Equal((70L, 70L, 0L), (ledger.Total, ledger.Spent, ledger.Balance));
        Assert.Equal(7, (await Shop(harness).GetRedemptions(null, 100)).Items.Length);
        await AssertRolledUpAsync(harness, "d", 7, 70);
    }

    [Fact]
    public async Task Fifty_concurrent_redemptions_by_five_members_sell_exactly_the_stock_and_overspend_no_one()
    {
        await using var harness = await TreeAsync();
        for (var i = 1; i <= 5; i++)
        {
            await AwardAsync(harness, "m" + i, 30);
        }

        await StockAsync(harness, "paper", cost: 10, stock: 10);

        var orders = Enumerable.Range(0, 50).Select(i => "m" + ((i % 5) + 1)).ToArray();
        var attempts = await Task.WhenAll(orders.Select(m => OutcomeAsync(RedeemAsync(harness, m))));

        Assert.Equal(10, attempts.Count(a => a == "ok"));
        Assert.All(attempts.Where(a => a != "ok"), a => Assert.Contains(a, new[] { RewardRules.OutOfStock, RewardRules.InsufficientPoints }));
        Assert.Equal(0, (await Shop(harness).GetReward("paper"))!.Stock);
        long spent = 0;
        for (var i = 1; i <= 5; i++)
        {
            var ledger = await harness.Member("m" + i).GetPoints(null, null);
            Assert.InRange(ledger.Spent, 0, 30);
            Assert.Equal(30, ledger.Total);
            Assert.Equal(ledger.Total - ledger.Spent, ledger.Balance);
            Assert.Equal(-ledger.Spent, ledger.Entries.Where(e => e.Source == PointsSources.Redemption).Sum(e => (long)e.Points));
            spent += ledger.Spent;
        }

        Assert.Equal(100, spent);
        await AssertRolledUpAsync(harness, "d", 10, 100);
    }

    [Fact]
    public async Task One_member_redeeming_at_two_shops_at_once_never_spends_more_than_its_balance()
    {
        await using var harness = await TreeAsync();
        await AwardAsync(harness, "m1", 50);
        await StockAsync(harness, "paper", cost: 10, stock: 10);
        await StockAsync(harness, "paper", cost: 10, stock: 10, shopId: "v");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => OutcomeAsync(RedeemAsync(harness, "m1", shopId: i % 2 == 0 ? "c" : "v"))));

        Assert.Equal(5, attempts.Count(a => a == "ok"));
        var sold = 20 - (await Shop(harness).GetReward("paper"))!.Stock - (await Shop(harness, "v").GetReward("paper"))!.Stock;
        Assert.Equal(5, sold);
        Assert.Equal(0, (await harness.Member("m1").GetPoints(null, null)).Balance);
        await AssertRolledUpAsync(harness, "s", 5, 50);
    }

    [Fact]
    public async Task A_crash_after_the_reservation_and_before_the_spending_is_driven_to_completion_by_the_reminder()
    {
        var gate = new SpendGate();
        await using var harness = await TreeAsync(gate.Install);
        await AwardAsync(harness, "m1", 30);
        await StockAsync(harness, "paper", cost: 10, stock: 5);

        var redeeming = RedeemAsync(harness, "m1", quantity: 2);
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(20));
        await harness.CrashAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => redeeming);
        await harness.StartAsync();
        gate.Open();

        // Nobody asks the shop: its reminder activates it and it asks the member to spend.
        await DomainHarness.EventuallyAsync(async () => (await harness.Member("m1").GetPoints(null, null)).Balance == 10, "the member pays once");
        await DomainHarness.EventuallyAsync(async () => (await Shop(harness).GetRedemption("r00000001"))?.Status == RedemptionStatus.Completed, "the redemption completes");
        Assert.Equal(3, (await Shop(harness).GetReward("paper"))!.Stock);
        Assert.Single((await harness.Member("m1").GetPoints(null, null)).Entries, e => e.Source == PointsSources.Redemption);
        await AssertRolledUpAsync(harness, "d", 1, 20);
    }

    [Fact]
    public async Task A_crash_before_the_spending_is_undone_when_the_member_can_no_longer_pay()
    {
        var gate = new SpendGate();
        await using var harness = await TreeAsync(gate.Install);
        await AwardAsync(harness, "m1", 30);
        await StockAsync(harness, "paper", cost: 10, stock: 5);

        var redeeming = RedeemAsync(harness, "m1", quantity: 2);
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(20));
        await harness.CrashAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => redeeming);
        await harness.StartAsync();

        // While the spending waits, a deduction leaves the member 15 points: the redemption (20) is released.
        await harness.Member("m1").AwardPoints(new PointsAward(-15, "未履约", PointsSources.Manual, "late"));
        gate.Open();

        await DomainHarness.EventuallyAsync(async () => (await Shop(harness).GetReward("paper"))!.Stock == 5, "the reservation is released");
        Assert.Null(await Shop(harness).GetRedemption("r00000001"));
        Assert.Empty((await Shop(harness).GetRedemptions(null, 10)).Items);
        var ledger = await harness.Member("m1").GetPoints(null, null);
        Assert.Equal((15L, 0L, 15L), (ledger.Total, ledger.Spent, ledger.Balance));
        await AssertRolledUpAsync(harness, "d", 0, 0);
    }

    [Fact]
    public async Task A_crash_after_the_member_paid_and_before_the_shop_confirmed_completes_without_paying_twice()
    {
        await using var harness = await TreeAsync();
        await AwardAsync(harness, "m1", 30);
        await StockAsync(harness, "paper", cost: 10, stock: 5);

        // The member's ledger entry lands, its state write is held; then the silo dies.
        var hold = harness.Faults.HoldNextWrite(GrainId.Create("member", "m1"));
        var redeeming = RedeemAsync(harness, "m1");
        await hold.Reached.WaitAsync(TimeSpan.FromSeconds(20));
        await harness.CrashAsync();
        hold.Release();
        await Assert.ThrowsAnyAsync<Exception>(() => redeeming);
        await harness.StartAsync();

        await DomainHarness.EventuallyAsync(async () => (await Shop(harness).GetRedemption("r00000001"))?.Status == RedemptionStatus.Completed, "the redemption completes");
        var ledger = await harness.Member("m1").GetPoints(null, null);
        Assert.Equal((30L, 10L, 20L), (ledger.Total, ledger.Spent, ledger.Balance));
        Assert.Single(ledger.Entries, e => e.Source == PointsSources.Redemption);
        Assert.Equal(4, (await Shop(harness).GetReward("paper"))!.Stock);

        await AssertRolledUpAsync(harness, "d", 1, 10);
    }

    [Fact]
    public async Task A_crash_that_cuts_the_shop_s_confirmation_short_completes_without_paying_twice()
    {
        var gate = new SpendGate();
        await using var harness = await TreeAsync(gate.Install);
        await AwardAsync(harness, "m1", 30);
        await StockAsync(harness, "paper", cost: 10, stock: 5);

        // The reservation is durable and the spending waits; the shop's next write, its confirmation, is held.
        var redeeming = RedeemAsync(harness, "m1", quantity: 3);
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(20));
        var confirmation = harness.Faults.HoldNextWrite(GrainId.Create("reward-shop", "c"));
        gate.Open();
        await confirmation.Reached.WaitAsync(TimeSpan.FromSeconds(20));
        await harness.CrashAsync();
        confirmation.Release();
        await Assert.ThrowsAnyAsync<Exception>(() => redeeming);
        await harness.StartAsync();

        await DomainHarness.EventuallyAsync(async () => (await Shop(harness).GetRedemption("r00000001"))?.Status == RedemptionStatus.Completed, "the redemption completes");
        var ledger = await harness.Member("m1").GetPoints(null, null);
        Assert.Equal((30L, 30L, 0L), (ledger.Total, ledger.Spent, ledger.Balance));
        Assert.Single(ledger.Entries, e => e.Source == PointsSources.Redemption);
        Assert.Equal(2, (await Shop(harness).GetReward("paper"))!.Stock);
        await AssertRolledUpAsync(harness, "d", 1, 30);
    }

    [Fact]
    public async Task A_merged_community_s_shop_moves_its_figures_to_the_surviving_community()
    {
        await using var harness = await TreeAsync();
        await harness.PlaceAsync("c2", "d", OrganizationKind.Community);
        await AwardAsync(harness, "m1", 30);
        await StockAsync(harness, "paper", cost: 10, stock: 5);
        await RedeemAsync(harness, "m1", quantity: 2);
        await AssertRolledUpAsync(harness, "c", 1, 20);

        Assert.True(await Shop(harness).Relocate("c", "c2"));
        Assert.False(await Shop(harness).Relocate("c", "c2"));

        await AssertRolledUpAsync(harness, "c2", 1, 20);
        await AssertRolledUpAsync(harness, "c", 0, 0);
        await AssertRolledUpAsync(harness, "d", 1, 20);

        // It keeps its catalogue and history, and what it does next counts at c2.
        await RedeemAsync(harness, "m1");
        await AssertRolledUpAsync(harness, "c2", 2, 30);
        await AssertRolledUpAsync(harness, "s", 0, 0);
        Assert.Equal(2, (await Shop(harness).GetRedemptions(null, 10)).Items.Length);
    }

    private static async Task<string> OutcomeAsync(Task<Redemption> redeeming)
    {
        try
        {
            await redeeming;
            return "ok";
        }
        catch (DomainException refusal)
        {
            return refusal.Code;
        }
    }

    /// <summary>
    /// Holds the shop's calls to spend while closed, on the shop's side (the member stays free to
    /// take other calls), across silo generations (the filter is installed in each).
    /// </summary>
    private sealed class SpendGate
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;

        public void Open() => _open.TrySetResult();

        public void Install(ISiloBuilder silo) => silo.AddOutgoingGrainCallFilter(async call =>
        {
            if (call.MethodName == nameof(IMemberGrain.SpendPoints))
            {
                _reached.TrySetResult();
                await _open.Task;
            }

            await call.Invoke();
        });
    }
}
