using System.Diagnostics;
using PartyActors.Grains.Demo;
using PartyActors.Grains.Testing;
using PartyActors.Storage.Postgres;
using Xunit.Abstractions;

namespace PartyActors.Grains.Tests.Erqi;

/// <summary>
/// The whole Erqi-shaped district (867 organizations, 21,697 members, their report-ins) on
/// PostgreSQL, loaded as clients would load it: every roll-up must equal the recount, and stay so
/// through a graceful restart and through a crash that cuts off a burst of changes in flight up the tree.
/// </summary>
public sealed class ErqiDistrictLoadTests(ErqiPostgresFixture fixture, ITestOutputHelper output) : IClassFixture<ErqiPostgresFixture>
{
    /// <summary>Members changed in the burst before the crash: enough that most grids have a change on the way up.</summary>
    private const int BurstSize = 2000;

    /// <summary>
    /// How long the district may take to settle: after a crash every organization asks each of its
    /// members what it contributes, 21,697 activations reading PostgreSQL on two shared cores.
    /// </summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(2);

    private enum Change
    {
        Promote,
        SwitchCategory,
        Transfer,
        ReportIn,
        WithdrawReportIn,
        Leave,
    }

    [Fact]
    public async Task The_district_loads_with_exact_roll_ups_that_survive_a_restart_and_a_crash()
    {
        var district = fixture.District;
        var connectionString = await fixture.Server.CreateDatabaseAsync("erqi");
        await using var harness = await DomainHarness.StartAsync(
            cadence: new RollupOptions().Cadence,
            storage: silo => silo.AddPostgresGrainStorage(StorageSiloBuilderExtensions.DefaultStorageName, o => o.ConnectionString = connectionString));
        var model = ModelOf(district);
        var rootId = district.Organizations.Single(o => o.Definition.ParentId is null).Id;

        var times = await DistrictLoader.LoadAsync(harness.Factory, district);
        output.WriteLine($"Loaded in {times.Total.TotalSeconds:F1} s: {district.Organizations.Length} organizations in {times.Organizations.TotalSeconds:F1} s, " +
            $"{district.Members.Length} members in {times.Members.TotalSeconds:F1} s, {district.ReportIns.Length} report-ins in {times.ReportIns.TotalSeconds:F1} s.");
        await TimedAsync("every roll-up exact after the load", () => harness.AssertExactAsync(model, Settle));
        var root = await harness.Org(rootId).GetRollup();
        Assert.Equal(district.Organizations.Length, root.Metrics[Metric.Orgs]);
        Assert.Equal(district.Members.Count(m => m.Profile.Status.IsCounted()), root.Metrics[Metric.Members]);
        Assert.Equal(district.ReportIns.Length, root.Metrics[Metric.ReportedHere]);

        // A graceful stop publishes and persists everything: the root's first answer is already exact.
        await TimedAsync("graceful restart", harness.RestartAsync);
        Assert.Equal(root.Metrics, (await harness.Org(rootId).GetRollup()).Metrics);
        await TimedAsync("every roll-up exact after the restart", () => harness.AssertExactAsync(model, Settle));

        // Crash as soon as the burst is acknowledged: its effects are durable at the grids, but most
        // are still on their way up, in snapshots the parents hold only in memory.
        await TimedAsync($"burst of {BurstSize} member changes", () => BurstAsync(harness, model, district, seed: 20260630));
        var expected = model.Recount()[rootId];
        var atCrash = (await harness.Org(rootId).GetRollup()).Metrics;
        output.WriteLine($"The root at the crash: {(atCrash == expected ? "already exact" : "not yet exact")}.");
        await TimedAsync("crash and restart", harness.CrashAndRestartAsync);
        await TimedAsync("every roll-up exact after the crash", () => harness.AssertExactAsync(model, Settle));
        Assert.NotEqual(root.Metrics, (await harness.Org(rootId).GetRollup()).Metrics);
    }

    private static RollupModel ModelOf(DemoDistrict district)
    {
        var model = new RollupModel();
        foreach (var (id, definition) in district.Organizations)
        {
            model.Orgs[id] = (definition.ParentId, definition.Kind);
        }

        var reportIns = district.ReportIns.ToDictionary(r => r.MemberId, r => r.GridId, StringComparer.Ordinal);
        foreach (var (id, profile) in district.Members)
        {
            model.Members[id] = new(profile.Status, profile.Category, profile.OrgId, profile.ResidenceGridId, reportIns.GetValueOrDefault(id));
        }

        return model;
    }

    /// <summary>
    /// Changes <see cref="BurstSize"/> different members once each, concurrently: promotions,
    /// category switches, transfers between grids, report-ins, withdrawals and departures.
    /// </summary>
    private static async Task BurstAsync(DomainHarness harness, RollupModel model, DemoDistrict district, int seed)
    {
        var random = new Random(seed);
        var grids = district.Organizations.Where(o => o.Definition.Kind == OrganizationKind.Grid).Select(o => o.Id).ToArray();
        var profiles = district.Members.ToDictionary(m => m.Id, m => m.Profile, StringComparer.Ordinal);
        var changes = district.Members
            .Select(m => m.Id)
            .OrderBy(_ => random.Next())
            .Take(BurstSize)
            .Select(id => (Id: id, Change: (Change)random.Next(Enum.GetValues<Change>().Length), Grid: grids[random.Next(grids.Length)]))
            .ToList();

        await DistrictLoader.ForEachAsync(changes, DistrictLoader.DefaultMaxInFlight, change =>
        {
            var member = harness.Member(change.Id);
            var profile = profiles[change.Id];
            return change.Change switch
            {
                // An admin's correction: the swap moves back and skips steps of the pipeline (docs/member-status.md).
                Change.Promote => member.SetProfile(profile with { Status = Promoted(profile.Status) }, new StatusChange("tester", "load test", Correction: true)),
                Change.SwitchCategory => member.SetProfile(profile with { Category = Switched(profile.Category) }),
                Change.Transfer => member.SetProfile(profile with { OrgId = change.Grid }),
                Change.ReportIn => member.ReportIn(change.Grid),
                Change.WithdrawReportIn => member.WithdrawReportIn(),
                Change.Leave => member.Leave(),
                _ => throw new InvalidOperationException(change.Change.ToString()),
            };
        });

        foreach (var (id, change, grid) in changes)
        {
            var m = model.Members[id];
            model.Members[id] = change switch
            {
                Change.Promote => m with { Status = Promoted(m.Status) },
                Change.SwitchCategory => m with { Category = Switched(m.Category) },
                Change.Transfer => m with { OrgId = grid },
                Change.ReportIn => m with { ReportInGridId = grid },
                Change.WithdrawReportIn => m with { ReportInGridId = null },
                Change.Leave => m with { Status = MemberStatus.Left, ReportInGridId = null },
                _ => throw new InvalidOperationException(change.ToString()),
            };
        }
    }

    /// <summary>Full and probationary swap; anyone on the way to membership becomes probationary.</summary>
    private static MemberStatus Promoted(MemberStatus status) =>
        status == MemberStatus.Probationary ? MemberStatus.Full : status == MemberStatus.Full ? MemberStatus.Probationary : MemberStatus.Probationary;

    private static MemberCategory Switched(MemberCategory category) =>
        category == MemberCategory.InService ? MemberCategory.Retired : MemberCategory.InService;

    private async Task TimedAsync(string what, Func<Task> step)
    {
        var watch = Stopwatch.StartNew();
        await step();
        output.WriteLine($"{what}: {watch.Elapsed.TotalSeconds:F1} s");
    }
}
