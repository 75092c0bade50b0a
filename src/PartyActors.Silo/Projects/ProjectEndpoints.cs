using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Grains;
using PartyActors.Silo.Audit;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Projects;

/// <summary>Projects, wishes and claims: api.md, "Projects, wishes and claims"; docs/points.md.</summary>
internal static class ProjectEndpoints
{
    public static IEndpointRouteBuilder MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var orgs = app.MapGroup("/orgs/{orgId}/projects").WithTags("Projects");
        orgs.MapPost("/", Publish)
            .WithSummary("Publishes a project or a small wish (微心愿) at the organization: 201 { id }.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        orgs.MapGet("/", List)
            .WithSummary("The projects published at the organization and at its children (a community and its grids: a member's \"near me\"); ?status=open or closed.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var projects = app.MapGroup("/projects/{projectId}").WithTags("Projects");
        projects.MapGet("/", Get)
            .WithSummary("A project with its claims.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        projects.MapPost("/claims", Claim)
            .WithSummary("Claims a place: { memberId } → 201 { id } (the member itself, or a writer in scope); { memberIds: [...] } → 201 { ids } for several members at once by a writer in scope, all or none. Quota full or a claim already held: 409.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        projects.MapPost("/claims/{claimId}/complete", Complete)
            .WithSummary("Completes a claim with the minutes served (1 to 1440); counted in volunteerMinutes and claimsCompleted.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        projects.MapPost("/claims/{claimId}/rating", Rate)
            .WithSummary("Rates a completed claim once (1 to 5 stars), by a resident or an organization admin; awards the member points by the applicable rule. A second rating: 409.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        projects.MapPost("/close", Close)
            .WithSummary("Closes the project: no more claims.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Created<CreatedId>, ProblemHttpResult>> Publish(
        string orgId, PublishProjectRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, TimeProvider time, HttpContext http)
    {
        if (!caller.CanWriteOrganizations)
        {
            return Problems.Forbidden("Only admins, organization admins and grid workers publish projects.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        var definition = request.Validate(orgId, errors, time.GetUtcNow());
        if (definition is null)
        {
            return Problems.Validation(errors);
        }

        http.Audit().Concerns(orgId);
        if (!await scope.ContainsOrgAsync(caller, orgId))
        {
            return Problems.Forbidden($"Organization '{orgId}' is outside the caller's scope.");
        }

        var projectId = "p" + Guid.NewGuid().ToString("N");
        await grains.GetGrain<IProjectGrain>(projectId).Publish(definition);
        return TypedResults.Created($"/api/v1/projects/{projectId}", new CreatedId(projectId));
    }

    public static async Task<Results<Ok<ProjectList>, ProblemHttpResult>> List(
        string orgId, string? status, Caller caller, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        var wanted = errors.ParseEnum<ProjectStatus>("status", status, required: false);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (!caller.IsAuthenticated)
        {
            return Problems.Forbidden("Projects are listed to signed-in callers.");
        }

        if (await grains.GetGrain<IOrganizationGrain>(orgId).GetDetails() is not { } org)
        {
            return Problems.NotFound($"Organization '{orgId}' does not exist.", DomainErrors.OrgNotFound);
        }

        var ids = await Task.WhenAll(org.ChildIds.Prepend(orgId).Select(id => grains.GetGrain<IProjectIndexGrain>(id).List()));
        var projects = await Task.WhenAll(ids.SelectMany(i => i).Select(id => grains.GetGrain<IProjectGrain>(id).GetDetails()));
        return TypedResults.Ok(new ProjectList([.. projects
            .OfType<ProjectDetails>()
            .Where(p => wanted is null || p.Status == wanted)
            .OrderByDescending(p => p.PublishedAt)]));
    }

    public static async Task<Results<Ok<ProjectDetails>, ProblemHttpResult>> Get(string projectId, Caller caller, IGrainFactory grains)
    {
        if (!Ids.IsValid(projectId))
        {
            return Problems.Invalid("projectId", "Ids are " + Ids.Rule + ".");
        }

        if (!caller.IsAuthenticated)
        {
            return Problems.Forbidden("Projects are shown to signed-in callers.");
        }

        return await grains.GetGrain<IProjectGrain>(projectId).GetDetails() is { } project ? TypedResults.Ok(project) : NotFound(projectId);
    }

    public static async Task<Results<Created<CreatedId>, Created<CreatedIds>, ProblemHttpResult>> Claim(
        string projectId, ClaimRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        var errors = new ValidationErrors();
        errors.CheckId("projectId", projectId, required: true);
        var memberIds = request.Validate(errors);
        if (memberIds is null)
        {
            return Problems.Validation(errors);
        }

        var self = request.MemberId is { } memberId && caller.IsMember(memberId);
        if (!self && !caller.CanWriteOrganizations)
        {
            return Problems.Forbidden("Members claim for themselves; admins, organization admins and grid workers claim for members.");
        }

        var project = grains.GetGrain<IProjectGrain>(projectId);
        if (await CheckWriteAsync(projectId, await project.GetDetails(), caller, scope, http, self) is { } refused)
        {
            return refused;
        }

        var ids = await project.Claim(memberIds.Value);
        var location = $"/api/v1/projects/{projectId}";
        return request.MemberIds is null
            ? TypedResults.Created(location, new CreatedId(ids[0]))
            : TypedResults.Created(location, new CreatedIds(ids));
    }

    public static async Task<Results<Ok<ProjectClaim>, ProblemHttpResult>> Complete(
        string projectId, string claimId, CompleteClaimRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (!caller.CanWriteOrganizations)
        {
            return Problems.Forbidden("Only admins, organization admins and grid workers complete claims.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("projectId", projectId, required: true);
        errors.CheckId("claimId", claimId, required: true);
        errors.Check("minutes", ProjectRules.CheckMinutes(request.Minutes));
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var project = grains.GetGrain<IProjectGrain>(projectId);
        if (await CheckWriteAsync(projectId, await project.GetDetails(), caller, scope, http, self: false) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(await project.Complete(claimId, request.Minutes!.Value));
    }

    public static async Task<Results<Ok<ProjectClaim>, ProblemHttpResult>> Rate(
        string projectId, string claimId, RateClaimRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (!caller.HasAny(Role.Admin, Role.OrgAdmin, Role.Resident))
        {
            return Problems.Forbidden("Residents and organization admins rate services.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("projectId", projectId, required: true);
        errors.CheckId("claimId", claimId, required: true);
        errors.Check("stars", ProjectRules.CheckStars(request.Stars));
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var project = grains.GetGrain<IProjectGrain>(projectId);
        if (await CheckWriteAsync(projectId, await project.GetDetails(), caller, scope, http, self: false) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(await project.Rate(claimId, request.Stars!.Value));
    }

    public static async Task<Results<Ok<ProjectDetails>, ProblemHttpResult>> Close(
        string projectId, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (!caller.CanWriteOrganizations)
        {
            return Problems.Forbidden("Only admins, organization admins and grid workers close projects.");
        }

        if (!Ids.IsValid(projectId))
        {
            return Problems.Invalid("projectId", "Ids are " + Ids.Rule + ".");
        }

        var project = grains.GetGrain<IProjectGrain>(projectId);
        if (await CheckWriteAsync(projectId, await project.GetDetails(), caller, scope, http, self: false) is { } refused)
        {
            return refused;
        }

        await project.Close();
        return TypedResults.Ok((await project.GetDetails())!);
    }

    /// <summary>
    /// Null when the project exists and the caller may change it: a member claiming for itself, an
    /// admin, or a caller whose scope holds the publishing organization.
    /// </summary>
    private static async Task<ProblemHttpResult?> CheckWriteAsync(string projectId, ProjectDetails? project, Caller caller, SubtreeScope scope, HttpContext http, bool self)
    {
        if (project is null)
        {
            return NotFound(projectId);
        }

        http.Audit().Concerns(project.OrgId);
        return self || await scope.ContainsOrgAsync(caller, project.OrgId)
            ? null
            : Problems.Forbidden($"Project '{projectId}' was published outside the caller's scope.");
    }

    private static ProblemHttpResult NotFound(string projectId) =>
        Problems.NotFound($"Project '{projectId}' does not exist.", ProjectRules.ProjectNotFound);
}
