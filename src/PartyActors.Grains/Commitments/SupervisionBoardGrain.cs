using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>The open supervised-handling items an organization supervises: the index its supervision list reads.</summary>
[GrainType("supervision-board")]
internal sealed class SupervisionBoardGrain(
    [PersistentState("supervision-board")] IPersistentState<SupervisionBoardState> store) : Grain, ISupervisionBoardGrain
{
    public async Task List(SupervisionItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (store.State.Open.TryGetValue(item.Id, out var listed) && listed == item)
        {
            return;
        }

        store.State.Open[item.Id] = item;
        await store.WriteOrDeactivateAsync(this);
    }

    public async Task Unlist(string itemId)
    {
        if (store.State.Open.Remove(itemId))
        {
            await store.WriteOrDeactivateAsync(this);
        }
    }

    public Task<ImmutableArray<SupervisionItem>> GetOpenItems() =>
        Task.FromResult(store.State.Open.Values.OrderBy(i => i.OpenedAt).ThenBy(i => i.Id, StringComparer.Ordinal).ToImmutableArray());
}
