using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>A supervised-handling item (督办), keyed by its id.</summary>
[Alias("PartyActors.ISupervisionItemGrain")]
public interface ISupervisionItemGrain : IGrainWithStringKey
{
    /// <summary>Opens the item and lists it on its organization's board; again changes nothing but re-lists it.</summary>
    Task<SupervisionItem> Open(SupervisionItem item);

    /// <summary>The item; null when it was never opened.</summary>
    Task<SupervisionItem?> GetDetails();

    /// <summary>Closes the item with a note; again on a closed one changes nothing.</summary>
    Task<SupervisionItem> Close(string note, string by);
}

/// <summary>The open supervised-handling items of one organization (it supervises them), keyed by org id.</summary>
[Alias("PartyActors.ISupervisionBoardGrain")]
public interface ISupervisionBoardGrain : IGrainWithStringKey
{
    Task List(SupervisionItem item);

    Task Unlist(string itemId);

    Task<ImmutableArray<SupervisionItem>> GetOpenItems();
}
