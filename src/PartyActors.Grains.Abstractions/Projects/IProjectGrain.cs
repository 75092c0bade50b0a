using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>
/// A service project or a small wish (微心愿) published by an organization, keyed by project id:
/// members claim it (认领) up to its quota, one claim each; a claim is completed with the minutes
/// served and rated once, which awards the member points. Claims are serialized by this one grain,
/// so the quota holds exactly under any race. A source of the publishing organization's roll-up
/// (<c>projectsOpen</c>, <c>claimsCompleted</c>, <c>volunteerMinutes</c>).
/// </summary>
[Alias("PartyActors.IProjectGrain")]
public interface IProjectGrain : IRelocatableSource
{
    /// <summary>Publishes the project at its organization; a project id publishes once (409 <c>project-exists</c>).</summary>
    Task Publish(ProjectDefinition definition);

    /// <summary>The project and its claims; null when it was never published.</summary>
    Task<ProjectDetails?> GetDetails();

    /// <summary>Claims places for members, all or none: one claim id per member, in order.</summary>
    Task<ImmutableArray<string>> Claim(ImmutableArray<string> memberIds);

    /// <summary>Completes a claim with the minutes served.</summary>
    Task<ProjectClaim> Complete(string claimId, int minutes);

    /// <summary>Rates a completed claim once (1 to 5 stars) and awards the member points by the applicable rule.</summary>
    Task<ProjectClaim> Rate(string claimId, int stars);

    /// <summary>Closes the project: no more claims. Closing again changes nothing.</summary>
    Task Close();
}

/// <summary>Lists the projects published at one organization (ids only; each project answers for itself).</summary>
[Alias("PartyActors.IProjectIndexGrain")]
public interface IProjectIndexGrain : IGrainWithStringKey
{
    /// <summary>Adds a project id; durable before it answers.</summary>
    Task Add(string projectId);

    /// <summary>Removes a project id (the project was relocated by a split or merge); durable before it answers.</summary>
    Task Remove(string projectId);

    [ReadOnly]
    Task<ImmutableArray<string>> List();
}

/// <summary>
/// The ids of the projects a member has claimed on, keyed by member id: where the member's service
/// is recorded (the claims themselves live in the projects). The project adds its id before it
/// commits a claim, so the list never misses one; an id whose claim was then refused stays, and
/// readers find no claim of the member there.
/// </summary>
[Alias("PartyActors.IMemberProjectsGrain")]
public interface IMemberProjectsGrain : IGrainWithStringKey
{
    /// <summary>Adds a project id; durable before it answers; again changes nothing.</summary>
    Task Add(string projectId);

    /// <summary>The ids, in the order they were first claimed on.</summary>
    [ReadOnly]
    Task<ImmutableArray<string>> List();
}
