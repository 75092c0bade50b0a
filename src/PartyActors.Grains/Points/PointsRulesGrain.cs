namespace PartyActors.Grains;

/// <summary>One organization's own points rule table.</summary>
[GrainType("points-rules")]
internal sealed class PointsRulesGrain([PersistentState("points-rules")] IPersistentState<PointsRulesState> store) : Grain, IPointsRulesGrain
{
    public Task<PointsRuleTable?> Get() => Task.FromResult(store.State.Table);

    public async Task Set(PointsRuleTable? table)
    {
        if (table is not null)
        {
            if (!Enum.IsDefined(table.Mode))
            {
                throw DomainErrors.Invalid("mode", "Unknown mode.");
            }

            ProjectRules.Throw("points", PointsRuleTable.CheckPoints(table.Points));
            ProjectRules.Throw("capPerActivity", PointsRuleTable.CheckCap("capPerActivity", table.CapPerActivity));
            ProjectRules.Throw("dailyCap", PointsRuleTable.CheckCap("dailyCap", table.DailyCap));
            ProjectRules.Throw("noShowDeduction", PointsRuleTable.CheckDeduction("noShowDeduction", table.NoShowDeduction));
            ProjectRules.Throw("overdueDeduction", PointsRuleTable.CheckDeduction("overdueDeduction", table.OverdueDeduction));
        }

        var committed = store.State.Table;
        store.State.Table = table;
        await store.WriteOrDeactivateAsync(this, () => store.State.Table = committed);
    }
}

/// <summary>What an organization's rule grain keeps durable.</summary>
internal sealed class PointsRulesState
{
    public PointsRuleTable? Table { get; set; }
}
