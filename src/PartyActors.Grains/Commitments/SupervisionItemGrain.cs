using Microsoft.Extensions.Logging;

namespace PartyActors.Grains;

/// <summary>
/// A supervised-handling item (督办). Its state is the truth; its organization's board lists it while
/// open. Each step writes the item first and then tells the board, and repeating a step re-tells the
/// board, so a caller that retries after a failure leaves the board right.
/// </summary>
[GrainType("supervision-item")]
internal sealed class SupervisionItemGrain(
    [PersistentState("supervision-item")] IPersistentState<SupervisionItemState> store,
    TimeProvider time,
    ILogger<SupervisionItemGrain> logger) : Grain, ISupervisionItemGrain
{
    private string Id => this.GetPrimaryKeyString();

    public async Task<SupervisionItem> Open(SupervisionItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (store.State.Item is not { } current)
        {
            current = item with { Id = Id, ClosedAt = null, ClosedBy = null, Note = null };
            store.State.Item = current;
            await store.WriteOrDeactivateAsync(this);
            logger.LogInformation("Supervision item {ItemId} opened at {OrgId} for commitment {CommitmentId}.", Id, current.OrgId, current.CommitmentId);
        }

        if (current.IsOpen)
        {
            await Board(current.OrgId).List(current);
        }

        return current;
    }

    public Task<SupervisionItem?> GetDetails() => Task.FromResult(store.State.Item);

    public async Task<SupervisionItem> Close(string note, string by)
    {
        var current = store.State.Item
            ?? throw new DomainException(DomainErrorKind.NotFound, DomainErrors.SupervisionItemNotFound, $"Supervision item '{Id}' does not exist.");
        if (current.IsOpen)
        {
            CommitmentRules.Throw("note", TextRules.CheckRequired("note", note?.Trim(), CommitmentRules.MaxNoteLength));
            current = current with { ClosedAt = time.GetUtcNow(), ClosedBy = by, Note = note!.Trim() };
            store.State.Item = current;
            await store.WriteOrDeactivateAsync(this);
        }

        await Board(current.OrgId).Unlist(Id);
        return current;
    }

    private ISupervisionBoardGrain Board(string orgId) => GrainFactory.GetGrain<ISupervisionBoardGrain>(orgId);
}

