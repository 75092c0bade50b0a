using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Grains;
using PartyActors.Silo.Audit;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Points;

/// <summary>The points rule table of an organization, inherited down the tree (docs/points.md, "Rules").</summary>
internal static class PointsRulesEndpoints
{
    public static IEndpointRouteBuilder MapPointsRulesApi(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/orgs/{orgId}/points-rules").WithTags("Points");
        rules.MapGet("/", GetRules)
            .WithSummary("The points rules that apply at the organization: its own table, else the closest ancestor's (definedAt names it), else the defaults (definedAt null).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        rules.MapPut("/", PutRules)
            .WithSummary("Sets the organization's own table { mode: per-hour|per-event, points, capPerActivity?, dailyCap?, noShowDeduction?, overdueDeduction? }, inherited by its subtree unless overridden below; deductions left out take their defaults (1 and 2); answers the rules that now apply.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        rules.MapDelete("/", DeleteRules)
            .WithSummary("Removes the organization's own table: it inherits again.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<PointsRulesView>, ProblemHttpResult>> GetRules(string orgId, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        if (await CheckAsync(orgId, caller.CanReadOrganizations, caller, scope, grains) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(PointsRulesView.Of(orgId, await PointsRuleResolver.ResolveAsync(grains, orgId)));
    }

    public static async Task<Results<Ok<PointsRulesView>, ProblemHttpResult>> PutRules(
        string orgId, PutPointsRulesRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (!caller.CanWriteRules)
        {
            return Problems.Forbidden("Only admins and organization admins set points rules.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        var table = request.Validate(errors);
        if (table is null)
        {
            return Problems.Validation(errors);
        }

        http.Audit().Concerns(orgId);
        if (await CheckAsync(orgId, caller.CanWriteRules, caller, scope, grains) is { } refused)
        {
            return refused;
        }

        await grains.GetGrain<IPointsRulesGrain>(orgId).Set(table);
        return TypedResults.Ok(PointsRulesView.Of(orgId, await PointsRuleResolver.ResolveAsync(grains, orgId)));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteRules(string orgId, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        http.Audit().Concerns(orgId);
        if (await CheckAsync(orgId, caller.CanWriteRules, caller, scope, grains) is { } refused)
        {
            return refused;
        }

        await grains.GetGrain<IPointsRulesGrain>(orgId).Set(null);
        return TypedResults.NoContent();
    }

    private static async Task<ProblemHttpResult?> CheckAsync(string orgId, bool allowed, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        if (!allowed)
        {
            return Problems.Forbidden("The caller's roles do not reach points rules.");
        }

        if (!Ids.IsValid(orgId))
        {
            return Problems.Invalid("orgId", "Ids are " + Ids.Rule + ".");
        }

        if (!await scope.ContainsOrgAsync(caller, orgId))
        {
            return Problems.Forbidden($"Organization '{orgId}' is outside the caller's scope.");
        }

        return (await grains.GetGrain<IRollupNode>(orgId).GetChildRollup()).Exists
            ? null
            : Problems.NotFound($"Organization '{orgId}' does not exist.", DomainErrors.OrgNotFound);
    }
}

/// <summary>
/// The body of <c>PUT /api/v1/orgs/{orgId}/points-rules</c>. The table is whole, as every table is
/// inherited whole: a deduction left out takes its default, not an ancestor's value.
/// </summary>
internal sealed record PutPointsRulesRequest(
    string? Mode, int? Points, int? CapPerActivity = null, int? DailyCap = null, int? NoShowDeduction = null, int? OverdueDeduction = null) : IRequestBody
{
    public PointsRuleTable? Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var mode = errors.ParseEnum<PointsMode>("mode", Mode, required: true);
        errors.Check("points", PointsRuleTable.CheckPoints(Points));
        errors.Check("capPerActivity", PointsRuleTable.CheckCap("capPerActivity", CapPerActivity));
        errors.Check("dailyCap", PointsRuleTable.CheckCap("dailyCap", DailyCap));
        errors.Check("noShowDeduction", PointsRuleTable.CheckDeduction("noShowDeduction", NoShowDeduction));
        errors.Check("overdueDeduction", PointsRuleTable.CheckDeduction("overdueDeduction", OverdueDeduction));
        return errors.IsEmpty
            ? new PointsRuleTable(mode!.Value, Points!.Value, CapPerActivity, DailyCap,
                NoShowDeduction ?? PointsRuleTable.DefaultNoShowDeduction, OverdueDeduction ?? PointsRuleTable.DefaultOverdueDeduction)
            : null;
    }
}

/// <summary>The rules that apply at an organization; <see cref="DefinedAt"/> is the organization that set them, null for the defaults.</summary>
internal sealed record PointsRulesView(
    string OrgId, string? DefinedAt, PointsMode Mode, int Points, int? CapPerActivity, int? DailyCap, int NoShowDeduction, int OverdueDeduction)
{
    public static PointsRulesView Of(string orgId, EffectivePointsRules rules) =>
        new(orgId, rules.DefinedAt, rules.Table.Mode, rules.Table.Points, rules.Table.CapPerActivity, rules.Table.DailyCap,
            rules.Table.NoShowDeduction, rules.Table.OverdueDeduction);
}
