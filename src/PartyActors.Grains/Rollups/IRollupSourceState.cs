namespace PartyActors.Grains;

/// <summary>
/// The persisted state of a roll-up source with a deadline (a commitment, a request, an errand, an
/// agreement), as <see cref="ContributionCommitter{TState}"/> needs to see it. Members only, never
/// properties of their own: the states keep the shapes their stores hold.
/// </summary>
internal interface IRollupSourceState
{
    /// <summary>Grows with every committed change; stamps the contributions the source sends.</summary>
    long Version { get; set; }

    /// <summary>What the state adds at <see cref="CountedAt"/>.</summary>
    RollupCounters Counters();

    /// <summary>The organization where the state is counted; null while the source does not exist.</summary>
    string? CountedAt();
}
