namespace PartyActors.Grains;

/// <summary>
/// An organization's own scorecard for one year, keyed <c>{orgId}/{year}</c> (<see cref="AssessmentKeys"/>).
/// It assesses the organizations below it: an organization is assessed by the scorecard of its
/// closest ancestor that has one for the year (<see cref="ScorecardResolver"/>), never by its own.
/// </summary>
[Alias("PartyActors.IScorecardGrain")]
public interface IScorecardGrain : IGrainWithStringKey
{
    /// <summary>This organization's own scorecard for the year; null when it has none.</summary>
    [ReadOnly]
    Task<Scorecard?> Get();

    /// <summary>Sets this organization's own scorecard for the year; null removes it.</summary>
    Task Set(Scorecard? scorecard);
}

/// <summary>Finds the scorecard in force at an organization for a year: its own, else the closest ancestor's.</summary>
public static class ScorecardResolver
{
    /// <summary>Deeper chains than this mean a damaged tree.</summary>
    private const int MaxDepth = 64;

    /// <summary>The scorecard <paramref name="orgId"/> assesses its subtree with, or null when neither it nor an ancestor has one.</summary>
    public static async Task<EffectiveScorecard?> InForceAtAsync(IGrainFactory grains, string? orgId, int year)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var current = orgId;
        for (var depth = 0; current is not null && depth < MaxDepth; depth++)
        {
            if (await grains.GetGrain<IScorecardGrain>(AssessmentKeys.Of(current, year)).Get() is { } card)
            {
                return new EffectiveScorecard(card, current);
            }

            current = await grains.GetGrain<IRollupNode>(current).GetParentId();
        }

        return null;
    }

    /// <summary>The scorecard that assesses <paramref name="orgId"/>: the one in force at its parent.</summary>
    public static async Task<EffectiveScorecard?> AssessingAsync(IGrainFactory grains, string orgId, int year)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return await InForceAtAsync(grains, await grains.GetGrain<IRollupNode>(orgId).GetParentId(), year);
    }
}
