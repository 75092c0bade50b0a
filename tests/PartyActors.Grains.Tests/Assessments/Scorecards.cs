using System.Collections.Immutable;

namespace PartyActors.Grains.Tests.Assessments;

/// <summary>The scorecards the assessment tests use, and a way to write scores.</summary>
internal static class Scorecards
{
    /// <summary>
    /// 100 points: section "org" (weight 40; items a ≤ 10, b ≤ 20) and "svc" (weight 60; c ≤ 50,
    /// d ≤ 50); bonus up to 5; steps 20/30/50; advanced from 85, lagging below 60; stars at 60, 70,
    /// 80, 90; "advanced three years running".
    /// </summary>
    public static Scorecard Hundred(string name = "2026 年度党建考核") => new(
        name, 100,
        [
            new ScorecardSection("org", "组织建设", 40, [new ScorecardItem("a", "三会一课", 10), new ScorecardItem("b", "党员管理", 20)]),
            new ScorecardSection("svc", "服务群众", 60, [new ScorecardItem("c", "为民办事", 50), new ScorecardItem("d", "群众满意", 50)]),
        ],
        5, new StepWeights(20, 30, 50), new TierThresholds(85, 60), [60, 70, 80, 90],
        [new HonourRule(HonourRuleKind.ConsecutiveExcellent, 3, "连续三年先进")]);

    /// <summary>
    /// 1,000 points (千分制): section "A" (weight 300; a1 ≤ 8) and "B" (weight 700; b1 ≤ 60, b2 ≤ 40);
    /// bonus up to 50; steps 0.2/0.3/0.5; advanced from 900, lagging below 600; stars at 700, 800, 900, 950.
    /// </summary>
    public static Scorecard Thousand() => new(
        "千分制考核", 1000,
        [
            new ScorecardSection("A", "基础工作", 300, [new ScorecardItem("a1", "阵地建设", 8)]),
            new ScorecardSection("B", "重点任务", 700, [new ScorecardItem("b1", "承诺践诺", 60), new ScorecardItem("b2", "双报到", 40)]),
        ],
        50, new StepWeights(0.2m, 0.3m, 0.5m), new TierThresholds(900, 600), [700, 800, 900, 950], []);

    public static StepScores Scores(decimal bonus = 0, params (string Item, decimal Points)[] items) =>
        new(items.ToImmutableDictionary(i => i.Item, i => i.Points, StringComparer.Ordinal), bonus);

    public static RecordedStep Recorded(StepScores scores) => new(scores, "tester", DateTimeOffset.UnixEpoch);
}
