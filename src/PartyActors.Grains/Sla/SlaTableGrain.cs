namespace PartyActors.Grains;

/// <summary>
/// What every SLA settings grain does with its table (<see cref="ISlaTableGrain"/>): answer the one
/// set or the options' default, and replace it checked by the mechanism's rules, trimmed, durable
/// before it answers. A base class rather than one generic grain, so that each mechanism keeps its
/// own grain type and state name (part of stored keys) and its own state shape (the requests' settings
/// also keep the calendar), and adds its own way of turning a term into a deadline.
/// </summary>
/// <param name="store">The mechanism's state; its <see cref="SlaTableState.Sla"/> is the table.</param>
/// <param name="options">The mechanism's options: the default term while no table is set.</param>
/// <param name="validate">The mechanism's checks of a table (<see cref="SlaRules.Validate"/> with its categories).</param>
internal abstract class SlaTableGrain<TState>(IPersistentState<TState> store, SlaOptions options, Action<SlaTable> validate) : Grain, ISlaTableGrain
    where TState : SlaTableState
{
    /// <summary>The mechanism's state, for what it keeps beside the table.</summary>
    protected IPersistentState<TState> Store => store;

    /// <summary>The table in force.</summary>
    protected SlaTable Table => store.State.Sla ?? Defaults;

    private SlaTable Defaults => new(options.DefaultSla(), []);

    public Task<SlaTable> GetSla() => Task.FromResult(Table);

    public async Task<SlaTable> SetSla(SlaTable? table)
    {
        if (table is not null)
        {
            validate(table);
            table = SlaRules.Normalize(table);
        }

        var committed = store.State.Sla;
        store.State.Sla = table;
        await store.WriteOrDeactivateAsync(this, () => store.State.Sla = committed);

        return Table;
    }
}

/// <summary>What an SLA settings grain keeps durable: the table (null: the options' default). Stored as <c>{ "sla": … }</c>.</summary>
internal class SlaTableState
{
    public SlaTable? Sla { get; set; }
}
