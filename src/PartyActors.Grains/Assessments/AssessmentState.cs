namespace PartyActors.Grains;

/// <summary>What an assessment keeps durable. <see cref="Scorecard"/> is null until the first step is recorded.</summary>
internal sealed class AssessmentState
{
    /// <summary>The scorecard as it was when the first step was recorded: later edits of the template do not reach this year.</summary>
    public EffectiveScorecard? Scorecard { get; set; }

    public RecordedStep? Self { get; set; }

    public RecordedStep? Public { get; set; }

    public RecordedStep? Organization { get; set; }

    public DateTimeOffset? FinalizedAt { get; set; }

    public string? FinalizedBy { get; set; }

    public AssessmentState Copy() => (AssessmentState)MemberwiseClone();

    public Dictionary<AssessmentStep, RecordedStep> Steps()
    {
        var steps = new Dictionary<AssessmentStep, RecordedStep>();
        foreach (var (step, recorded) in new[] { (AssessmentStep.Self, Self), (AssessmentStep.Public, Public), (AssessmentStep.Organization, Organization) })
        {
            if (recorded is not null)
            {
                steps[step] = recorded;
            }
        }

        return steps;
    }

    public void Set(AssessmentStep step, RecordedStep recorded)
    {
        switch (step)
        {
            case AssessmentStep.Self: Self = recorded; break;
            case AssessmentStep.Public: Public = recorded; break;
            case AssessmentStep.Organization: Organization = recorded; break;
            default: throw new ArgumentOutOfRangeException(nameof(step));
        }
    }
}
