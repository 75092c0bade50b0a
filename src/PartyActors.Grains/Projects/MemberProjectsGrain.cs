using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>The projects a member has claimed on: where its service-feedback finds its claims.</summary>
[GrainType("member-projects")]
internal sealed class MemberProjectsGrain([PersistentState("member-projects")] IPersistentState<MemberProjectsState> store) : Grain, IMemberProjectsGrain
{
    public async Task Add(string projectId)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        if (store.State.Ids.Contains(projectId))
        {
            return;
        }

        var committed = store.State.Ids;
        store.State.Ids = [.. committed, projectId];
        await store.WriteOrDeactivateAsync(this, () => store.State.Ids = committed);
    }

    public Task<ImmutableArray<string>> List() => Task.FromResult(store.State.Ids.ToImmutableArray());
}
