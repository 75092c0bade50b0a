namespace PartyActors.Grains;

/// <summary>
/// A grain that keeps one mechanism's SLA table (<see cref="SlaTable"/>): the requests' settings and
/// the errands' settings. One contract, so the HTTP layer reads and sets either table the same way.
/// </summary>
[Alias("PartyActors.ISlaTableGrain")]
public interface ISlaTableGrain : IGrainWithStringKey
{
    /// <summary>The table in force: the one set, or the default term of the mechanism's options.</summary>
    [ReadOnly]
    Task<SlaTable> GetSla();

    /// <summary>Replaces the table, checked by the mechanism's rules; null goes back to the default.</summary>
    Task<SlaTable> SetSla(SlaTable? table);
}
