using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Grains;
using PartyActors.Silo.Audit;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;
using PartyActors.Silo.Organizations;

namespace PartyActors.Silo.ReportIns;

/// <summary>Organizations report in to a community (双报到 for stationed units): docs/report-in.md.</summary>
internal static class OrganizationReportInEndpoints
{
    public static IEndpointRouteBuilder MapOrganizationReportInApi(this IEndpointRouteBuilder app)
    {
        var orgs = app.MapGroup("/orgs/{orgId}").WithTags("Report-in");
        orgs.MapPost("/report-in", ReportIn)
            .WithSummary("Reports a unit stationed in a community (an agency, institution, enterprise, social organization, joint branch, or a Party organization of one) in to that community or village (双报到): 200 { communityId, at }. Again with another community moves the report; with the same one changes nothing.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        orgs.MapDelete("/report-in", Withdraw)
            .WithSummary("Withdraws the organization's report-in (204); it stays in the history. Without one, changes nothing.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        orgs.MapGet("/report-in", GetHistory)
            .WithSummary("Where the organization is reported in now (current, or null) and every earlier report-in with its dates (history, oldest first).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        orgs.MapGet("/reported-orgs", ListReported)
            .WithSummary("The organizations reported in to this community or village now, by id, a page at a time (?limit=1..1000, default 100; ?after=<the previous page's next>); 422 not-a-community for any other kind of organization.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    public static async Task<Results<Ok<OrganizationReportIn>, ProblemHttpResult>> ReportIn(
        string orgId, OrganizationReportInRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (!caller.CanReportOrganizationsIn)
        {
            return Problems.Forbidden("Only admins and organization admins report organizations in.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        errors.CheckId("communityId", request.CommunityId, required: true);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var reportIn = grains.GetGrain<IOrganizationReportInGrain>(orgId);
        http.Audit().Concerns(request.CommunityId);
        http.Audit().Concerns((await reportIn.GetCurrent())?.CommunityId);
        if (!await scope.ContainsOrgAsync(caller, orgId))
        {
            return Problems.Forbidden($"Organization '{orgId}' is outside the caller's scope.");
        }

        return TypedResults.Ok(await reportIn.ReportIn(request.CommunityId!));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Withdraw(
        string orgId, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (!caller.CanReportOrganizationsIn)
        {
            return Problems.Forbidden("Only admins and organization admins withdraw organizations' report-ins.");
        }

        if (!Ids.IsValid(orgId))
        {
            return Problems.Invalid("orgId", "Ids are " + Ids.Rule + ".");
        }

        var reportIn = grains.GetGrain<IOrganizationReportInGrain>(orgId);
        http.Audit().Concerns((await reportIn.GetCurrent())?.CommunityId);
        if (!await scope.ContainsOrgAsync(caller, orgId))
        {
            return Problems.Forbidden($"Organization '{orgId}' is outside the caller's scope.");
        }

        if (!await ExistsAsync(grains, orgId))
        {
            return NotFound(orgId);
        }

        await reportIn.WithdrawReportIn();
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<OrganizationReportInHistory>, ProblemHttpResult>> GetHistory(
        string orgId, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        if (await OrganizationEndpoints.CheckReadAsync(orgId, caller, scope) is { } refused)
        {
            return refused;
        }

        return await ExistsAsync(grains, orgId)
            ? TypedResults.Ok(await grains.GetGrain<IOrganizationReportInGrain>(orgId).GetHistory())
            : NotFound(orgId);
    }

    public static async Task<Results<Ok<ReportedOrganizationsPage>, ProblemHttpResult>> ListReported(
        string orgId, int? limit, string? after, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        IdPages.Check(errors, limit, after);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (await OrganizationEndpoints.CheckReadAsync(orgId, caller, scope) is { } refused)
        {
            return refused;
        }

        // The same refusal as a report-in naming this organization (issue 15): only communities and villages take report-ins.
        var community = await grains.GetGrain<IRollupNode>(orgId).GetChildRollup();
        if (!community.Exists)
        {
            return NotFound(orgId);
        }

        if (!OrganizationReportInRules.TakesReportIns(community.Kind))
        {
            return Problems.Status(StatusCodes.Status422UnprocessableEntity,
                $"Organization '{orgId}' is a {WireNames<OrganizationKind>.Name(community.Kind)}, not a community or a village: no organization reports in to it.",
                OrganizationReportInRules.NotACommunity);
        }

        // The community's ties are a superset of the truth (a tie is made before the report-in commits,
        // dropped after a move commits): each is checked against the reporting organization's own word.
        var tied = await grains.GetGrain<IOrganizationGrain>(orgId).GetSourceIds(SourceKind.OrganizationReportIn);
        var (items, next) = await IdPages.ReadAsync(tied, after, limit, async reportingId =>
        {
            var current = await grains.GetGrain<IOrganizationReportInGrain>(reportingId).GetCurrent();
            if (current?.CommunityId != orgId)
            {
                return null;
            }

            var organization = await grains.GetGrain<IRollupNode>(reportingId).GetChildRollup();
            return organization.Exists ? new ReportedOrganization(reportingId, organization.Name, organization.Kind, current.At) : null;
        });
        return TypedResults.Ok(new ReportedOrganizationsPage(orgId, [.. items], next));
    }

    private static async Task<bool> ExistsAsync(IGrainFactory grains, string orgId) =>
        (await grains.GetGrain<IRollupNode>(orgId).GetChildRollup()).Exists;

    private static ProblemHttpResult NotFound(string orgId) =>
        Problems.NotFound($"Organization '{orgId}' does not exist.", DomainErrors.OrgNotFound);
}
