using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace PartyActors.Grains.Tests.Assessments;

/// <summary>Assessments (考核) through their grains: scorecards up the tree, snapshots, finalization, years, restarts.</summary>
public sealed class AssessmentTests
{
    private static readonly StepScores Full = Scorecards.Scores(0, ("a", 10), ("b", 20), ("c", 50), ("d", 50));

    /// <summary>A district d with streets s1, s2; communities c1 (under s1) and c2 (under s2).</summary>
    private static async Task<DomainHarness> DistrictAsync(TimeProvider? time = null)
    {
        var harness = await DomainHarness.StartAsync(time: time);
        await harness.PlaceAsync("d", null, OrganizationKind.District);
        await harness.PlaceAsync("s1", "d", OrganizationKind.Street);
        await harness.PlaceAsync("s2", "d", OrganizationKind.Street);
        await harness.PlaceAsync("c1", "s1", OrganizationKind.Community);
        await harness.PlaceAsync("c2", "s2", OrganizationKind.Community);
        return harness;
    }

    private static IScorecardGrain Card(DomainHarness harness, string orgId, int year) =>
        harness.Factory.GetGrain<IScorecardGrain>(AssessmentKeys.Of(orgId, year));

    private static IAssessmentGrain Assessment(DomainHarness harness, string orgId, int year) =>
        harness.Factory.GetGrain<IAssessmentGrain>(AssessmentKeys.Of(orgId, year));

    /// <summary>Records all three steps with the same points per item (<paramref name="share"/> of each maximum) and finalizes.</summary>
    private static async Task<AssessmentDetails> ScoreYearAsync(DomainHarness harness, string orgId, int year, decimal share, bool finalize = true)
    {
        var scores = Scorecards.Scores(0, ("a", 10 * share), ("b", 20 * share), ("c", 50 * share), ("d", 50 * share));
        var assessment = Assessment(harness, orgId, year);
        foreach (var step in Enum.GetValues<AssessmentStep>())
        {
            await assessment.Record(step, scores, "tester");
        }

        return finalize ? await assessment.Finalize("tester") : await assessment.GetDetails();
    }

    [Fact]
    public async Task An_organization_is_assessed_by_the_closest_scorecard_above_it_never_its_own()
    {
        await using var harness = await DistrictAsync();
        await Card(harness, "d", 2026).Set(Scorecards.Hundred("区考核"));
        await Card(harness, "s1", 2026).Set(Scorecards.Hundred("街道考核"));
        await Card(harness, "c1", 2026).Set(Scorecards.Hundred("社区自定"));

        Assert.Equal("s1", (await Assessment(harness, "c1", 2026).GetScorecard())!.DefinedAt);
        Assert.Equal("d", (await Assessment(harness, "c2", 2026).GetScorecard())!.DefinedAt);
        Assert.Equal("d", (await Assessment(harness, "s1", 2026).GetScorecard())!.DefinedAt);
        Assert.Null(await Assessment(harness, "d", 2026).GetScorecard());
        Assert.Null(await Assessment(harness, "c1", 2025).GetScorecard());
        Assert.Equal("c1", (await ScorecardResolver.InForceAtAsync(harness.Factory, "c1", 2026))!.DefinedAt);

        var refused = await Assert.ThrowsAsync<DomainException>(() => Assessment(harness, "d", 2026).Record(AssessmentStep.Self, Full, "tester"));
        Assert.Equal((DomainErrorKind.UnknownReference, AssessmentErrors.ScorecardNotFound), (refused.Kind, refused.Code));
    }

    [Fact]
    public async Task The_scorecard_is_snapshotted_at_the_first_step_so_later_edits_do_not_change_the_year()
    {
        await using var harness = await DistrictAsync();
        await Card(harness, "s1", 2026).Set(Scorecards.Hundred("第一版"));
        var assessment = Assessment(harness, "c1", 2026);
        await assessment.Record(AssessmentStep.Self, Full, "tester");

        var edited = Scorecards.Hundred("第二版") with { StepWeights = new StepWeights(0, 0, 1) };
        await Card(harness, "s1", 2026).Set(edited);
        await Card(harness, "d", 2026).Set(null);

        var details = await assessment.GetDetails();
        Assert.Equal("第一版", details.Scorecard!.Scorecard.Name);
        Assert.False(details.Score.Complete);
        await assessment.Record(AssessmentStep.Public, Full, "tester");
        await assessment.Record(AssessmentStep.Organization, Full with { Bonus = 5 }, "tester");
        Assert.Equal(105m, (await assessment.GetDetails()).Score.Score);

        // A community scored for the first time now takes the template as it is now.
        await harness.PlaceAsync("c3", "s1", OrganizationKind.Community);
        await Assessment(harness, "c3", 2026).Record(AssessmentStep.Organization, Full, "tester");
        Assert.Equal("第二版", (await Assessment(harness, "c3", 2026).GetDetails()).Scorecard!.Scorecard.Name);
        Assert.Equal(100m, (await Assessment(harness, "c3", 2026).GetDetails()).Score.Score);
    }

    [Fact]
    public async Task Scores_outside_the_scorecard_are_refused_by_the_grain_too()
    {
        await using var harness = await DistrictAsync();
        await Card(harness, "d", 2026).Set(Scorecards.Hundred());
        var assessment = Assessment(harness, "c1", 2026);

        var over = await Assert.ThrowsAsync<DomainException>(() => assessment.Record(AssessmentStep.Self, Full with { Items = Full.Items.SetItem("a", 10.01m) }, "tester"));
        Assert.Equal("items.a", over.Field);
        var bonus = await Assert.ThrowsAsync<DomainException>(() => assessment.Record(AssessmentStep.Public, Full with { Bonus = 1 }, "tester"));
        Assert.Equal("bonus", bonus.Field);
        Assert.Null((await assessment.GetDetails()).Scorecard);

        var badCard = await Assert.ThrowsAsync<DomainException>(() => Card(harness, "s1", 2026).Set(Scorecards.Hundred() with { Scale = 500 }));
        Assert.Equal("scale", badCard.Field);
    }

    [Fact]
    public async Task A_finalized_year_refuses_new_scores_and_an_incomplete_one_cannot_be_finalized()
    {
        await using var harness = await DistrictAsync();
        await Card(harness, "d", 2026).Set(Scorecards.Hundred());
        var assessment = Assessment(harness, "c1", 2026);

        var empty = await Assert.ThrowsAsync<DomainException>(() => assessment.Finalize("tester"));
        Assert.Equal((DomainErrorKind.Conflict, AssessmentErrors.Incomplete), (empty.Kind, empty.Code));
        await assessment.Record(AssessmentStep.Self, Full, "tester");
        await assessment.Record(AssessmentStep.Public, Full, "tester");
        Assert.Equal(AssessmentErrors.Incomplete, (await Assert.ThrowsAsync<DomainException>(() => assessment.Finalize("tester"))).Code);

        await assessment.Record(AssessmentStep.Organization, Full, "tester");
        var finalized = await assessment.Finalize("leader");
        Assert.True(finalized.Finalized);
        Assert.Equal("leader", finalized.FinalizedBy);
        var again = await assessment.Finalize("someone-else");
        Assert.Equal((finalized.FinalizedAt, "leader", 100m), (again.FinalizedAt, again.FinalizedBy, again.Score.Score!.Value));

        var late = await Assert.ThrowsAsync<DomainException>(() => assessment.Record(AssessmentStep.Self, Full, "tester"));
        Assert.Equal((DomainErrorKind.Conflict, AssessmentErrors.Finalized), (late.Kind, late.Code));
    }

    [Fact]
    public async Task A_step_with_weight_zero_is_not_needed_and_not_accepted()
    {
        await using var harness = await DistrictAsync();
        await Card(harness, "d", 2026).Set(Scorecards.Hundred() with { StepWeights = new StepWeights(0, 40, 60) });
        var assessment = Assessment(harness, "c1", 2026);

        Assert.Equal("step", (await Assert.ThrowsAsync<DomainException>(() => assessment.Record(AssessmentStep.Self, Full, "tester"))).Field);
        await assessment.Record(AssessmentStep.Public, Full, "tester");
        await assessment.Record(AssessmentStep.Organization, Scorecards.Scores(0, ("a", 5), ("b", 10), ("c", 25), ("d", 25)), "tester");

        // 0.4 × 100 + 0.6 × 50 = 70.
        var details = await assessment.Finalize("tester");
        Assert.Equal(70m, details.Score.Score);
        Assert.Equal(AssessmentTier.Average, details.Score.Tier);
    }

    [Fact]
    public async Task Honours_and_moving_up_a_tier_count_finalized_years_only()
    {
        await using var harness = await DistrictAsync();
        foreach (var year in new[] { 2022, 2023, 2024, 2025, 2026 })
        {
            await Card(harness, "d", year).Set(Scorecards.Hundred());
        }

        await ScoreYearAsync(harness, "c1", 2022, 0.5m);
        await ScoreYearAsync(harness, "c1", 2023, 0.9m);
        await ScoreYearAsync(harness, "c1", 2024, 0.9m);

        var y2024 = await AssessmentReader.ReadAsync(harness.Factory, "c1", 2024);
        Assert.Equal(AssessmentTier.Advanced, y2024.Details.Score.Tier);
        Assert.Empty(y2024.Honours);
        Assert.Equal(AssessmentTier.Advanced, y2024.PreviousTier);
        Assert.False(y2024.MovedUp);

        var y2023 = await AssessmentReader.ReadAsync(harness.Factory, "c1", 2023);
        Assert.Equal((AssessmentTier.Lagging, true), (y2023.PreviousTier!.Value, y2023.MovedUp));

        // 2025 scored advanced but not finalized: no honour yet, and 2026 cannot count it.
        await ScoreYearAsync(harness, "c1", 2025, 1m, finalize: false);
        Assert.Empty((await AssessmentReader.ReadAsync(harness.Factory, "c1", 2025)).Honours);
        await ScoreYearAsync(harness, "c1", 2026, 1m);
        var y2026 = await AssessmentReader.ReadAsync(harness.Factory, "c1", 2026);
        Assert.Null(y2026.PreviousTier);
        Assert.Empty(y2026.Honours);

        await Assessment(harness, "c1", 2025).Finalize("tester");
        var y2025 = await AssessmentReader.ReadAsync(harness.Factory, "c1", 2025);
        var honour = new Honour(HonourRuleKind.ConsecutiveExcellent, 3, "连续三年先进");
        Assert.Equal(honour, Assert.Single(y2025.Honours));
        Assert.Equal(honour, Assert.Single((await AssessmentReader.ReadAsync(harness.Factory, "c1", 2026)).Honours));
    }

    [Fact]
    public async Task Scores_scorecards_and_finalization_survive_a_crash()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero));
        await using var harness = await DistrictAsync(clock);
        await Card(harness, "d", 2026).Set(Scorecards.Hundred());
        var before = await ScoreYearAsync(harness, "c1", 2026, 0.8m);
        await Assessment(harness, "c2", 2026).Record(AssessmentStep.Self, Full, "tester");

        await harness.CrashAndRestartAsync();

        Assert.Equal(JsonSerializer.Serialize(Scorecards.Hundred()), JsonSerializer.Serialize(await Card(harness, "d", 2026).Get()));
        var after = await Assessment(harness, "c1", 2026).GetDetails();
        Assert.Equal(before.Score.Score, after.Score.Score);
        Assert.Equal(80m, after.Score.Score);
        Assert.Equal(clock.GetUtcNow(), after.FinalizedAt);
        Assert.Equal(AssessmentErrors.Finalized, (await Assert.ThrowsAsync<DomainException>(() => Assessment(harness, "c1", 2026).Record(AssessmentStep.Self, Full, "tester"))).Code);
        var c2 = await Assessment(harness, "c2", 2026).GetSummary();
        Assert.Equal((true, false, false), (c2.Started, c2.Complete, c2.Finalized));
    }
}
