using System.Globalization;

namespace PartyActors.Grains.Tests;

public sealed class RankingTests
{
    /// <summary>How the test re-enrols members at any status: an admin's correction (docs/member-status.md).</summary>
    private static readonly StatusChange ReEnrolment = new("tester", "re-enrolment by the test", Correction: true);

    /// <summary>district d → streets s1, s2 → communities → grids and a branch.</summary>
    private static readonly (string Id, string? Parent, OrganizationKind Kind)[] Tree =
    [
        ("d", null, OrganizationKind.District),
        ("s1", "d", OrganizationKind.Street), ("s2", "d", OrganizationKind.Street),
        ("c1", "s1", OrganizationKind.Community), ("c2", "s1", OrganizationKind.Community), ("c3", "s2", OrganizationKind.Community),
        ("g1", "c1", OrganizationKind.Grid), ("g2", "c1", OrganizationKind.Grid), ("b1", "c1", OrganizationKind.Branch),
        ("g3", "c2", OrganizationKind.Grid), ("g4", "c3", OrganizationKind.Grid),
    ];

    [Fact]
    public async Task Rankings_equal_a_recount_of_the_ledgers_after_awards_over_many_months_transfers_departures_and_a_crash()
    {
        var clock = new ShiftedClock(new DateTimeOffset(2024, 11, 3, 9, 0, 0, PointsRules.ChinaStandardTime));
        await using var harness = await DomainHarness.StartAsync(time: clock);
        var model = await PlaceTreeAsync(harness);
        var random = new Random(12);
        var orgIds = Tree.Select(o => o.Id).ToArray();
        for (var i = 0; i < 40; i++)
        {
            await model.EnrollAsync(harness, $"m{i:D2}", orgIds[random.Next(orgIds.Length)]);
        }

        // About 26 months, so that the latest year moves twice and the oldest months fall out of
        // what the organizations hold: rankings of them are partly recounted from the ledgers.
        for (var step = 0; step < 360; step++)
        {
            if (step % 4 == 0)
            {
                clock.Advance(TimeSpan.FromHours(random.Next(24 * 4, 24 * 14)));
            }

            if (step == 180)
            {
                await AssertRankingsAsync(harness, model);
                await model.AppendBeforeCrashAsync(harness, clock.GetUtcNow());
            }

            var memberId = $"m{random.Next(40):D2}";
            switch (random.Next(20))
            {
                case < 15:
                    await model.AwardAsync(harness, memberId, random.Next(-3, 11), $"s{step}");
                    break;
                case < 18:
                    await model.EnrollAsync(harness, memberId, orgIds[random.Next(orgIds.Length)]);
                    break;
                case 18:
                    await harness.Member(memberId).Leave();
                    model.Attached[memberId] = false;
                    break;
                default:
                    // A correction: a member who left may not move to transferred along the pipeline.
                    await harness.Member(memberId).SetProfile(
                        new MemberProfile("党员 " + memberId, MemberStatus.Transferred, MemberCategory.Retired, orgIds[random.Next(orgIds.Length)]), ReEnrolment);
                    model.Attached[memberId] = false;
                    break;
            }
        }

        Assert.True(model.Awards.Select(a => PointsRules.MonthOf(a.At)).Distinct().Count() > 20, "awards span many months");
        await AssertRankingsAsync(harness, model);
        await harness.RestartAsync();
        await AssertRankingsAsync(harness, model);

        // Within the years kept, every organization answers for all its members: a ranking asks none of them.
        var latestYear = model.Awards.Max(a => PointsRules.MonthOf(a.At)) / 12;
        var kept = new MonthRange((latestYear - MonthlyPoints.YearsKept + 1) * 12, (latestYear + 1) * 12);
        foreach (var (id, _, _) in Tree)
        {
            Assert.Empty((await harness.Org(id).GetPointsOfRecord(kept, 1)).Unresolved);
        }
    }

    [Fact]
    public async Task Members_stored_before_months_were_kept_are_recounted_until_they_rebuild_their_months_from_the_ledger()
    {
        var clock = new ShiftedClock(new DateTimeOffset(2026, 3, 3, 9, 0, 0, PointsRules.ChinaStandardTime));
        await using var harness = await DomainHarness.StartAsync(time: clock);
        var model = await PlaceTreeAsync(harness);
        for (var i = 0; i < 6; i++)
        {
            await model.EnrollAsync(harness, $"m{i}", i % 2 == 0 ? "g1" : "c2");
        }

        for (var i = 0; i < 5; i++)
        {
            await model.AwardAsync(harness, $"m{i}", 3 + i, "a");
            clock.Advance(TimeSpan.FromDays(20));
            await model.AwardAsync(harness, $"m{i}", -1, "b");
        }

        // What a store written before this change holds: members without months, and sources without them.
        var storage = harness.Store!;
        await harness.StopAsync();
        for (var i = 0; i < 6; i++)
        {
            await ChangeStoredAsync<MemberState>(storage, "member", $"m{i}", member => member.PointsByMonth = null);
        }

        foreach (var orgId in new[] { "g1", "c2" })
        {
            await ChangeStoredAsync<OrganizationState>(storage, "organization", orgId, org =>
            {
                foreach (var source in org.Sources.Values)
                {
                    source.Months = null;
                }
            });
        }

        await harness.StartAsync();
        var thisMonth = PointsRules.MonthOf(clock.GetUtcNow());
        var lastMonth = new MonthRange(thisMonth - 1, thisMonth);
        Assert.Equal(3, (await harness.Org("g1").GetPointsOfRecord(lastMonth, 10)).Unresolved.Length);

        // The first ranking asks those members for their ledgers, which makes them rebuild their months.
        await AssertRankingsAsync(harness, model);
        await DomainHarness.EventuallyAsync(async () =>
            (await harness.Org("g1").GetPointsOfRecord(lastMonth, 10)).Unresolved.IsEmpty && (await harness.Org("c2").GetPointsOfRecord(lastMonth, 10)).Unresolved.IsEmpty,
            "the members report their months again");
        await AssertRankingsAsync(harness, model);
    }

    private static async Task<PointsModel> PlaceTreeAsync(DomainHarness harness)
    {
        var model = new PointsModel();
        foreach (var (id, parent, kind) in Tree)
        {
            await harness.PlaceAsync(id, parent, kind);
            model.Parents[id] = parent;
        }

        return model;
    }

    /// <summary>
    /// Every month, quarter and year the awards span (and a few before them), for the district, a
    /// street, a community and a grid: the members ranking (all of them, and the top 5) and the
    /// children ranking equal the model's recount of the ledgers, and so does the recount through
    /// the grains. Polled until they do: after a crash, members catch up with their ledgers by themselves.
    /// </summary>
    private static async Task AssertRankingsAsync(DomainHarness harness, PointsModel model)
    {
        var months = model.Awards.Select(a => PointsRules.MonthOf(a.At)).ToList();
        var (first, last) = (months.Min(), months.Max());
        var periods = new List<(string Name, DateTimeOffset From, DateTimeOffset To)>();
        for (var month = first - 2; month <= last; month++)
        {
            periods.Add((PointsRules.MonthName(month), PointsRules.MonthStart(month), PointsRules.MonthStart(month + 1)));
            if (month % 3 == 0)
            {
                periods.Add(($"{PointsRules.MonthName(month)}+Q", PointsRules.MonthStart(month), PointsRules.MonthStart(month + 3)));
            }
        }

        for (var year = (first / 12) - 2; year <= last / 12; year++)
        {
            periods.Add((year.ToString(CultureInfo.InvariantCulture), PointsRules.MonthStart(year * 12), PointsRules.MonthStart((year + 1) * 12)));
        }

        await DomainHarness.EventuallyAsync(async () =>
        {
            foreach (var orgId in new[] { "d", "s1", "c1", "g1" })
            {
                var children = Tree.Where(o => o.Parent == orgId).Select(o => o.Id).ToArray();
                foreach (var (name, from, to) in periods)
                {
                    var expected = model.Ranking(orgId, from, to);
                    var all = await PointsRankings.RankMembersAsync(harness.Factory, orgId, from, to, 100);
                    var top = await PointsRankings.RankMembersAsync(harness.Factory, orgId, from, to, 5);
                    var totals = await PointsRankings.TotalsAsync(harness.Factory, children, from, to);
                    if (!all.SequenceEqual(expected) || !top.SequenceEqual(expected.Take(5))
                        || children.Any(c => totals[c] != model.Ranking(c, from, to).Sum(m => m.Points)))
                    {
                        return false;
                    }
                }
            }

            return true;
        }, "every ranking equals the recount of the ledgers", TimeSpan.FromSeconds(60));

        foreach (var (_, from, to) in periods.Where((_, i) => i % 5 == 0))
        {
            var recount = PointsRankings.Rank(await PointsRankings.RecountMembersAsync(harness.Factory, "d", from, to), 100);
            Assert.Equal(model.Ranking("d", from, to), recount);
        }
    }

    private static async Task ChangeStoredAsync<TState>(MemoryGrainStore storage, string type, string key, Action<TState> change)
        where TState : class
    {
        var id = GrainId.Create(type, key);
        var state = new GrainState<TState>();
        await storage.ReadStateAsync(type, id, state);
        change(state.State ?? throw new InvalidOperationException($"No stored state for {type}/{key}."));
        await storage.WriteStateAsync(type, id, state);
    }

    /// <summary>The members' organizations and ledgers as the test sent them: the recount every ranking is compared with.</summary>
    private sealed class PointsModel
    {
        public Dictionary<string, string?> Parents { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> OrgOfRecord { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, bool> Attached { get; } = new(StringComparer.Ordinal);

        public List<(string MemberId, DateTimeOffset At, int Points)> Awards { get; } = [];

        public async Task EnrollAsync(DomainHarness harness, string memberId, string orgId)
        {
            // A correction: a member who left or transferred out comes back as full past the pipeline.
            await harness.Member(memberId).SetProfile(new MemberProfile("党员 " + memberId, MemberStatus.Full, MemberCategory.Retired, orgId), ReEnrolment);
            OrgOfRecord[memberId] = orgId;
            Attached[memberId] = true;
        }

        public async Task AwardAsync(DomainHarness harness, string memberId, int points, string sourceId)
        {
            if (points == 0 || !Attached[memberId])
            {
                return;
            }

            var receipt = await harness.Member(memberId).AwardPoints(new PointsAward(points, "服务", PointsSources.Manual, sourceId));
            Awards.Add((memberId, receipt.Entry.At, points));
        }

        /// <summary>
        /// Crashes the cluster and appends an entry to an attached member's ledger as a crash between the
        /// append and the member's state write leaves it; then starts the cluster again.
        /// </summary>
        public async Task AppendBeforeCrashAsync(DomainHarness harness, DateTimeOffset at)
        {
            var memberId = Attached.First(m => m.Value && Awards.Any(a => a.MemberId == m.Key)).Key;
            var sequence = Awards.Count(a => a.MemberId == memberId) + 1;
            await harness.CrashAsync();
            var entry = new PointsEntry(sequence.ToString(CultureInfo.InvariantCulture), 6, "服务", PointsSources.Manual, "lost", at);
            await harness.Store!.AppendAsync("points", GrainId.Create("member", memberId), [new JsonGrainStateSerializer().SerializeToUtf8Bytes(entry)], sequence, default);
            Awards.Add((memberId, at, 6));
            await harness.StartAsync();
        }

        /// <summary>The members of record in <paramref name="orgId"/>'s subtree with their points in [from, to), ranked.</summary>
        public List<MemberPeriodPoints> Ranking(string orgId, DateTimeOffset from, DateTimeOffset to) =>
        [
            .. OrgOfRecord
                .Where(m => Attached[m.Key] && IsBelowOrSelf(m.Value, orgId))
                .Select(m => new MemberPeriodPoints(m.Key, m.Value, Awards.Where(a => a.MemberId == m.Key && a.At >= from && a.At < to).Sum(a => (long)a.Points)))
                .OrderByDescending(m => m.Points).ThenBy(m => m.MemberId, StringComparer.Ordinal),
        ];

        private bool IsBelowOrSelf(string orgId, string ancestorId)
        {
            for (string? id = orgId; id is not null; id = Parents[id])
            {
                if (id == ancestorId)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// The system clock moved on by a chosen amount: the grains see months pass in a test of seconds,
    /// while their timers (publication, catch-up, reconciliation) run in real time.
    /// </summary>
    private sealed class ShiftedClock(DateTimeOffset start) : TimeProvider
    {
        private readonly TimeSpan _origin = start - System.GetUtcNow();
        private long _shiftTicks;

        public void Advance(TimeSpan by) => Interlocked.Add(ref _shiftTicks, by.Ticks);

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _origin + TimeSpan.FromTicks(Interlocked.Read(ref _shiftTicks));
    }
}
