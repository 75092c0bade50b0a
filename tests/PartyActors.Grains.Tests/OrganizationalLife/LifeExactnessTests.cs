using System.Collections.Immutable;
using Microsoft.Extensions.Time.Testing;
using static PartyActors.Grains.Tests.OrganizationalLife.LifeClock;

namespace PartyActors.Grains.Tests.OrganizationalLife;

/// <summary>
/// meetingsRequired and meetingsHeld are exact at rest for every organization: random trees, members,
/// templates set and removed, meetings with and without quorum, moves, kind changes and clock moves
/// across reminder checkpoints and cycle boundaries (China Standard Time), each followed by a
/// comparison of every organization's roll-up with a recount from a model of its own.
/// </summary>
public sealed class LifeExactnessTests
{
    private static readonly OrganizationKind[] Kinds =
    [
        OrganizationKind.Branch, OrganizationKind.Grid, OrganizationKind.Community, OrganizationKind.PartyGroup,
        OrganizationKind.Street, OrganizationKind.GeneralBranch, OrganizationKind.JointBranch,
    ];

    private static readonly LifeOptions Defaults = new();

    [Theory]
    [InlineData(11)]
    [InlineData(29)]
    [InlineData(47)]
    public async Task Every_organizations_figures_equal_a_recount_after_random_changes_and_clock_moves(int seed)
    {
        var random = new Random(seed);
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 2, 20, 10, 0, 0, Cst));
        var lead = TimeSpan.FromDays(2);
        await using var harness = await StartAsync(clock, lead);
        var model = new Model();
        await CreateAsync(harness, model, random, "x-root", null, OrganizationKind.District);
        for (var i = 0; i < 12; i++)
        {
            await CreateAsync(harness, model, random, $"x-{i}", model.Pick(random), Kinds[random.Next(Kinds.Length)]);
        }

        var meetings = 0;
        for (var step = 0; step < 60; step++)
        {
            switch (random.Next(13))
            {
                case 0:
                    await CreateAsync(harness, model, random, $"x-n{step}", model.Pick(random), Kinds[random.Next(Kinds.Length)]);
                    break;
                case 1 or 2:
                    {
                        var orgId = model.Pick(random);
                        var template = random.Next(4) == 0 ? null : RandomTemplate(random);
                        await Life(harness, orgId).SetTemplate(template);
                        model.Templates[orgId] = template;
                        break;
                    }

                case 3 or 4:
                    {
                        var orgId = model.Pick(random);
                        if (orgId != "x-root")
                        {
                            var parent = model.Pick(random, except: model.Subtree(orgId));
                            await harness.PlaceAsync(orgId, parent, model.Orgs[orgId].Kind);
                            model.Orgs[orgId] = model.Orgs[orgId] with { ParentId = parent };
                        }

                        break;
                    }

                case 5:
                    {
                        var orgId = model.Pick(random);
                        var kind = Kinds[random.Next(Kinds.Length)];
                        await harness.PlaceAsync(orgId, model.Orgs[orgId].ParentId, kind);
                        model.Orgs[orgId] = model.Orgs[orgId] with { Kind = kind };
                        break;
                    }

                case 6:
                    await MoveClockAsync(harness, model, clock, lead, random);
                    break;
                default:
                    meetings += await RecordAsync(harness, model, clock, random, $"mt-{seed}-{step}") ? 1 : 0;
                    break;
            }

            await AssertExactAsync(harness, model, clock);
        }

        await MoveClockAsync(harness, model, clock, lead, random);
        await AssertExactAsync(harness, model, clock);
        Assert.True(meetings > 5, $"Only {meetings} meetings were recorded: the test exercised too little.");
    }

    private static async Task CreateAsync(DomainHarness harness, Model model, Random random, string orgId, string? parentId, OrganizationKind kind)
    {
        await harness.PlaceAsync(orgId, parentId, kind);
        var members = new List<string>();
        for (var i = random.Next(5); i > 0; i--)
        {
            var memberId = $"{orgId}-m{i}";
            await harness.EnrollAsync(memberId, orgId);
            members.Add(memberId);
        }

        model.Orgs[orgId] = new Org(kind, parentId, members);
    }

    /// <summary>Records a meeting of a random type on a random recent day with a random part of the members; false when the date is out of the window (nothing recorded).</summary>
    private static async Task<bool> RecordAsync(DomainHarness harness, Model model, FakeTimeProvider clock, Random random, string meetingId)
    {
        var orgId = model.Pick(random);
        var org = model.Orgs[orgId];
        var type = (LifeActivity)random.Next(Enum.GetValues<LifeActivity>().Length);
        var date = CommitmentRules.Today(clock.GetUtcNow()).AddDays(-random.Next(40));
        var attendees = org.Members.Where(_ => random.Next(3) > 0).ToImmutableArray();
        var requirements = model.Requirements(orgId);
        if (LifeRules.CheckDate(date, LifeRules.DatingCadence(type, requirements), clock.GetUtcNow()) is not null)
        {
            await Assert.ThrowsAsync<DomainException>(() => Life(harness, orgId).RecordMeeting(meetingId, new MeetingDraft(type, date, attendees, "记录", null), "test"));
            return false;
        }

        var record = await Life(harness, orgId).RecordMeeting(meetingId, new MeetingDraft(type, date, attendees, "记录", null), "test");
        var quorum = attendees.Length * 2 > org.Members.Count;
        Assert.Equal(quorum, record.Counts);
        model.Meetings.Add(new Held(orgId, type, date, quorum));
        return true;
    }

    /// <summary>Across the next checkpoint (a reminder lead before a boundary, or a boundary), sometimes a few in a row.</summary>
    private static async Task MoveClockAsync(DomainHarness harness, Model model, FakeTimeProvider clock, TimeSpan lead, Random random)
    {
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            await CrossAsync(clock, harness, LifeCheckpoints.Next(clock.GetUtcNow(), lead));
        }

        await AssertExactAsync(harness, model, clock);
    }

    private static async Task AssertExactAsync(DomainHarness harness, Model model, FakeTimeProvider clock)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var expected = model.Recount(clock.GetUtcNow());
            var differences = new List<string>();
            foreach (var (orgId, (required, held)) in expected)
            {
                var metrics = (await harness.Org(orgId).GetRollup()).Metrics;
                if (metrics[Metric.MeetingsRequired] != required || metrics[Metric.MeetingsHeld] != held)
                {
                    differences.Add($"{orgId}: expected {required} required, {held} held; published {metrics[Metric.MeetingsRequired]}, {metrics[Metric.MeetingsHeld]}");
                }
            }

            if (differences.Count == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{differences.Count} roll-up(s) differ from the recount at {clock.GetUtcNow():O}:\n" + string.Join('\n', differences));
            }

            clock.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(5);
        }
    }

    private static LifeTemplate RandomTemplate(Random random)
    {
        var kinds = Kinds.Where(_ => random.Next(3) == 0).Select(kind =>
        {
            var activities = Enum.GetValues<LifeActivity>().Where(_ => random.Next(3) == 0);
            return new KindRequirements(kind, [.. activities.Select(a => new LifeRequirement(a, (LifeCadence)random.Next(3)))]);
        });
        return new LifeTemplate([.. kinds]);
    }

    private sealed record Org(OrganizationKind Kind, string? ParentId, List<string> Members);

    private sealed record Held(string OrgId, LifeActivity Type, DateOnly Date, bool Counts);

    /// <summary>What the test did, and the recount from it alone: templates up the tree by kind, else the defaults; held with quorum in the cycle under way.</summary>
    private sealed class Model
    {
        public Dictionary<string, Org> Orgs { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, LifeTemplate?> Templates { get; } = new(StringComparer.Ordinal);

        public List<Held> Meetings { get; } = [];

        public string Pick(Random random, IReadOnlySet<string>? except = null)
        {
            var candidates = Orgs.Keys.Where(id => except is null || !except.Contains(id)).Order(StringComparer.Ordinal).ToArray();
            return candidates[random.Next(candidates.Length)];
        }

        public HashSet<string> Subtree(string orgId) =>
            Orgs.Keys.Where(id => Ancestry(id).Contains(orgId)).ToHashSet(StringComparer.Ordinal);

        public ImmutableArray<LifeRequirement> Requirements(string orgId)
        {
            var kind = Orgs[orgId].Kind;
            foreach (var id in Ancestry(orgId))
            {
                if (Templates.GetValueOrDefault(id)?.For(kind) is { } named)
                {
                    return named;
                }
            }

            return Defaults.DefaultsFor(kind);
        }

        public Dictionary<string, (long Required, long Held)> Recount(DateTimeOffset now)
        {
            var totals = Orgs.Keys.ToDictionary(id => id, _ => (Required: 0L, Held: 0L), StringComparer.Ordinal);
            foreach (var orgId in Orgs.Keys)
            {
                var requirements = Requirements(orgId);
                var held = requirements.Count(r => Meetings.Any(m =>
                    m.OrgId == orgId && m.Counts && m.Type == r.Activity && LifeRules.CycleOf(r.Cadence, m.Date) == LifeRules.CycleAt(r.Cadence, now)));
                foreach (var ancestor in Ancestry(orgId))
                {
                    var (required, heldSoFar) = totals[ancestor];
                    totals[ancestor] = (required + requirements.Length, heldSoFar + held);
                }
            }

            return totals;
        }

        /// <summary>The organization and its ancestors, nearest first.</summary>
        private List<string> Ancestry(string orgId)
        {
            var chain = new List<string>();
            for (string? id = orgId; id is not null; id = Orgs[id].ParentId)
            {
                chain.Add(id);
            }

            return chain;
        }
    }
}
