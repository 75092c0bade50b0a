namespace PartyActors.Grains;

/// <summary>
/// Told by the tree after each placement succeeded (<see cref="IOrganizationTreeGrain.Place"/>), before
/// the placement answers: for figures that follow an organization's kind or place in the tree
/// (organizational life). A listener's failure fails the placement, which the caller retries
/// (placing again is idempotent, and tells the listeners again).
/// </summary>
internal interface IPlacementListener
{
    Task OnPlacedAsync(IGrainFactory grains, string orgId, PlacementOutcome outcome);
}
