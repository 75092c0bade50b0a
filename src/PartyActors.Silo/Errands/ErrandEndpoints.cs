using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Grains;
using PartyActors.Silo.Audit;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;
using PartyActors.Silo.Members;
using PartyActors.Silo.Requests;

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

        var id = ErrandIds.New(time.GetUtcNow());
        http.Audit().ResourceId = id;
        http.Audit().Concerns(orgId);
        var taken = await grains.GetGrain<IErrandGrain>(id).Take(taking, caller.Subject);
        return TypedResults.Created($"/api/v1/errands/{id}", new ErrandTaken(id, taken.DueAt));
    }

    // Walks the subtree level by level, asks each organization's index for its first limit + 1
    // entries after the cursor and merges them: about two calls per organization, as the ledger of
    // requests does. (A comment, not an XML doc: OpenAPI would show a doc comment as the summary.)
    public static async Task<Results<Ok<ErrandLedgerPage>, ProblemHttpResult>> Ledger(
        string orgId, string? status, int? limit, string? after, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        if (!caller.CanReadMembers)
        {
            return Problems.Forbidden("The caller's roles do not read lists of errands.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        var filter = errors.ParseEnum<ErrandFilter>("status", status, required: false);
        IdPages.Check(errors, limit, after);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (!await scope.ContainsOrgAsync(caller, orgId))
        {
            return Problems.Forbidden($"Organization '{orgId}' is outside the caller's scope.");
        }

        if (!(await grains.GetGrain<IRollupNode>(orgId).GetChildRollup()).Exists)
        {
            return Problems.NotFound($"Organization '{orgId}' does not exist.", DomainErrors.OrgNotFound);
        }

        var wanted = limit ?? IdPages.DefaultLimit;
        var subtree = await ResidentRequestEndpoints.SubtreeAsync(grains, orgId);
        var (items, next) = await PageAsync(grains, [.. subtree.Select(ErrandRules.OrgLedgerKey)], filter, after, wanted);
        return TypedResults.Ok(new ErrandLedgerPage(orgId, null, status, items, next));
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
        var filter = errors.ParseEnum<ErrandFilter>("status", status, required: false);
        IdPages.Check(errors, limit, after);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var member = await grains.GetGrain<IMemberGrain>(memberId).GetDetails();
        if (await MemberEndpoints.CheckReachAsync(memberId, member, self, caller, scope) is { } refused)
        {
            return refused;
        }

        var (items, next) = await PageAsync(grains, [ErrandRules.CadreLedgerKey(memberId)], filter, after, limit ?? IdPages.DefaultLimit);
        return TypedResults.Ok(new ErrandLedgerPage(null, memberId, status, items, next));
    }

    public static async Task<Results<Ok<ErrandDetails>, ProblemHttpResult>> GetErrand(
        string errandId, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var (details, refused) = await ReachAsync(errandId, Access.Read, caller, scope, grains, http: null);
        return refused ?? (Results<Ok<ErrandDetails>, ProblemHttpResult>)TypedResults.Ok(details!);
    }

    public static async Task<Results<Ok<ErrandDetails>, ProblemHttpResult>> Complete(
        string errandId, CompleteErrandBody body, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (Check(errandId, e => e.Check("note", ErrandRules.CheckNote(body.Note))) is { } invalid)
        {
            return invalid;
        }

        var (_, refused) = await ReachAsync(errandId, Access.Complete, caller, scope, grains, http);
        return refused ?? (Results<Ok<ErrandDetails>, ProblemHttpResult>)TypedResults.Ok(
            await grains.GetGrain<IErrandGrain>(errandId).Complete(body.Note!, body.DoneAt, caller.Subject));
    }

    public static async Task<Results<Ok<ErrandDetails>, ProblemHttpResult>> Reassign(
        string errandId, ReassignErrandBody body, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        var invalid = Check(errandId, e =>
        {
            e.CheckId("cadreMemberId", body.CadreMemberId, required: true);
            e.Check("reason", ErrandRules.CheckReason(body.Reason, required: false));
        });
        if (invalid is not null)
        {
            return invalid;
        }

        var (_, refused) = await ReachAsync(errandId, Access.Work, caller, scope, grains, http);
        return refused ?? (Results<Ok<ErrandDetails>, ProblemHttpResult>)TypedResults.Ok(
            await grains.GetGrain<IErrandGrain>(errandId).Reassign(body.CadreMemberId!, body.Reason, caller.Subject));
    }

    public static async Task<Results<Ok<ErrandDetails>, ProblemHttpResult>> Cancel(
        string errandId, CancelErrandBody body, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (Check(errandId, e => e.Check("reason", ErrandRules.CheckReason(body.Reason))) is { } invalid)
        {
            return invalid;
        }

        var (_, refused) = await ReachAsync(errandId, Access.Work, caller, scope, grains, http);
        return refused ?? (Results<Ok<ErrandDetails>, ProblemHttpResult>)TypedResults.Ok(
            await grains.GetGrain<IErrandGrain>(errandId).Cancel(body.Reason!, caller.Subject));
    }

    public static async Task<Results<Ok<SlaTable>, ProblemHttpResult>> GetSla(IGrainFactory grains) =>
        TypedResults.Ok(await Settings(grains).GetSla());

    public static async Task<Results<Ok<SlaTable>, ProblemHttpResult>> PutSla(PutSlaTableBody body, Caller caller, IGrainFactory grains)
    {
        if (!caller.IsAdmin)
        {
            return Problems.Forbidden("Only admins set the SLA of errands.");
        }

        // The shape is the requests' table; the grain checks the categories are errand categories (a 400 naming the rule).
        var errors = new ValidationErrors();
        return body.Validate(errors) is { } table
            ? TypedResults.Ok(await Settings(grains).SetSla(table))
            : Problems.Validation(errors);
    }

    private enum Access
    {
        /// <summary>Readers in scope, and the cadre running it.</summary>
        Read,

        /// <summary>Writers in scope: reassign and cancel.</summary>
        Work,

        /// <summary>Writers in scope, and the cadre running it: mark it done.</summary>
        Complete,
    }

    /// <summary>400 for a bad id or a body breach that <paramref name="check"/> records; null when both pass.</summary>
    private static ProblemHttpResult? Check(string errandId, Action<ValidationErrors> check)
    {
        var errors = new ValidationErrors();
        errors.CheckId("errandId", errandId, required: true);
        check(errors);
        return errors.IsEmpty ? null : Problems.Validation(errors);
    }

    /// <summary>
    /// The errand if the caller reaches it for <paramref name="access"/>: the cadre running it (reads,
    /// completion); otherwise readers or writers whose scope holds the organization where it is counted
    /// or where it was taken. Writes are audited at both.
    /// </summary>
    private static async Task<(ErrandDetails? Details, ProblemHttpResult? Refused)> ReachAsync(
        string errandId, Access access, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext? http)
    {
        var worker = access == Access.Read ? caller.CanReadMembers : caller.CanWriteMembers;
        var cadre = access != Access.Work && caller.Has(Role.Member);
        if (!worker && !cadre)
        {
            return (null, Problems.Forbidden(access == Access.Work
                ? "Only admins, organization admins and grid workers reassign and cancel errands."
                : "The caller's roles do not reach errands."));
        }

        if (!Ids.IsValid(errandId))
        {
            return (null, Problems.Invalid("errandId", "Ids are " + Ids.Rule + "."));
        }

        if (await grains.GetGrain<IErrandGrain>(errandId).GetDetails() is not { } details)
        {
            return (null, Problems.NotFound($"Errand '{errandId}' does not exist.", ErrandErrors.ErrandNotFound));
        }

        http?.Audit().Concerns(details.OrgId);
        http?.Audit().Concerns(details.TakenAtOrgId);
        var own = cadre && caller.IsMember(details.CadreMemberId);
        return own || (worker && (await scope.ContainsOrgAsync(caller, details.OrgId) || await scope.ContainsOrgAsync(caller, details.TakenAtOrgId)))
            ? (details, null)
            : (null, Problems.Forbidden($"Errand '{errandId}' is outside the caller's scope."));
    }

    /// <summary>The first <paramref name="limit"/> entries after <paramref name="after"/> of the indexes <paramref name="keys"/>, merged in id order, and the next cursor.</summary>
    private static async Task<(ImmutableArray<ErrandLedgerEntry> Items, string? Next)> PageAsync(
        IGrainFactory grains, IReadOnlyList<string> keys, ErrandFilter? filter, string? after, int limit)
    {
        var pages = await Task.WhenAll(keys.Select(key => grains.GetGrain<IErrandLedgerGrain>(key).Page(filter, after, limit + 1)));
        var merged = pages.SelectMany(p => p).OrderBy(e => e.Id, StringComparer.Ordinal).Take(limit + 1).ToList();
        var items = merged.Take(limit).ToList();
        return ([.. items], merged.Count > limit ? items[^1].Id : null);
    }

    private static IErrandSettingsGrain Settings(IGrainFactory grains) => grains.GetGrain<IErrandSettingsGrain>(IErrandSettingsGrain.Key);
}
