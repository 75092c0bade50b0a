using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Grains;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Assessments;

/// <summary>
/// Assessment (考核): yearly scorecards set by an organization for the organizations below it, the
/// three steps' scores, the result with its tier, stars and honours, finalization, and the ranking
/// of siblings (docs/assessment.md). Who records what: the self step (自评) the organization's own
/// admins; the public step (群众测评) a worker on the public's behalf; the organization step (组织考评)
/// and finalization the admins of an organization above it.
/// </summary>
internal static class AssessmentEndpoints
{
    public static IEndpointRouteBuilder MapAssessmentsApi(this IEndpointRouteBuilder app)
    {
        var scorecards = app.MapGroup("/orgs/{orgId}/scorecards/{year}").WithTags("Assessment");
        scorecards.MapGet("/", GetScorecard)
            .WithSummary("The scorecard the organization assesses its subtree with for the year: its own, else the closest ancestor's (definedAt names it); 404 scorecard-not-found when there is none.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        scorecards.MapPut("/", PutScorecard)
            .WithSummary("Sets the organization's own scorecard for the year, used to assess every organization below it unless one closer sets its own: { name, scale: 100|1000, sections: [{ id, name, weight, items: [{ id, name, maxPoints }] }], bonusMax, stepWeights: { self, public, organization }, tiers: { advanced, lagging }, stars: [thresholds], rules: [{ kind: consecutive-excellent, years, title }] }. Admins and organization admins in scope; every breach is reported together.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        scorecards.MapDelete("/", DeleteScorecard)
            .WithSummary("Removes the organization's own scorecard for the year; years already scored keep the snapshot they took.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var assessments = app.MapGroup("/orgs/{orgId}/assessments/{year}").WithTags("Assessment");
        assessments.MapGet("/", GetAssessment)
            .WithSummary("The organization's assessment for the year: score on the scale (weighted over the steps, plus bonus; null until every step with weight is recorded), per-step and per-section subtotals, tier, stars, last year's tier, whether it moved up a tier (晋位升级), honours from multi-year rules (finalized years only) and the scorecard snapshot used.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        assessments.MapPost("/steps/{step}", RecordStep)
            .WithSummary("Records one step's scores { items: { itemId: points }, bonus?, note? }: every item of the scorecard from 0 to its maxPoints (2 decimals at most); bonus in the organization step only. step: self (the organization's own admins), public (a worker in scope, for the public) or organization (admins of an organization above). Recording again replaces the step; 409 once finalized; 422 when no scorecard assesses the organization.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        assessments.MapPost("/finalize", FinalizeYear)
            .WithSummary("Fixes the year's scores (admins of an organization above): 409 assessment-incomplete while a step with weight is missing; afterwards every step is refused with 409 assessment-finalized. Finalizing again changes nothing.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        assessments.MapGet("/ranking", RankChildren)
            .WithSummary("The organization's children ranked by their score for the year (higher first; ties by the organization step's score, then by id); children without a complete score follow, unranked. ?tier=advanced|average|lagging keeps one tier.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<ScorecardView>, ProblemHttpResult>> GetScorecard(
        string orgId, string year, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        var y = Route(errors, orgId, year);
        if (await CheckAsync(errors, orgId, caller.CanReadOrganizations, caller, scope, grains) is { } refused)
        {
            return refused;
        }

        return await ScorecardResolver.InForceAtAsync(grains, orgId, y!.Value) is { } card
            ? TypedResults.Ok(ScorecardView.Of(orgId, y.Value, card))
            : Problems.NotFound($"Neither '{orgId}' nor an organization above it has a scorecard for {y}.", AssessmentErrors.ScorecardNotFound);
    }

    public static async Task<Results<Ok<ScorecardView>, ProblemHttpResult>> PutScorecard(
        string orgId, string year, PutScorecardRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        var y = Route(errors, orgId, year);
        var card = request.Validate(errors);
        if (await CheckAsync(errors, orgId, CanSetScorecards(caller), caller, scope, grains) is { } refused)
        {
            return refused;
        }

        await grains.GetGrain<IScorecardGrain>(AssessmentKeys.Of(orgId, y!.Value)).Set(card);
        return TypedResults.Ok(ScorecardView.Of(orgId, y.Value, new EffectiveScorecard(card!, orgId)));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteScorecard(
        string orgId, string year, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        var y = Route(errors, orgId, year);
        if (await CheckAsync(errors, orgId, CanSetScorecards(caller), caller, scope, grains) is { } refused)
        {
            return refused;
        }

        await grains.GetGrain<IScorecardGrain>(AssessmentKeys.Of(orgId, y!.Value)).Set(null);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<AssessmentView>, ProblemHttpResult>> GetAssessment(
        string orgId, string year, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        var y = Route(errors, orgId, year);
        if (await CheckAsync(errors, orgId, caller.CanReadOrganizations, caller, scope, grains) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(AssessmentView.Of(await AssessmentReader.ReadAsync(grains, orgId, y!.Value)));
    }

    public static async Task<Results<Ok<AssessmentView>, ProblemHttpResult>> RecordStep(
        string orgId, string year, string step, RecordStepRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        var y = Route(errors, orgId, year);
        var which = errors.ParseEnum<AssessmentStep>("step", step, required: true);
        var scores = request.Read(errors);
        var mayRecord = which switch
        {
            AssessmentStep.Self => caller.HasAny(Role.Admin, Role.OrgAdmin),
            AssessmentStep.Public => caller.CanWriteOrganizations,
            _ => caller.HasAny(Role.Admin, Role.OrgAdmin),
        };
        if (await CheckAsync(errors, orgId, mayRecord, caller, scope, grains) is { } refused)
        {
            return refused;
        }

        if (which == AssessmentStep.Organization && await CheckAssessorAsync(orgId, caller, scope, grains) is { } notAbove)
        {
            return notAbove;
        }

        var assessment = grains.GetGrain<IAssessmentGrain>(AssessmentKeys.Of(orgId, y!.Value));
        if (await assessment.GetScorecard() is not { } card)
        {
            return Problems.Status(StatusCodes.Status422UnprocessableEntity,
                $"No organization above '{orgId}' has a scorecard for {y}; set one first (PUT /api/v1/orgs/{{ancestorId}}/scorecards/{y}).",
                AssessmentErrors.ScorecardNotFound);
        }

        foreach (var breach in ScorecardRules.CheckScores(card.Scorecard, which!.Value, scores!))
        {
            errors.Add(breach.Field, breach.Message);
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        await assessment.Record(which.Value, scores!, caller.Subject);
        return TypedResults.Ok(AssessmentView.Of(await AssessmentReader.ReadAsync(grains, orgId, y.Value)));
    }

    public static async Task<Results<Ok<AssessmentView>, ProblemHttpResult>> FinalizeYear(
        string orgId, string year, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        var y = Route(errors, orgId, year);
        if (await CheckAsync(errors, orgId, caller.HasAny(Role.Admin, Role.OrgAdmin), caller, scope, grains) is { } refused)
        {
            return refused;
        }

        if (await CheckAssessorAsync(orgId, caller, scope, grains) is { } notAbove)
        {
            return notAbove;
        }

        await grains.GetGrain<IAssessmentGrain>(AssessmentKeys.Of(orgId, y!.Value)).Finalize(caller.Subject);
        return TypedResults.Ok(AssessmentView.Of(await AssessmentReader.ReadAsync(grains, orgId, y.Value)));
    }

    // One call on the parent for its children, then one per child's assessment grain, 64 at a time; no
    // member is activated. (Not an XML doc: OpenAPI would show it as the summary.)
    public static async Task<Results<Ok<AssessmentRanking>, ProblemHttpResult>> RankChildren(
        string orgId, string year, string? tier, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        var y = Route(errors, orgId, year);
        var wanted = errors.ParseEnum<AssessmentTier>("tier", tier, required: false);
        if (await CheckAsync(errors, orgId, caller.CanReadOrganizations, caller, scope, grains) is { } refused)
        {
            return refused;
        }

        var children = await grains.GetGrain<IOrganizationGrain>(orgId).GetChildren();
        var summaries = new List<AssessmentSummary>(children.Length);
        await foreach (var chunk in IdPages.ReadAllAsync([.. children.Select(c => c.Id)],
            id => grains.GetGrain<IAssessmentGrain>(AssessmentKeys.Of(id, y!.Value)).GetSummary()!))
        {
            summaries.AddRange(chunk);
        }

        var names = children.ToDictionary(c => c.Id, c => c.Name, StringComparer.Ordinal);
        var scored = summaries.Where(s => s.Score is not null)
            .OrderByDescending(s => s.Score).ThenByDescending(s => s.OrganizationStepScore ?? 0).ThenBy(s => s.OrgId, StringComparer.Ordinal)
            .Select((s, i) => Ranked(i + 1, s));
        var unscored = summaries.Where(s => s.Score is null).OrderBy(s => s.OrgId, StringComparer.Ordinal).Select(s => Ranked(null, s));
        return TypedResults.Ok(new AssessmentRanking(orgId, y!.Value, [.. scored.Concat(unscored).Where(r => wanted is null || r.Tier == wanted)]));

        RankedAssessment Ranked(int? rank, AssessmentSummary s) =>
            new(rank, s.OrgId, names[s.OrgId], s.Score, s.Tier, s.Stars, s.Complete, s.Finalized);
    }

    /// <summary>Admins and organization admins set scorecards in scope (an assessor's instrument, like the points rules).</summary>
    private static bool CanSetScorecards(Caller caller) => caller.HasAny(Role.Admin, Role.OrgAdmin);

    private static int? Route(ValidationErrors errors, string orgId, string year)
    {
        errors.CheckId("orgId", orgId, required: true);
        return AssessmentYears.Parse(errors, year);
    }

    /// <summary>403 for a role that may not, 400 with every breach, 403 out of scope, 404 for an unknown organization; null to go on.</summary>
    private static async Task<ProblemHttpResult?> CheckAsync(
        ValidationErrors errors, string orgId, bool allowed, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        if (!allowed)
        {
            return Problems.Forbidden("The caller's roles do not reach this part of assessment.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (!await scope.ContainsOrgAsync(caller, orgId))
        {
            return Problems.Forbidden($"Organization '{orgId}' is outside the caller's scope.");
        }

        return (await grains.GetGrain<IRollupNode>(orgId).GetChildRollup()).Exists
            ? null
            : Problems.NotFound($"Organization '{orgId}' does not exist.", DomainErrors.OrgNotFound);
    }

    /// <summary>
    /// The organization step and finalization belong to the level above: an admin, or an organization
    /// admin whose scope holds the organization's parent (so never the organization's own admins).
    /// </summary>
    private static async Task<ProblemHttpResult?> CheckAssessorAsync(string orgId, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        if (caller.IsAdmin)
        {
            return null;
        }

        var parentId = await grains.GetGrain<IRollupNode>(orgId).GetParentId();
        return parentId is not null && await scope.ContainsOrgAsync(caller, parentId)
            ? null
            : Problems.Forbidden($"The organization step and finalization of '{orgId}' belong to the admins of an organization above it.");
    }
}
