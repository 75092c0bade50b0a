namespace PartyActors.Client;

/// <summary>Projects, small wishes (微心愿) and claims: api.md, "Projects, wishes and claims".</summary>
public sealed partial class PartyActorsClient
{
    /// <summary>
    /// Publishes a project or a small wish at an organization; answers its id. Publishing twice
    /// publishes two projects, so the call is retried on 503/429 only with an
    /// <paramref name="idempotencyKey"/> (a repeat with the same key returns the first answer).
    /// </summary>
    [ApiOperation("POST /api/v1/orgs/{orgId}/projects")]
    public async Task<CreatedId> PublishProjectAsync(string orgId, PublishProjectRequest project, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        var uri = Route("orgs", orgId, "projects");
        using var response = await SendAsync(
            () => WithIdempotencyKey(Json(HttpMethod.Post, uri, project, ClientJsonContext.ForRequests.PublishProjectRequest), idempotencyKey),
            retryable: idempotencyKey is not null,
            cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.CreatedId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The projects published at the organization and at its children (a community and its grids), newest first; only those of <paramref name="status"/> (<see cref="ProjectStatuses"/>) when given.</summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/projects")]
    public Task<ProjectList> ListProjectsAsync(string orgId, string? status = null, CancellationToken cancellationToken = default) =>
        GetAsync(Route("orgs", orgId, "projects").WithQuery([("status", status)]), ClientJsonContext.Default.ProjectList, cancellationToken);

    /// <summary>A project with its claims.</summary>
    [ApiOperation("GET /api/v1/projects/{projectId}")]
    public Task<Project> GetProjectAsync(string projectId, CancellationToken cancellationToken = default) =>
        GetAsync(Route("projects", projectId), ClientJsonContext.Default.Project, cancellationToken);

    /// <summary>
    /// Claims a place for a member (the member itself, or a writer in scope); answers the claim's id.
    /// A second claim by the same member is refused (409), so the call is not retried.
    /// </summary>
    [ApiOperation("POST /api/v1/projects/{projectId}/claims")]
    public async Task<CreatedId> ClaimAsync(string projectId, string memberId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(memberId);
        var uri = Route("projects", projectId, "claims");
        using var response = await SendAsync(() => Json(HttpMethod.Post, uri, new ClaimRequest(MemberId: memberId), ClientJsonContext.ForRequests.ClaimRequest), retryable: false, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.CreatedId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Claims places for several members at once (a writer in scope), all or none; answers the claims' ids in the members' order. Not retried.</summary>
    [ApiOperation("POST /api/v1/projects/{projectId}/claims")]
    public async Task<CreatedIds> ClaimForMembersAsync(string projectId, IReadOnlyList<string> memberIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(memberIds);
        var uri = Route("projects", projectId, "claims");
        using var response = await SendAsync(() => Json(HttpMethod.Post, uri, new ClaimRequest(MemberIds: memberIds), ClientJsonContext.ForRequests.ClaimRequest), retryable: false, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.CreatedIds, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Completes a claim with the minutes served (1 to 1440); they count in <c>volunteerMinutes</c> and <c>claimsCompleted</c>. Not retried (a second completion is refused).</summary>
    [ApiOperation("POST /api/v1/projects/{projectId}/claims/{claimId}/complete")]
    public async Task<ProjectClaim> CompleteClaimAsync(string projectId, string claimId, int minutes, CancellationToken cancellationToken = default)
    {
        var uri = Route("projects", projectId, "claims", claimId, "complete");
        using var response = await SendAsync(() => Json(HttpMethod.Post, uri, new CompleteClaimRequest(minutes), ClientJsonContext.ForRequests.CompleteClaimRequest), retryable: false, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.ProjectClaim, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rates a completed claim once (1 to 5 stars), which awards the member points by the applicable rule. A second rating is refused (409), so it is not retried.</summary>
    [ApiOperation("POST /api/v1/projects/{projectId}/claims/{claimId}/rating")]
    public async Task<ProjectClaim> RateClaimAsync(string projectId, string claimId, int stars, CancellationToken cancellationToken = default)
    {
        var uri = Route("projects", projectId, "claims", claimId, "rating");
        using var response = await SendAsync(() => Json(HttpMethod.Post, uri, new RateClaimRequest(stars), ClientJsonContext.ForRequests.RateClaimRequest), retryable: false, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.ProjectClaim, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes a project: no more claims. Closing again changes nothing, so it is retried.</summary>
    [ApiOperation("POST /api/v1/projects/{projectId}/close")]
    public async Task<Project> CloseProjectAsync(string projectId, CancellationToken cancellationToken = default)
    {
        var uri = Route("projects", projectId, "close");
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, uri), retryable: true, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.Project, cancellationToken).ConfigureAwait(false);
    }

    private static HttpRequestMessage WithIdempotencyKey(HttpRequestMessage request, string? idempotencyKey)
    {
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }
}
