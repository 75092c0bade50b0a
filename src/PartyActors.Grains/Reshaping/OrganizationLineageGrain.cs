using Microsoft.Extensions.Logging;

namespace PartyActors.Grains;

/// <summary>
/// An organization's lineage (splits and merges it took part in) and its reservation by the one
/// reshape that may run on it. Kept under the organization's id after a merge dissolves it, so the
/// tombstone says where it went.
/// </summary>
[GrainType("org-lineage")]
internal sealed class OrganizationLineageGrain(
    [PersistentState("org-lineage")] IPersistentState<OrganizationLineageState> store,
    ILogger<OrganizationLineageGrain> logger) : Grain, IOrganizationLineageGrain
{
    private string Id => this.GetPrimaryKeyString();

    private OrganizationLineageState State => store.State;

    public Task<OrganizationLineage?> GetLineage() => Task.FromResult(
        State.SplitFrom is null && State.SplitInto.Count == 0 && State.MergedFrom.Count == 0 && State.MergedInto is null
            ? null
            : new OrganizationLineage(State.SplitFrom, [.. State.SplitInto], [.. State.MergedFrom], State.MergedInto));

    public async Task Reserve(string reshapeId)
    {
        ArgumentException.ThrowIfNullOrEmpty(reshapeId);
        if (State.ReservedBy == reshapeId)
        {
            return;
        }

        if (State.ReservedBy is { } holder)
        {
            // A reservation outlives its reshape only when the process died between reserving and
            // recording the plan, or before releasing: such a holder does not run, and is taken over.
            var progress = await GrainFactory.GetGrain<IReshapeGrain>(holder).GetProgress();
            if (progress is { Status: ReshapeStatus.Running })
            {
                throw new DomainException(DomainErrorKind.Conflict, ReshapeRules.ReshapeRunning,
                    $"Reshape '{holder}' is running on organization '{Id}'; wait until it finishes.");
            }

            logger.LogInformation("Organization {OrgId}: reshape {ReshapeId} takes over the stale reservation of {Holder}.", Id, reshapeId, holder);
        }

        await WriteAsync(() => State.ReservedBy = reshapeId);
    }

    public async Task Release(string reshapeId)
    {
        if (State.ReservedBy == reshapeId)
        {
            await WriteAsync(() => State.ReservedBy = null);
        }
    }

    public async Task Record(LineageRole role, LineageLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        var known = role switch
        {
            LineageRole.SplitFrom => State.SplitFrom?.ReshapeId == link.ReshapeId,
            LineageRole.SplitInto => State.SplitInto.Any(l => l.ReshapeId == link.ReshapeId),
            LineageRole.MergedFrom => State.MergedFrom.Any(l => l.ReshapeId == link.ReshapeId),
            _ => State.MergedInto?.ReshapeId == link.ReshapeId,
        };
        if (known)
        {
            return;
        }

        await WriteAsync(() =>
        {
            switch (role)
            {
                case LineageRole.SplitFrom:
                    State.SplitFrom = link;
                    break;
                case LineageRole.SplitInto:
                    State.SplitInto.Add(link);
                    break;
                case LineageRole.MergedFrom:
                    State.MergedFrom.Add(link);
                    break;
                default:
                    State.MergedInto = link;
                    break;
            }
        });
    }

    private async Task WriteAsync(Action change)
    {
        change();
        await store.WriteOrDeactivateAsync(this);
    }
}
