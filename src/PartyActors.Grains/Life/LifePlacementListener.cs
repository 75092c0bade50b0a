using Microsoft.Extensions.Options;

namespace PartyActors.Grains;

/// <summary>
/// Keeps organizational-life figures exact as the tree changes: a created organization gets its
/// figures at once (forced: a re-created one's organization forgot them), a renamed one is refreshed
/// (its kind may have changed), and a moved one is refreshed with its whole subtree (the templates
/// they inherit may have changed).
/// </summary>
internal sealed class LifePlacementListener(IOptions<LifeOptions> options) : IPlacementListener
{
    public async Task OnPlacedAsync(IGrainFactory grains, string orgId, PlacementOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(grains);
        if (outcome == PlacementOutcome.Moved)
        {
            await LifeWalk.RunAsync(grains, [orgId], options.Value.SweepParallelism);
        }
        else
        {
            await grains.GetGrain<IOrganizationLifeGrain>(orgId).Refresh(force: outcome == PlacementOutcome.Created);
        }
    }
}
