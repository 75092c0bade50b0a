using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Grains;
using PartyActors.Silo.Audit;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;
using PartyActors.Silo.Reshaping;

namespace PartyActors.Silo.Organizations;

/// <summary>Organizations (grids are organizations of kind <c>grid</c>): api.md, "Organizations".</summary>
internal static class OrganizationEndpoints
{
    public static IEndpointRouteBuilder MapOrganizationsApi(this IEndpointRouteBuilder app)
    {
        var orgs = app.MapGroup("/orgs").WithTags("Organizations");
        orgs.MapPut("/{orgId}", PutOrganization)
            .WithSummary("Creates (201) or updates (200) an organization; a new parentId moves its subtree.")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        orgs.MapGet("/{orgId}", GetOrganization)
            .WithSummary("An organization with its children's ids, its roll-up, for a unit stationed in a community where it is reported in (reportedIn: { communityId, at } or null), and its lineage of splits and merges (or null). A community merged into another answers 404 org-merged with mergedInto.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        orgs.MapDelete("/{orgId}", DissolveOrganization)
            .WithSummary("Dissolves an organization without children or members (409 otherwise).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        orgs.MapGet("/{orgId}/rollup", GetRollup)
            .WithSummary("The organization's roll-up over its whole subtree.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        orgs.MapPost("/{orgId}/rollup/rebuild", RebuildRollup)
            .WithSummary("Admins: recounts the subtree's roll-ups from their sources, bottom up.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        orgs.MapGet("/{orgId}/children", GetChildren)
            .WithSummary("The organization's children with their roll-ups; ?sort=<metric>&order=desc|asc ranks them.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Created<OrganizationView>, Ok<OrganizationView>, ProblemHttpResult>> PutOrganization(
        string orgId, PutOrganizationRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (!caller.CanWriteOrganizations)
        {
            return Problems.Forbidden("Only admins, organization admins and grid workers change organizations.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        var definition = request.Validate(errors);
        if (definition is null)
        {
            return Problems.Validation(errors);
        }

        var organization = grains.GetGrain<IOrganizationGrain>(orgId);
        var current = await organization.GetDetails();
        http.Audit().Concerns(current?.ParentId);
        http.Audit().Concerns(definition.ParentId);
        if (!caller.IsAdmin)
        {
            if (current is not null && !await scope.ContainsOrgAsync(caller, orgId))
            {
                return Problems.Forbidden($"Organization '{orgId}' is outside the caller's scope.");
            }

            var placing = current is null || !string.Equals(current.ParentId, definition.ParentId, StringComparison.Ordinal);
            if (placing && (definition.ParentId is null || !await scope.ContainsOrgAsync(caller, definition.ParentId)))
            {
                return Problems.Forbidden("A new or moved organization must go under an organization in the caller's scope.");
            }
        }

        var outcome = await grains.GetGrain<IOrganizationTreeGrain>(IOrganizationTreeGrain.Key).Place(orgId, definition);
        if (outcome != PlacementOutcome.Updated)
        {
            scope.Forget(orgId);
        }

        var details = await OrganizationView.ReadAsync(grains, orgId)
            ?? throw new InvalidOperationException($"Organization '{orgId}' was placed but reads as missing.");
        return outcome == PlacementOutcome.Created
            ? TypedResults.Created($"/api/v1/orgs/{orgId}", details)
            : TypedResults.Ok(details);
    }

    public static async Task<Results<Ok<OrganizationView>, ProblemHttpResult>> GetOrganization(
        string orgId, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var refused = await CheckReadAsync(orgId, caller, scope);
        if (refused is null && await OrganizationView.ReadAsync(grains, orgId) is { } details)
        {
            return TypedResults.Ok(details);
        }

        // A community merged into another answers where it went (docs/reshaping.md).
        return await ReshapeEndpoints.TombstoneAsync(orgId, caller, scope, grains) ?? refused ?? NotFound(orgId);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DissolveOrganization(
        string orgId, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (!caller.CanWriteOrganizations)
        {
            return Problems.Forbidden("Only admins, organization admins and grid workers change organizations.");
        }

        if (!Ids.IsValid(orgId))
        {
            return Problems.Invalid("orgId", "Ids are " + Ids.Rule + ".");
        }

        http.Audit().Concerns(orgId);
        if (!caller.IsAdmin)
        {
            if (string.Equals(orgId, caller.OrgId, StringComparison.Ordinal))
            {
                return Problems.Forbidden("A caller cannot dissolve the root of its own scope; an admin or the level above can.");
            }

            if (!await scope.ContainsOrgAsync(caller, orgId))
            {
                return Problems.Forbidden($"Organization '{orgId}' is outside the caller's scope.");
            }
        }

        var parentId = await grains.GetGrain<IRollupNode>(orgId).GetParentId();
        http.Audit().Concerns(parentId);
        await grains.GetGrain<IOrganizationTreeGrain>(IOrganizationTreeGrain.Key).Dissolve(orgId);
        scope.Forget(orgId);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<Rollup>, ProblemHttpResult>> GetRollup(
        string orgId, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        if (await CheckReadAsync(orgId, caller, scope) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(await grains.GetGrain<IOrganizationGrain>(orgId).GetRollup());
    }

    public static async Task<Results<Ok<Rollup>, ProblemHttpResult>> RebuildRollup(
        string orgId, Caller caller, IGrainFactory grains, HttpContext http)
    {
        if (!caller.IsAdmin)
        {
            return Problems.Forbidden("Only admins rebuild roll-ups.");
        }

        if (!Ids.IsValid(orgId))
        {
            return Problems.Invalid("orgId", "Ids are " + Ids.Rule + ".");
        }

        http.Audit().Concerns(orgId);
        return TypedResults.Ok(await grains.GetGrain<IOrganizationTreeGrain>(IOrganizationTreeGrain.Key).Rebuild(orgId));
    }

    public static async Task<Results<Ok<OrganizationChildren>, ProblemHttpResult>> GetChildren(
        string orgId, string? sort, string? order, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        Metric? metric = null;
        if (sort is not null)
        {
            if (Metrics.TryParse(sort, out var parsed))
            {
                metric = parsed;
            }
            else
            {
                errors.Add("sort", $"'{sort}' is not a metric; use one of: {string.Join(", ", Metrics.All.Select(m => m.WireName()))}.");
            }
        }

        if (order is not null and not ("asc" or "desc"))
        {
            errors.Add("order", "'order' is 'desc' (the default) or 'asc'.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (await CheckReadAsync(orgId, caller, scope) is { } refused)
        {
            return refused;
        }

        var children = await grains.GetGrain<IOrganizationGrain>(orgId).GetChildren();
        if (metric is { } by)
        {
            // Ties keep the id order the grain returns, so a ranking is stable between calls.
            var ranked = order == "asc"
                ? children.OrderBy(c => c.Rollup.Metrics[by])
                : children.OrderByDescending(c => c.Rollup.Metrics[by]);
            children = [.. ranked];
        }

        return TypedResults.Ok(new OrganizationChildren(children));
    }

    /// <summary>The id rule, then the role, then the scope: null when the caller may read <paramref name="orgId"/>.</summary>
    internal static async Task<ProblemHttpResult?> CheckReadAsync(string orgId, Caller caller, SubtreeScope scope)
    {
        if (!Ids.IsValid(orgId))
        {
            return Problems.Invalid("orgId", "Ids are " + Ids.Rule + ".");
        }

        if (!caller.CanReadOrganizations)
        {
            return Problems.Forbidden("The caller's roles do not read organizations.");
        }

        return await scope.ContainsOrgAsync(caller, orgId) ? null : Problems.Forbidden($"Organization '{orgId}' is outside the caller's scope.");
    }

    private static ProblemHttpResult NotFound(string orgId) =>
        Problems.NotFound($"Organization '{orgId}' does not exist.", DomainErrors.OrgNotFound);
}
