using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>The commitments a member has made: the index its year summary reads.</summary>
[GrainType("member-commitments")]
internal sealed class MemberCommitmentsGrain(
    [PersistentState("member-commitments")] IPersistentState<MemberCommitmentsState> store) : Grain, IMemberCommitmentsGrain
{
    public async Task Add(string commitmentId)
    {
        ArgumentException.ThrowIfNullOrEmpty(commitmentId);
        if (store.State.Ids.Contains(commitmentId, StringComparer.Ordinal))
        {
            return;
        }

        store.State.Ids.Add(commitmentId);
        await store.WriteOrDeactivateAsync(this);
    }

    public Task<ImmutableArray<string>> List() => Task.FromResult(store.State.Ids.ToImmutableArray());
}
