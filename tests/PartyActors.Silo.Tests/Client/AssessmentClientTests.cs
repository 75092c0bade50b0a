using System.Net;
using PartyActors.Client;

namespace PartyActors.Silo.Tests.Client;

/// <summary>The client's assessment methods against the real app: a scorecard, the three steps, finalization, the ranking.</summary>
[Collection(SiloCollection.Name)]
public sealed class AssessmentClientTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    /// <summary>The 100-point card of docs/assessment.md's worked example.</summary>
    internal static Scorecard HundredCard(string name = "2026 年度党建考核") => new(
        name,
        100,
        [
            new ScorecardSection("org", "组织建设", 40, [new ScorecardItem("a", "三会一课", 10), new ScorecardItem("b", "党员管理", 20)]),
            new ScorecardSection("svc", "服务群众", 60, [new ScorecardItem("c", "为民办事", 50), new ScorecardItem("d", "群众满意", 50)]),
        ],
        5,
        new ScorecardStepWeights(20, 30, 50),
        new ScorecardTiers(85, 60),
        [60, 70, 80, 90],
        [new HonourRule(HonourRuleKinds.ConsecutiveExcellent, 3, "连续三年先进")]);

    [Fact]
    public async Task A_scorecard_and_the_three_steps_give_the_score_and_the_ranking()
    {
        await Api.PlaceAsync("c2a-s", null, "street");
        await Api.PlaceAsync("c2a-c1", "c2a-s", "community");
        await Api.PlaceAsync("c2a-c2", "c2a-s", "community");
        var street = await Api.ClientAsync("c2a-street", ["org-admin"], org: "c2a-s");
        var community = await Api.ClientAsync("c2a-community", ["org-admin"], org: "c2a-c1");

        await ClientSupport.RefusedAsync(HttpStatusCode.NotFound, "scorecard-not-found", () => street.GetScorecardAsync("c2a-c1", 2026));
        var set = await street.PutScorecardAsync("c2a-s", 2026, HundredCard());
        Assert.Equal(("c2a-s", 2026, "c2a-s"), (set.OrgId, set.Year, set.DefinedAt));
        var inForce = await community.GetScorecardAsync("c2a-c1", 2026);
        Assert.Equal("c2a-s", inForce.DefinedAt);
        var card = inForce.Scorecard;
        Assert.Equal(("2026 年度党建考核", 100, 5m), (card.Name, card.Scale, card.BonusMax));
        Assert.Equal((new ScorecardStepWeights(20, 30, 50), new ScorecardTiers(85, 60)), (card.StepWeights, card.Tiers));
        Assert.Equal([new HonourRule(HonourRuleKinds.ConsecutiveExcellent, 3, "连续三年先进")], card.Rules);
        Assert.Equal(["a", "b", "c", "d"], inForce.Scorecard.Sections.SelectMany(s => s.Items).Select(i => i.Id));
        Assert.Equal([60m, 70m, 80m, 90m], inForce.Scorecard.Stars);

        var self = await community.RecordAssessmentStepAsync("c2a-c1", 2026, AssessmentSteps.Self,
            new AssessmentStepScores(new Dictionary<string, decimal> { ["a"] = 10, ["b"] = 15, ["c"] = 45, ["d"] = 40 }, Note: "自评：按时完成"));
        Assert.False(self.Complete);
        Assert.Equal([AssessmentSteps.Public, AssessmentSteps.Organization], self.Missing);
        await street.RecordAssessmentStepAsync("c2a-c1", 2026, AssessmentSteps.Public,
            new AssessmentStepScores(new Dictionary<string, decimal> { ["a"] = 8, ["b"] = 16, ["c"] = 40, ["d"] = 41 }));
        await ClientSupport.RefusedAsync(HttpStatusCode.Conflict, "assessment-incomplete", () => street.FinalizeAssessmentAsync("c2a-c1", 2026));
        var organization = new AssessmentStepScores(new Dictionary<string, decimal> { ["a"] = 9, ["b"] = 17.5m, ["c"] = 47, ["d"] = 46 }, 2.5m);
        await ClientSupport.RefusedAsync(HttpStatusCode.Forbidden, "forbidden",
            () => community.RecordAssessmentStepAsync("c2a-c1", 2026, AssessmentSteps.Organization, organization));
        var complete = await street.RecordAssessmentStepAsync("c2a-c1", 2026, AssessmentSteps.Organization, organization);

        Assert.True(complete.Complete);
        Assert.Equal((89.11m, 86.61m, 2.5m, 100, AssessmentTiers.Advanced, 3), (complete.Score, complete.Weighted, complete.Bonus, complete.Scale, complete.Tier, complete.Stars));
        Assert.Equal([84.33m, 80.60m, 91.13m], complete.Steps.Select(s => s.Score));
        Assert.Equal([33.33m, 51.00m], complete.Steps[0].Sections.Select(s => s.Score));
        Assert.Equal(("c2a-community", "自评：按时完成"), (complete.Steps[0].RecordedBy, complete.Steps[0].Note));
        Assert.Empty(complete.Missing);

        var finalized = await street.FinalizeAssessmentAsync("c2a-c1", 2026);
        Assert.True(finalized.Finalized);
        Assert.Equal("c2a-street", finalized.FinalizedBy);
        var again = await street.FinalizeAssessmentAsync("c2a-c1", 2026);
        Assert.Equal((true, finalized.FinalizedAt, 89.11m), (again.Finalized, again.FinalizedAt, again.Score));
        await ClientSupport.RefusedAsync(HttpStatusCode.Conflict, "assessment-finalized",
            () => community.RecordAssessmentStepAsync("c2a-c1", 2026, AssessmentSteps.Self, new AssessmentStepScores(new Dictionary<string, decimal> { ["a"] = 1, ["b"] = 1, ["c"] = 1, ["d"] = 1 })));
        Assert.Equal(89.11m, (await community.GetAssessmentAsync("c2a-c1", 2026)).Score);

        var ranking = await street.GetAssessmentRankingAsync("c2a-s", 2026);
        Assert.Equal([((int?)1, "c2a-c1", true), (null, "c2a-c2", false)], ranking.Items.Select(i => (i.Rank, i.OrgId, i.Complete)));
        Assert.Equal("组织 c2a-c1", ranking.Items[0].Name);
        Assert.Equal(["c2a-c1"], (await street.GetAssessmentRankingAsync("c2a-s", 2026, AssessmentTiers.Advanced)).Items.Select(i => i.OrgId));
        Assert.Empty((await street.GetAssessmentRankingAsync("c2a-s", 2026, AssessmentTiers.Lagging)).Items);

        var missing = await ClientSupport.RefusedAsync(HttpStatusCode.BadRequest, "invalid-field",
            () => street.RecordAssessmentStepAsync("c2a-c2", 2026, AssessmentSteps.Public, new AssessmentStepScores(new Dictionary<string, decimal> { ["a"] = 1 })));
        Assert.Contains("items.b", missing.Errors.Keys);

        await street.DeleteScorecardAsync("c2a-s", 2026);
        await ClientSupport.RefusedAsync(HttpStatusCode.NotFound, "scorecard-not-found", () => street.GetScorecardAsync("c2a-c2", 2026));
    }
}
