using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Grains;
using PartyActors.Silo.Audit;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;
using PartyActors.Silo.Lists;
using PartyActors.Silo.Members;
using PartyActors.Silo.Sla;

namespace PartyActors.Silo.Errands;

/// <summary>
/// Errands run for residents by cadres (全程代办): docs/errands.md. An errand is in scope where it is
/// counted (its <c>orgId</c>) or where it was taken; the cadre running it reaches it too.
/// </summary>
internal static class ErrandEndpoints
{
    public static IEndpointRouteBuilder MapErrandsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/orgs/{orgId}/errands", Take).WithTags("Errands")
            .WithSummary("Takes a resident's errand at a grid, community or village { resident: { name, phone? }, category: social-insurance|certificates|subsidies|medical|other, description, cadreMemberId }; 201 with its id and dueAt (default 3 working days, China Standard Time). The cadre must be a member of record in the organization's subtree (422). Admins, organization admins and grid workers in scope.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapGet("/orgs/{orgId}/errands", Ledger).WithTags("Errands")
            .WithSummary("The errands counted in the organization's subtree, in the order they were taken, a page at a time (?limit=1..1000, default 100; ?after=<next>); ?status=open|overdue|done|cancelled filters.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/members/{memberId}/errands", ForCadre).WithTags("Errands")
            .WithSummary("The errands a cadre runs, in the order they were taken, a page at a time (?limit=, ?after=, ?status= as the organization's list). The member itself, or readers whose scope holds it.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var errands = app.MapGroup("/errands").WithTags("Errands");
        errands.MapGet("/sla", GetSla)
            .WithSummary("The errands' SLA table in force: the default term (3 working days unless configured) and rules per category and level.");
        errands.MapPut("/sla", PutSla)
            .WithSummary("Replaces the errands' SLA table (admins): { default: { amount, unit }, rules: [ { category?, level?, amount, unit } ] }, categories being errand categories. Applies to errands taken from now on.")
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        errands.MapGet("/{errandId}", GetErrand)
            .WithSummary("An errand: the resident (phone masked), category, cadre, status open|done|cancelled, dueAt, overdue, late, reassignments and moves.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        errands.MapPost("/{errandId}/done", Complete)
            .WithSummary("Marks the errand done (办结) { note, doneAt? }; late when after its deadline. By a worker in scope or the cadre itself; again changes nothing; a cancelled errand: 409.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        errands.MapPost("/{errandId}/reassign", Reassign)
            .WithSummary("Hands an open errand to another cadre { cadreMemberId, reason? }, a member of record in the organization's subtree (else 422); the deadline stays. Done or cancelled: 409.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        errands.MapPost("/{errandId}/cancel", Cancel)
            .WithSummary("Cancels an open errand { reason }: counted neither open nor done after. Again changes nothing; a done errand: 409.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    /// <summary>An errand is reached where it is counted or where it was taken; the cadre running it owns it.</summary>
    private static readonly ScopedItems<ErrandDetails> Items = new(
        "Errand", "errandId", ErrandErrors.ErrandNotFound, Role.Member,
        "Only admins, organization admins and grid workers reassign and cancel errands.",
        static (grains, id) => grains.GetGrain<IErrandGrain>(id).GetDetails(),
        static errand => (errand.OrgId, errand.TakenAtOrgId),
        static (errand, caller) => caller.IsMember(errand.CadreMemberId));

    public static async Task<Results<Created<ErrandTaken>, ProblemHttpResult>> Take(
        string orgId, TakeErrandBody body, Caller caller, SubtreeScope scope, IGrainFactory grains, TimeProvider time, HttpContext http)
    {
        if (!caller.CanWriteMembers)
        {
            return Problems.Forbidden("Only admins, organization admins and grid workers take errands.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        if (body.Validate(orgId, errors) is not { } taking)
        {
            return Problems.Validation(errors);
        }

        if (!await scope.ContainsOrgAsync(caller, orgId))
        {
            return Problems.Forbidden($"Organization '{orgId}' is outside the caller's scope.");
        }

        var id = TimeOrderedIds.New("er-", time.GetUtcNow());
        http.Audit().ResourceId = id;
        http.Audit().Concerns(orgId);
        var taken = await grains.GetGrain<IErrandGrain>(id).Take(taking, caller.Subject);
        return TypedResults.Created($"/api/v1/errands/{id}", new ErrandTaken(id, taken.DueAt));
    }

    // The subtree's indexes read together (SubtreeLedger). (A comment, not an XML doc: OpenAPI would
    // show a doc comment as the summary.)
    public static async Task<Results<Ok<ErrandLedgerPage>, ProblemHttpResult>> Ledger(
        string orgId, string? status, int? limit, string? after, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var (slice, refused) = await SubtreeLedger.ReadAsync<ErrandLedgerEntry, ErrandFilter>(
            orgId, status, limit, after, caller, scope, grains, "The caller's roles do not read lists of errands.",
            id => grains.GetGrain<IErrandLedgerGrain>(ErrandRules.OrgLedgerKey(id)));
        return refused ?? (Results<Ok<ErrandLedgerPage>, ProblemHttpResult>)TypedResults.Ok(new ErrandLedgerPage(orgId, null, status, slice!.Items, slice.Next));
    }

    public static async Task<Results<Ok<ErrandLedgerPage>, ProblemHttpResult>> ForCadre(
        string memberId, string? status, int? limit, string? after, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var self = caller.IsMember(memberId);
        if (!self && !caller.CanReadMembers)
        {
            return Problems.Forbidden("Members read their own errands; admins, supervisors, organization admins and grid workers those of members in scope.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("memberId", memberId, required: true);
        var filter = SubtreeLedger.ParseQuery<ErrandFilter>(errors, status, limit, after);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var member = await grains.GetGrain<IMemberGrain>(memberId).GetDetails();
        if (await MemberEndpoints.CheckReachAsync(memberId, member, self, caller, scope) is { } refused)
        {
            return refused;
        }

        var slice = await SubtreeLedger.PageAsync<ErrandLedgerEntry, ErrandFilter>(
            [grains.GetGrain<IErrandLedgerGrain>(ErrandRules.CadreLedgerKey(memberId))], filter, after, limit ?? IdPages.DefaultLimit);
        return TypedResults.Ok(new ErrandLedgerPage(null, memberId, status, slice.Items, slice.Next));
    }

    public static async Task<Results<Ok<ErrandDetails>, ProblemHttpResult>> GetErrand(
        string errandId, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var (details, refused) = await Items.ReachAsync(errandId, ItemAccess.Read, caller, scope, grains, http: null);
        return refused ?? (Results<Ok<ErrandDetails>, ProblemHttpResult>)TypedResults.Ok(details!);
    }

    public static async Task<Results<Ok<ErrandDetails>, ProblemHttpResult>> Complete(
        string errandId, CompleteErrandBody body, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (Items.Check(errandId, e => e.Check("note", ErrandRules.CheckNote(body.Note))) is { } invalid)
        {
            return invalid;
        }

        var (_, refused) = await Items.ReachAsync(errandId, ItemAccess.OwnerWork, caller, scope, grains, http);
        return refused ?? (Results<Ok<ErrandDetails>, ProblemHttpResult>)TypedResults.Ok(
            await grains.GetGrain<IErrandGrain>(errandId).Complete(body.Note!, body.DoneAt, caller.Subject));
    }

    public static async Task<Results<Ok<ErrandDetails>, ProblemHttpResult>> Reassign(
        string errandId, ReassignErrandBody body, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        var invalid = Items.Check(errandId, e =>
        {
            e.CheckId("cadreMemberId", body.CadreMemberId, required: true);
            e.Check("reason", ErrandRules.CheckReason(body.Reason, required: false));
        });
        if (invalid is not null)
        {
            return invalid;
        }

        var (_, refused) = await Items.ReachAsync(errandId, ItemAccess.Work, caller, scope, grains, http);
        return refused ?? (Results<Ok<ErrandDetails>, ProblemHttpResult>)TypedResults.Ok(
            await grains.GetGrain<IErrandGrain>(errandId).Reassign(body.CadreMemberId!, body.Reason, caller.Subject));
    }

    public static async Task<Results<Ok<ErrandDetails>, ProblemHttpResult>> Cancel(
        string errandId, CancelErrandBody body, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (Items.Check(errandId, e => e.Check("reason", ErrandRules.CheckReason(body.Reason))) is { } invalid)
        {
            return invalid;
        }

        var (_, refused) = await Items.ReachAsync(errandId, ItemAccess.Work, caller, scope, grains, http);
        return refused ?? (Results<Ok<ErrandDetails>, ProblemHttpResult>)TypedResults.Ok(
            await grains.GetGrain<IErrandGrain>(errandId).Cancel(body.Reason!, caller.Subject));
    }

    public static Task<Results<Ok<SlaTable>, ProblemHttpResult>> GetSla(IGrainFactory grains) =>
        SlaTableEndpoints.GetAsync(Settings(grains));

    // The grain checks the categories are errand categories (a 400 naming the rule).
    public static Task<Results<Ok<SlaTable>, ProblemHttpResult>> PutSla(PutSlaTableBody body, Caller caller, IGrainFactory grains) =>
        SlaTableEndpoints.PutAsync(Settings(grains), body, caller, "Only admins set the SLA of errands.");

    private static IErrandSettingsGrain Settings(IGrainFactory grains) => grains.GetGrain<IErrandSettingsGrain>(IErrandSettingsGrain.Key);
}
