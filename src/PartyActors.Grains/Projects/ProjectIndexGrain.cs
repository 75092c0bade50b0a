using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>The ids of the projects published at one organization, for its list of open projects.</summary>
[GrainType("project-index")]
internal sealed class ProjectIndexGrain([PersistentState("project-index")] IPersistentState<ProjectIndexState> store) : Grain, IProjectIndexGrain
{
    public async Task Add(string projectId)
    {
        if (store.State.ProjectIds.Contains(projectId))
        {
            return;
        }

        store.State.ProjectIds.Add(projectId);
        await store.WriteOrDeactivateAsync(this);
    }

    public async Task Remove(string projectId)
    {
        if (!store.State.ProjectIds.Remove(projectId))
        {
            return;
        }

        await store.WriteOrDeactivateAsync(this);
    }

    public Task<ImmutableArray<string>> List() => Task.FromResult(store.State.ProjectIds.ToImmutableArray());
}
