using System.Collections.Immutable;

namespace PartyActors.Runtime.Tests.Grains;

public sealed class Tally
{
    public int Value { get; set; }

    public List<string> Notes { get; set; } = [];
}

public sealed record TallyView(int Value, ImmutableArray<string> Notes, bool RecordExists, string? Etag);

public interface IStatefulGrain : IGrainWithStringKey
{
    Task<TallyView> Add(int amount, string note);

    Task<TallyView> Read();

    Task Clear();

    /// <summary>Changes the state in memory without writing it; OnDeactivateAsync writes it.</summary>
    Task AddLazily(int amount);
}

public sealed class StatefulGrain([PersistentState("tally")] IPersistentState<Tally> tally) : Grain, IStatefulGrain
{
    public async Task<TallyView> Add(int amount, string note)
    {
        tally.State.Value += amount;
        tally.State.Notes.Add(note);
        await tally.WriteStateAsync();
        return View();
    }

    public Task<TallyView> Read() => Task.FromResult(View());

    public Task Clear() => tally.ClearStateAsync();

    public Task AddLazily(int amount)
    {
        tally.State.Value += amount;
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (reason.ReasonCode == DeactivationReasonCode.ShuttingDown)
        {
            await tally.WriteStateAsync(cancellationToken);
        }
    }

    private TallyView View() => new(tally.State.Value, [.. tally.State.Notes], tally.RecordExists, tally.Etag);
}

public interface IMisconfiguredGrain : IGrainWithStringKey
{
    Task Ping();
}

public sealed class MisconfiguredGrain([PersistentState("x", "Nowhere")] IPersistentState<Tally> state) : Grain, IMisconfiguredGrain
{
    public Task Ping() => Task.FromResult(state.RecordExists);
}
