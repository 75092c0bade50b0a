namespace PartyActors.Grains;

/// <summary>
/// One organization's assessment for one year (key <c>{orgId}/{year}</c>). The scorecard is taken
/// from the organization's closest ancestor that has one for the year at the first recorded step
/// and kept with the year, so editing the template later never changes a year already scored.
/// Every change is durable before it is answered.
/// </summary>
[GrainType("assessment")]
internal sealed class AssessmentGrain(
    [PersistentState("assessment")] IPersistentState<AssessmentState> store, IGrainFactory grains, TimeProvider time) : Grain, IAssessmentGrain
{
    private (string OrgId, int Year) _key;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = AssessmentKeys.Parse(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public Task<AssessmentDetails> GetDetails() => Task.FromResult(Details());

    public Task<AssessmentSummary> GetSummary()
    {
        var score = Details().Score;
        return Task.FromResult(new AssessmentSummary(_key.OrgId, _key.Year, store.State.Scorecard is not null, score.Complete,
            store.State.FinalizedAt is not null, score.Score, score.Tier, score.Stars,
            score.Steps.FirstOrDefault(s => s.Step == AssessmentStep.Organization)?.Score));
    }

    public async Task<EffectiveScorecard?> GetScorecard() =>
        store.State.Scorecard ?? await ScorecardResolver.AssessingAsync(grains, _key.OrgId, _key.Year);

    public async Task<AssessmentDetails> Record(AssessmentStep step, StepScores scores, string recordedBy)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentException.ThrowIfNullOrWhiteSpace(recordedBy);
        if (store.State.FinalizedAt is not null)
        {
            throw Finalized();
        }

        var scorecard = await GetScorecard() ?? throw new DomainException(DomainErrorKind.UnknownReference, AssessmentErrors.ScorecardNotFound,
            $"No organization above '{_key.OrgId}' has a scorecard for {_key.Year}.");

        // The API checked the body against this scorecard already and reported every breach; this guards other callers.
        if (ScorecardRules.CheckScores(scorecard.Scorecard, step, scores) is [var first, ..])
        {
            throw AssessmentErrors.Invalid(first);
        }

        var committed = store.State.Copy();
        store.State.Scorecard ??= scorecard;
        store.State.Set(step, new RecordedStep(scores with { Note = scores.Note?.Trim() is { Length: > 0 } note ? note : null }, recordedBy, time.GetUtcNow()));
        await store.WriteOrDeactivateAsync(this, () => store.State = committed);
        return Details();
    }

    public async Task<AssessmentDetails> Finalize(string finalizedBy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(finalizedBy);
        if (store.State.FinalizedAt is not null)
        {
            return Details();
        }

        if (!Details().Score.Complete)
        {
            throw new DomainException(DomainErrorKind.Conflict, AssessmentErrors.Incomplete,
                $"The assessment of '{_key.OrgId}' for {_key.Year} is missing a step with weight; record every step before finalizing.");
        }

        var committed = store.State.Copy();
        store.State.FinalizedAt = time.GetUtcNow();
        store.State.FinalizedBy = finalizedBy;
        await store.WriteOrDeactivateAsync(this, () => store.State = committed);
        return Details();
    }

    private AssessmentDetails Details()
    {
        var state = store.State;
        var score = state.Scorecard is { } card
            ? ScorecardArithmetic.Score(card.Scorecard, state.Steps())
            : new AssessmentScore([], false, null, 0, null, null, null);
        return new AssessmentDetails(_key.OrgId, _key.Year, state.Scorecard, score, state.FinalizedAt, state.FinalizedBy);
    }

    private DomainException Finalized() => new(DomainErrorKind.Conflict, AssessmentErrors.Finalized,
        $"The assessment of '{_key.OrgId}' for {_key.Year} is finalized; its scores no longer change.");
}
