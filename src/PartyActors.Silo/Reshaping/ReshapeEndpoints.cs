using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Grains;
using PartyActors.Silo.Audit;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Reshaping;

/// <summary>
/// Splits and merges of communities (docs/reshaping.md): accepted with 202 and a Location to poll,
/// run by an <see cref="IReshapeGrain"/> to the end whatever crashes meanwhile. Admins, and
/// organization admins whose scope holds every organization concerned.
/// </summary>
internal static class ReshapeEndpoints
{
    /// <summary>The <c>code</c> of the 404 that answers for a community merged into another (with <c>mergedInto</c>).</summary>
    public const string OrgMerged = "org-merged";

    public static IEndpointRouteBuilder MapReshapingApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/orgs/{orgId}/split", Split).WithTags("Reshaping")
            .WithSummary("Splits a community or village: a new one (same kind, same parent unless given) takes the chosen grids with their subtrees, members of record and open items (moveItems). 202 with the operation to poll at Location. Admins and organization admins in scope.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapPost("/orgs/{orgId}/merge", Merge).WithTags("Reshaping")
            .WithSummary("Merges fromOrgId into this community or village (same kind, neither below the other): its children, members of record and every open item follow, then it is dissolved, leaving a tombstone (GET answers 404 org-merged with mergedInto). 202 with the operation to poll at Location.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapGet("/reshapes/{reshapeId}", GetReshape).WithTags("Reshaping")
            .WithSummary("A split or merge: status running, completed or failed, steps done of the total, and the items that could not follow (errors).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Accepted<ReshapeProgress>, ProblemHttpResult>> Split(
        string orgId, SplitRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (!CanReshape(caller))
        {
            return Problems.Forbidden("Only admins and organization admins split communities.");
        }

        var errors = new ValidationErrors();
        if (request.Validate(orgId, errors, out var kind) is not { } order)
        {
            return Problems.Validation(errors);
        }

        http.Audit().Concerns(order.NewOrgId);
        http.Audit().Concerns(order.NewParentId);
        if (!await scope.ContainsOrgAsync(caller, orgId) || (order.NewParentId is { } parentId && !await scope.ContainsOrgAsync(caller, parentId)))
        {
            return Problems.Forbidden("The community and the new one's parent must lie in the caller's scope.");
        }

        if (kind is { } asked && await grains.GetGrain<IOrganizationGrain>(orgId).GetDetails() is { } org && org.Kind != asked)
        {
            return Problems.Status(StatusCodes.Status422UnprocessableEntity,
                $"The new community takes the kind of '{orgId}' ({WireNames<OrganizationKind>.Name(org.Kind)}).", ReshapeRules.KindMismatch,
                new Dictionary<string, string[]> { ["newOrg.kind"] = ["The new community takes the kind of the split one."] });
        }

        var id = NewId();
        http.Audit().ResourceId = id;
        var progress = await grains.GetGrain<IReshapeGrain>(id).Split(order, caller.Subject);
        scope.Forget(order.NewOrgId);
        foreach (var gridId in order.GridIds)
        {
            scope.Forget(gridId);
        }

        return TypedResults.Accepted($"/api/v1/reshapes/{id}", progress);
    }

    public static async Task<Results<Accepted<ReshapeProgress>, ProblemHttpResult>> Merge(
        string orgId, MergeRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (!CanReshape(caller))
        {
            return Problems.Forbidden("Only admins and organization admins merge communities.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        errors.CheckId("fromOrgId", request.FromOrgId, required: true);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var fromOrgId = request.FromOrgId!;
        http.Audit().Concerns(fromOrgId);
        if (!await scope.ContainsOrgAsync(caller, orgId) || !await scope.ContainsOrgAsync(caller, fromOrgId))
        {
            return Problems.Forbidden("Both communities must lie in the caller's scope.");
        }

        var id = NewId();
        http.Audit().ResourceId = id;
        var progress = await grains.GetGrain<IReshapeGrain>(id).Merge(new MergeOrder(orgId, fromOrgId), caller.Subject);
        return TypedResults.Accepted($"/api/v1/reshapes/{id}", progress);
    }

    public static async Task<Results<Ok<ReshapeProgress>, ProblemHttpResult>> GetReshape(
        string reshapeId, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        if (!Ids.IsValid(reshapeId))
        {
            return Problems.Invalid("reshapeId", "Ids are " + Ids.Rule + ".");
        }

        if (!caller.CanReadOrganizations)
        {
            return Problems.Forbidden("The caller's roles do not read organizations.");
        }

        if (await grains.GetGrain<IReshapeGrain>(reshapeId).GetProgress() is not { } progress)
        {
            return Problems.NotFound($"Reshape '{reshapeId}' does not exist.", ReshapeRules.ReshapeNotFound);
        }

        // The community that goes on: the split one, or the one that absorbed the other.
        return await scope.ContainsOrgAsync(caller, progress.OrgId)
            ? TypedResults.Ok(progress)
            : Problems.Forbidden($"Reshape '{reshapeId}' concerns an organization outside the caller's scope.");
    }

    /// <summary>
    /// The tombstone of a community merged into another: a 404 with <c>code: org-merged</c>,
    /// <c>mergedInto</c>, <c>mergedAt</c> and <c>reshapeId</c>, for callers who may read the one that
    /// absorbed it; null when <paramref name="orgId"/> was not merged (or exists again).
    /// </summary>
    public static async Task<ProblemHttpResult?> TombstoneAsync(string orgId, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(grains);
        if (!Ids.IsValid(orgId) || !caller.CanReadOrganizations
            || await grains.GetGrain<IOrganizationLineageGrain>(orgId).GetLineage() is not { MergedInto: { } link }
            || await grains.GetGrain<IOrganizationGrain>(orgId).GetDetails() is not null
            || !await scope.ContainsOrgAsync(caller, link.OrgId))
        {
            return null;
        }

        var tombstone = Problems.NotFound($"Organization '{orgId}' was merged into '{link.OrgId}'.", OrgMerged);
        tombstone.ProblemDetails.Extensions["mergedInto"] = link.OrgId;
        tombstone.ProblemDetails.Extensions["mergedAt"] = link.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        tombstone.ProblemDetails.Extensions["reshapeId"] = link.ReshapeId;
        return tombstone;
    }

    private static bool CanReshape(Caller caller) => caller.IsAdmin || caller.Has(Role.OrgAdmin);

    private static string NewId() => "rs-" + Guid.NewGuid().ToString("N");
}
