using Microsoft.Extensions.Time.Testing;

namespace PartyActors.Grains.Tests;

public sealed class ProjectTests
{
    private static async Task<DomainHarness> TreeAsync(int members = 3, TimeProvider? time = null)
    {
        var harness = await DomainHarness.StartAsync(time: time);
        await harness.PlaceAsync("d", null, OrganizationKind.District);
        await harness.PlaceAsync("c", "d", OrganizationKind.Community);
        await harness.PlaceAsync("g", "c", OrganizationKind.Grid);
        await Task.WhenAll(Enumerable.Range(1, members).Select(i => harness.EnrollAsync($"m{i}", "c")));
        return harness;
    }

    private static IProjectGrain Project(DomainHarness harness, string id) => harness.Factory.GetGrain<IProjectGrain>(id);

    private static async Task<long> MetricAsync(DomainHarness harness, string orgId, Metric metric) => (await harness.Org(orgId).GetRollup()).Metrics[metric];

    private static Task EventuallyAsync(DomainHarness harness, string orgId, Metric metric, long value) =>
        DomainHarness.EventuallyAsync(async () => await MetricAsync(harness, orgId, metric) == value, $"{orgId} {metric.WireName()} = {value}");

    [Fact]
    public async Task A_hundred_members_claiming_ten_places_at_once_leaves_exactly_ten_winners()
    {
        await using var harness = await TreeAsync(members: 100);
        var project = Project(harness, "p1");
        await project.Publish(new ProjectDefinition("g", "楼道清扫", ProjectKind.Project, 10));

        var attempts = await Task.WhenAll(Enumerable.Range(1, 100).Select(async i =>
        {
            try
            {
                await project.Claim([$"m{i}"]);
                return "won";
            }
            catch (DomainException refused)
            {
                return refused.Code;
            }
        }));

        Assert.Equal(10, attempts.Count(a => a == "won"));
        Assert.Equal(90, attempts.Count(a => a == ProjectRules.QuotaFull));
        var details = (await project.GetDetails())!;
        Assert.Equal(10, details.Claims.Select(c => c.MemberId).Distinct().Count());
    }

    [Fact]
    public async Task A_member_claims_once_and_a_batch_is_all_or_nothing()
    {
        await using var harness = await TreeAsync(members: 3);
        var project = Project(harness, "p1");
        await project.Publish(new ProjectDefinition("c", "微心愿: 一套课外书", ProjectKind.Wish, 2));
        await project.Claim(["m1"]);

        var again = await Assert.ThrowsAsync<DomainException>(() => project.Claim(["m1"]));
        var tooMany = await Assert.ThrowsAsync<DomainException>(() => project.Claim(["m2", "m3"]));
        var unknown = await Assert.ThrowsAsync<DomainException>(() => project.Claim(["nobody"]));

        Assert.Equal(ProjectRules.DuplicateClaim, again.Code);
        Assert.Equal(ProjectRules.QuotaFull, tooMany.Code);
        Assert.Equal(DomainErrors.MemberNotFound, unknown.Code);
        Assert.Single((await project.GetDetails())!.Claims);
    }

    [Fact]
    public async Task Completing_and_rating_award_points_once_by_the_project_rate_and_the_counters_are_exact()
    {
        await using var harness = await TreeAsync();
        var project = Project(harness, "p1");
        await project.Publish(new ProjectDefinition("g", "义诊", ProjectKind.Project, 5, PointsPerHour: 2));
        await EventuallyAsync(harness, "d", Metric.ProjectsOpen, 1);
        var claims = await project.Claim(["m1", "m2"]);

        var early = await Assert.ThrowsAsync<DomainException>(() => project.Rate(claims[0], 5));
        await project.Complete(claims[0], 45);
        await project.Complete(claims[1], 120);
        var rated = await project.Rate(claims[0], 4);
        var twice = await Assert.ThrowsAsync<DomainException>(() => project.Rate(claims[0], 5));
        var completedTwice = await Assert.ThrowsAsync<DomainException>(() => project.Complete(claims[1], 10));

        Assert.Equal(ProjectRules.ClaimNotCompleted, early.Code);
        Assert.Equal(ProjectRules.AlreadyRated, twice.Code);
        Assert.Equal(ProjectRules.ClaimCompleted, completedTwice.Code);
        Assert.Equal(2, rated.Points); // 45 minutes at 2 an hour: 1.5, halves up.
        var ledger = await harness.Member("m1").GetPoints(null, null);
        Assert.Equal(2, ledger.Total);
        Assert.Equal(("claim", "p1/" + claims[0]), (ledger.Entries[0].Source, ledger.Entries[0].SourceId));
        await EventuallyAsync(harness, "d", Metric.ClaimsCompleted, 2);
        await EventuallyAsync(harness, "d", Metric.VolunteerMinutes, 165);
        await EventuallyAsync(harness, "d", Metric.Points, 2);

        await project.Close();
        await EventuallyAsync(harness, "d", Metric.ProjectsOpen, 0);
        Assert.Equal(ProjectRules.ProjectClosed, (await Assert.ThrowsAsync<DomainException>(() => project.Claim(["m3"]))).Code);
        Assert.Equal(165, await MetricAsync(harness, "g", Metric.VolunteerMinutes));
    }

    [Fact]
    public async Task Counters_and_claims_survive_a_crash_and_restart()
    {
        await using var harness = await TreeAsync();
        var project = Project(harness, "p1");
        await project.Publish(new ProjectDefinition("g", "助老", ProjectKind.Project, 3));
        var claims = await project.Claim(["m1"]);
        await project.Complete(claims[0], 60);
        await project.Rate(claims[0], 5);

        await harness.CrashAndRestartAsync();

        project = Project(harness, "p1");
        Assert.Equal(ProjectRules.AlreadyRated, (await Assert.ThrowsAsync<DomainException>(() => project.Rate(claims[0], 1))).Code);
        Assert.Equal(ProjectRules.DuplicateClaim, (await Assert.ThrowsAsync<DomainException>(() => project.Claim(["m1"]))).Code);
        Assert.Equal(1, (await harness.Member("m1").GetPoints(null, null)).Total);
        await EventuallyAsync(harness, "d", Metric.ProjectsOpen, 1);
        await EventuallyAsync(harness, "d", Metric.VolunteerMinutes, 60);
        await EventuallyAsync(harness, "d", Metric.ClaimsCompleted, 1);
    }

    [Fact]
    public async Task A_project_past_its_closing_time_takes_no_claims()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        await using var harness = await TreeAsync(time: time);
        var project = Project(harness, "p1");
        await project.Publish(new ProjectDefinition("g", "敬老", ProjectKind.Project, 3, ClosesAt: time.GetUtcNow().AddHours(1)));
        await project.Claim(["m1"]);

        time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(ProjectStatus.Closed, (await project.GetDetails())!.Status);
        Assert.Equal(ProjectRules.ProjectClosed, (await Assert.ThrowsAsync<DomainException>(() => project.Claim(["m2"]))).Code);
    }

    [Fact]
    public async Task Publishing_checks_the_definition_and_the_organization()
    {
        await using var harness = await TreeAsync();
        var project = Project(harness, "p1");

        Assert.Equal("quota", (await Assert.ThrowsAsync<DomainException>(() => project.Publish(new ProjectDefinition("g", "x", ProjectKind.Project, 0)))).Field);
        Assert.Equal("title", (await Assert.ThrowsAsync<DomainException>(() => project.Publish(new ProjectDefinition("g", " ", ProjectKind.Project, 1)))).Field);
        Assert.Equal(DomainErrors.OrgNotFound, (await Assert.ThrowsAsync<DomainException>(() => project.Publish(new ProjectDefinition("nowhere", "x", ProjectKind.Project, 1)))).Code);
        await project.Publish(new ProjectDefinition("g", "x", ProjectKind.Project, 1));
        Assert.Equal(ProjectRules.ProjectExists, (await Assert.ThrowsAsync<DomainException>(() => project.Publish(new ProjectDefinition("g", "x", ProjectKind.Project, 1)))).Code);
        Assert.Equal(["p1"], (await harness.Factory.GetGrain<IProjectIndexGrain>("g").List()).ToArray());
    }

    [Fact]
    public async Task A_claim_keeps_when_it_was_completed_and_rated_and_each_member_lists_the_projects_it_claimed_on()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(8)));
        await using var harness = await TreeAsync(members: 3, time: time);
        var first = Project(harness, "p1");
        var second = Project(harness, "p2");
        await first.Publish(new ProjectDefinition("g", "助老送餐", ProjectKind.Project, 2));
        await second.Publish(new ProjectDefinition("c", "微心愿: 一台收音机", ProjectKind.Wish, 1));
        var claimedAt = time.GetUtcNow();
        var claim = (await first.Claim(["m1", "m2"]))[0];
        await second.Claim(["m1"]);

        time.Advance(TimeSpan.FromHours(2));
        await first.Complete(claim, 60);
        time.Advance(TimeSpan.FromDays(1));
        var rated = await first.Rate(claim, 5);

        Assert.Equal((claimedAt, claimedAt.AddHours(2), claimedAt.AddHours(26)), (rated.ClaimedAt, rated.CompletedAt, rated.RatedAt));
        Assert.Null((await first.GetDetails())!.Claims.Single(c => c.MemberId == "m2").CompletedAt);
        Assert.Equal(["p1", "p2"], (await harness.Factory.GetGrain<IMemberProjectsGrain>("m1").List()).ToArray());
        Assert.Equal(["p1"], (await harness.Factory.GetGrain<IMemberProjectsGrain>("m2").List()).ToArray());

        // A refused claim (the wish is taken) lists nothing.
        await Assert.ThrowsAsync<DomainException>(() => second.Claim(["m3"]));
        Assert.Empty(await harness.Factory.GetGrain<IMemberProjectsGrain>("m3").List());
    }
}
