namespace PartyActors.Grains;

/// <summary>One organization's own scorecard for one year.</summary>
[GrainType("scorecard")]
internal sealed class ScorecardGrain([PersistentState("scorecard")] IPersistentState<ScorecardState> store) : Grain, IScorecardGrain
{
    public Task<Scorecard?> Get() => Task.FromResult(store.State.Scorecard);

    public async Task Set(Scorecard? scorecard)
    {
        if (scorecard is not null && ScorecardRules.Check(scorecard) is [var first, ..])
        {
            throw AssessmentErrors.Invalid(first);
        }

        var committed = store.State.Scorecard;
        store.State.Scorecard = scorecard;
        await store.WriteOrDeactivateAsync(this, () => store.State.Scorecard = committed);
    }
}

/// <summary>What a scorecard grain keeps durable.</summary>
internal sealed class ScorecardState
{
    public Scorecard? Scorecard { get; set; }
}
