using System.Text.Json.Serialization;

namespace PartyActors.Grains;

/// <summary>
/// The points rule table (积分规则) an organization sets for its subtree, keyed by org id. Tables are
/// inherited down the tree: the closest organization, from the project's own upwards, that has one
/// decides (<see cref="PointsRuleResolver"/>); where none has, <see cref="PointsRuleTable.Default"/>.
/// </summary>
[Alias("PartyActors.IPointsRulesGrain")]
public interface IPointsRulesGrain : IGrainWithStringKey
{
    /// <summary>This organization's own table; null when it inherits.</summary>
    [ReadOnly]
    Task<PointsRuleTable?> Get();

    /// <summary>Sets this organization's own table; null removes it (the organization inherits again).</summary>
    Task Set(PointsRuleTable? table);
}

/// <summary>How service earns points.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PointsMode>))]
[GenerateSerializer, Alias("PartyActors.PointsMode")]
public enum PointsMode
{
    /// <summary><see cref="PointsRuleTable.Points"/> per hour served, rounded to whole points, halves up.</summary>
    [JsonStringEnumMemberName("per-hour")] PerHour,

    /// <summary><see cref="PointsRuleTable.Points"/> per completed and rated claim, whatever its length.</summary>
    [JsonStringEnumMemberName("per-event")] PerEvent,
}

/// <summary>
/// A rule table. <see cref="CapPerActivity"/> bounds the points of one claim; <see cref="DailyCap"/>
/// bounds the points a member earns from claims in one day of China Standard Time. The deductions
/// (扣分) are what the ledger takes, as a number of points (0 takes nothing), for a lapse:
/// <see cref="NoShowDeduction"/> from a member whose claim was still not completed when its project's
/// no-show deadline passed (未履约: <c>Points:NoShowGrace</c> after the project closed), and
/// <see cref="OverdueDeduction"/> from a member whose commitment turned overdue (承诺逾期). A table
/// that leaves them out, or was stored before they existed, has the defaults.
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.PointsRuleTable")]
public sealed record PointsRuleTable(
    [property: Id(0)] PointsMode Mode,
    [property: Id(1)] int Points,
    [property: Id(2)] int? CapPerActivity = null,
    [property: Id(3)] int? DailyCap = null,
    [property: Id(4)] int NoShowDeduction = PointsRuleTable.DefaultNoShowDeduction,
    [property: Id(5)] int OverdueDeduction = PointsRuleTable.DefaultOverdueDeduction)
{
    /// <summary>
    /// When no organization up the tree has a table: 1 point per hour, no caps (one platform's "1 hour
    /// = 1 point"), and the default deductions.
    /// </summary>
    public static PointsRuleTable Default { get; } = new(PointsMode.PerHour, 1);

    /// <summary>
    /// 1 point for a no-show: what an hour of service earns under the default rule. The member held a
    /// place another volunteer could have taken, so the lapse costs about one activity's worth; small
    /// beside the activist threshold (30), so one missed activity does not undo a year's service.
    /// </summary>
    public const int DefaultNoShowDeduction = 1;

    /// <summary>
    /// 2 points for a commitment gone overdue: a public promise (公示) broken and handed to the level
    /// above for supervision (督办) weighs more than one missed activity, so twice a no-show; still
    /// small beside the activist threshold, and a commitment is made a few times a year, not weekly.
    /// </summary>
    public const int DefaultOverdueDeduction = 2;

    public const int MaxPoints = 100;
    public const int MaxCap = PointsRules.MaxPoints;

    public static string? CheckPoints(int? points) =>
        points is not { } p || p < 0 || p > MaxPoints ? $"'points' must be a whole number from 0 to {MaxPoints}." : null;

    public static string? CheckCap(string field, int? cap) =>
        cap is { } c && (c < 0 || c > MaxCap) ? $"'{field}' must be from 0 to {MaxCap}." : null;

    /// <summary>A deduction is a number of points to take, from 0 (none) to <see cref="MaxPoints"/>; null is the default.</summary>
    public static string? CheckDeduction(string field, int? deduction) =>
        deduction is { } d && (d < 0 || d > MaxPoints) ? $"'{field}' must be a whole number of points to deduct, from 0 to {MaxPoints}." : null;

    /// <summary>
    /// Points for one rated claim of <paramref name="minutes"/>: by the mode (a project's own
    /// <paramref name="projectPointsPerHour"/> makes it per hour at that rate), then capped per activity.
    /// The daily cap is the member's to apply (<see cref="PointsAward.DailyCap"/>).
    /// </summary>
    public int PointsFor(int minutes, int? projectPointsPerHour)
    {
        var points = projectPointsPerHour is { } rate
            ? ProjectRules.PointsFor(minutes, rate)
            : Mode == PointsMode.PerEvent ? Points : ProjectRules.PointsFor(minutes, Points);
        return CapPerActivity is { } cap ? Math.Min(points, cap) : points;
    }
}

/// <summary>The table that applies at an organization, and the organization that set it (null: the defaults).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.EffectivePointsRules")]
public sealed record EffectivePointsRules([property: Id(0)] PointsRuleTable Table, [property: Id(1)] string? DefinedAt);

/// <summary>Finds the table that applies at an organization: its own, else the closest ancestor's, else the defaults.</summary>
public static class PointsRuleResolver
{
    /// <summary>Deeper chains than this mean a damaged tree.</summary>
    private const int MaxDepth = 64;

    public static async Task<EffectivePointsRules> ResolveAsync(IGrainFactory grains, string orgId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        string? current = orgId;
        for (var depth = 0; current is not null && depth < MaxDepth; depth++)
        {
            if (await grains.GetGrain<IPointsRulesGrain>(current).Get() is { } table)
            {
                return new EffectivePointsRules(table, current);
            }

            current = await grains.GetGrain<IRollupNode>(current).GetParentId();
        }

        return new EffectivePointsRules(PointsRuleTable.Default, null);
    }
}
