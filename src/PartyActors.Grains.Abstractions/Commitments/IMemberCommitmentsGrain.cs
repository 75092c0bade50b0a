using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>
/// The ids of the commitments a member has made, keyed by member id: the index the member's year
/// summary reads (docs/points.md, "Year summary"). The commitment grain adds its id once it is made.
/// </summary>
[Alias("PartyActors.IMemberCommitmentsGrain")]
public interface IMemberCommitmentsGrain : IGrainWithStringKey
{
    /// <summary>Adds a commitment id; again changes nothing.</summary>
    Task Add(string commitmentId);

    /// <summary>The ids, in the order they were made.</summary>
    Task<ImmutableArray<string>> List();
}
