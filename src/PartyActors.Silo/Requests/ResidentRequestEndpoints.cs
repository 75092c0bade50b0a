using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Grains;
using PartyActors.Silo.Audit;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;
using PartyActors.Silo.Lists;
using PartyActors.Silo.Sla;

namespace PartyActors.Silo.Requests;

/// <summary>
/// Residents' requests (群众诉求): api.md, "Residents' requests", and docs/requests.md. A request is in
/// a worker's scope when the scope holds the organization where it was filed or the one it escalated
/// to; a resident reaches the requests it filed itself.
/// </summary>
internal static class ResidentRequestEndpoints
{
    public static IEndpointRouteBuilder MapResidentRequestsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/orgs/{orgId}/requests", File).WithTags("Requests")
            .WithSummary("Files a resident's request at a grid, community or village { title, category, channel: grid-patrol|app|hotline|mailbox|visit }; 201 with its id and dueAt, the end of the term the SLA gives the category at that level (default 3 working days, China Standard Time). Residents anywhere; admins, organization admins and grid workers in scope. Another kind of organization: 422.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapGet("/orgs/{orgId}/requests", Ledger).WithTags("Requests")
            .WithSummary("The ledger (台账) of the requests filed in the organization's subtree, in the order they were filed, a page at a time (?limit=1..1000, default 100; ?after=<next>); ?status=open (not closed, replied included)|overdue|replied|closed filters.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var requests = app.MapGroup("/requests").WithTags("Requests");
        requests.MapGet("/sla", GetSla)
            .WithSummary("The SLA table in force: the default term and the rules per category and level (organization kind), each in working-days or hours.");
        requests.MapPut("/sla", PutSla)
            .WithSummary("Replaces the SLA table (admins): { default: { amount, unit }, rules: [ { category?, level?, amount, unit } ] }. The term for a category at a level is the rule naming both, else the category, else the level, else the default. Applies to terms that start from now on.")
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        requests.MapGet("/{requestId}", GetRequest)
            .WithSummary("A request: where it was filed, status open|replied|closed, dueAt and overdue, escalatedTo and the escalation history, assignee, replies, satisfaction and reopenings.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        requests.MapPost("/{requestId}/reply", Reply)
            .WithSummary("Answers the request { text } (答复): it stops the clock (no more escalation) but stays open until closed; again adds another reply. A closed request: 409.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        requests.MapPost("/{requestId}/assign", Assign)
            .WithSummary("Assigns the request to a member { memberId } or an organization { orgId } that handles it; again replaces the assignment. Unknown member or organization: 422; a closed request: 409.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        requests.MapPost("/{requestId}/close", Close)
            .WithSummary("Closes a replied request with the resident's satisfaction { satisfaction: 1..5 } (销号), by the resident who filed it or a worker on their behalf. Without a reply: 409; again with the same rating changes nothing.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        requests.MapPost("/{requestId}/reopen", Reopen)
            .WithSummary("Opens a closed request again { reason }: its rating is withdrawn and a new term starts at the organization answering for it. By the resident who filed it or a worker in scope; a request not closed: 409.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        var calendar = app.MapGroup("/calendar").WithTags("Requests");
        calendar.MapGet("/{year}", GetCalendar)
            .WithSummary("A year's public holidays and make-up working days (调休), dates in China Standard Time, that request deadlines count working days by.");
        calendar.MapPut("/{year}", PutCalendar)
            .WithSummary("Sets a year's calendar (admins) { holidays: [dates], workdays: [dates] }: holidays are not working days; workdays are Saturdays or Sundays that are (调休). Applies to terms that start from now on.")
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    /// <summary>A request is reached where it was filed or where it is answered for now; the resident who filed it owns it.</summary>
    private static readonly ScopedItems<RequestDetails> Items = new(
        "Request", "requestId", RequestErrors.RequestNotFound, Role.Resident,
        "Only admins, organization admins and grid workers answer and assign requests.",
        static (grains, id) => grains.GetGrain<IResidentRequestGrain>(id).GetDetails(),
        static request => (request.OrgId, request.ResponsibleOrgId),
        static (request, caller) => string.Equals(request.FiledBy, caller.Subject, StringComparison.Ordinal));

    public static async Task<Results<Created<ResidentRequestFiled>, ProblemHttpResult>> File(
        string orgId, FileResidentRequestBody body, Caller caller, SubtreeScope scope, IGrainFactory grains, TimeProvider time, HttpContext http)
    {
        var resident = caller.Has(Role.Resident);
        if (!resident && !caller.CanWriteMembers)
        {
            return Problems.Forbidden("Residents file requests, and admins, organization admins and grid workers on their behalf.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        if (body.Validate(orgId, errors) is not { } filing)
        {
            return Problems.Validation(errors);
        }

        if (!resident && !await scope.ContainsOrgAsync(caller, orgId))
        {
            return Problems.Forbidden($"Organization '{orgId}' is outside the caller's scope.");
        }

        var id = TimeOrderedIds.New("rq-", time.GetUtcNow());
        http.Audit().ResourceId = id;
        var filed = await grains.GetGrain<IResidentRequestGrain>(id).File(filing, caller.Subject);
        return TypedResults.Created($"/api/v1/requests/{id}", new ResidentRequestFiled(id, filed.DueAt));
    }

    // The subtree's ledgers read together (SubtreeLedger). (A comment, not an XML doc: the OpenAPI
    // generator would show a doc comment to API users as the summary.)
    public static async Task<Results<Ok<ResidentRequestLedgerPage>, ProblemHttpResult>> Ledger(
        string orgId, string? status, int? limit, string? after, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var (slice, refused) = await SubtreeLedger.ReadAsync<RequestLedgerEntry, RequestLedgerFilter>(
            orgId, status, limit, after, caller, scope, grains, "The caller's roles do not read ledgers of requests.",
            id => grains.GetGrain<IRequestLedgerGrain>(id));
        return refused ?? (Results<Ok<ResidentRequestLedgerPage>, ProblemHttpResult>)TypedResults.Ok(new ResidentRequestLedgerPage(orgId, status, slice!.Items, slice.Next));
    }

    public static async Task<Results<Ok<RequestDetails>, ProblemHttpResult>> GetRequest(
        string requestId, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var (details, refused) = await Items.ReachAsync(requestId, ItemAccess.Read, caller, scope, grains, http: null);
        return refused ?? (Results<Ok<RequestDetails>, ProblemHttpResult>)TypedResults.Ok(details!);
    }

    public static async Task<Results<Ok<RequestDetails>, ProblemHttpResult>> Reply(
        string requestId, ReplyResidentRequestBody body, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (Items.Check(requestId, e => e.Check("text", RequestRules.CheckText(body.Text))) is { } invalid)
        {
            return invalid;
        }

        var (_, refused) = await Items.ReachAsync(requestId, ItemAccess.Work, caller, scope, grains, http);
        return refused ?? (Results<Ok<RequestDetails>, ProblemHttpResult>)TypedResults.Ok(
            await grains.GetGrain<IResidentRequestGrain>(requestId).Reply(body.Text!, caller.Subject));
    }

    public static async Task<Results<Ok<RequestDetails>, ProblemHttpResult>> Assign(
        string requestId, AssignResidentRequestBody body, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        var invalid = Items.Check(requestId, e =>
        {
            e.CheckId("memberId", body.MemberId, required: false);
            e.CheckId("orgId", body.OrgId, required: false);
            if ((body.MemberId is null) == (body.OrgId is null))
            {
                e.Add(body.MemberId is null ? "memberId" : "orgId", "Name exactly one of 'memberId' and 'orgId'.");
            }
        });
        if (invalid is not null)
        {
            return invalid;
        }

        var (_, refused) = await Items.ReachAsync(requestId, ItemAccess.Work, caller, scope, grains, http);
        return refused ?? (Results<Ok<RequestDetails>, ProblemHttpResult>)TypedResults.Ok(
            await grains.GetGrain<IResidentRequestGrain>(requestId).Assign(new RequestAssignee(body.MemberId, body.OrgId), caller.Subject));
    }

    public static async Task<Results<Ok<RequestDetails>, ProblemHttpResult>> Close(
        string requestId, CloseResidentRequestBody body, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (Items.Check(requestId, e => e.Check("satisfaction", RequestRules.CheckSatisfaction(body.Satisfaction))) is { } invalid)
        {
            return invalid;
        }

        var (_, refused) = await Items.ReachAsync(requestId, ItemAccess.OwnerWork, caller, scope, grains, http);
        return refused ?? (Results<Ok<RequestDetails>, ProblemHttpResult>)TypedResults.Ok(
            await grains.GetGrain<IResidentRequestGrain>(requestId).Close(body.Satisfaction!.Value, caller.Subject));
    }

    public static async Task<Results<Ok<RequestDetails>, ProblemHttpResult>> Reopen(
        string requestId, ReopenResidentRequestBody body, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (Items.Check(requestId, e => e.Check("reason", RequestRules.CheckReason(body.Reason))) is { } invalid)
        {
            return invalid;
        }

        var (_, refused) = await Items.ReachAsync(requestId, ItemAccess.OwnerWork, caller, scope, grains, http);
        return refused ?? (Results<Ok<RequestDetails>, ProblemHttpResult>)TypedResults.Ok(
            await grains.GetGrain<IResidentRequestGrain>(requestId).Reopen(body.Reason!, caller.Subject));
    }

    public static Task<Results<Ok<SlaTable>, ProblemHttpResult>> GetSla(IGrainFactory grains) =>
        SlaTableEndpoints.GetAsync(Settings(grains));

    public static Task<Results<Ok<SlaTable>, ProblemHttpResult>> PutSla(PutSlaTableBody body, Caller caller, IGrainFactory grains) =>
        SlaTableEndpoints.PutAsync(Settings(grains), body, caller, "Only admins set the SLA of requests.");

    public static async Task<Results<Ok<WorkCalendarYear>, ProblemHttpResult>> GetCalendar(string year, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        return ParseYear(errors, year) is { } parsed
            ? TypedResults.Ok(await Settings(grains).GetCalendar(parsed))
            : Problems.Validation(errors);
    }

    public static async Task<Results<Ok<WorkCalendarYear>, ProblemHttpResult>> PutCalendar(string year, PutWorkCalendarBody body, Caller caller, IGrainFactory grains)
    {
        if (!caller.IsAdmin)
        {
            return Problems.Forbidden("Only admins set the working-day calendar.");
        }

        var errors = new ValidationErrors();
        if (ParseYear(errors, year) is not { } parsed)
        {
            return Problems.Validation(errors);
        }

        // The dates are checked by the grain (RequestRules.Validate): a breach is a 400 naming its field.
        return TypedResults.Ok(await Settings(grains).SetCalendar(new WorkCalendarYear(parsed, body.Holidays ?? [], body.Workdays ?? [])));
    }

    private static int? ParseYear(ValidationErrors errors, string year)
    {
        if (int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= RequestRules.MinYear and <= RequestRules.MaxYear)
        {
            return parsed;
        }

        errors.Add("year", $"'year' must be a year from {RequestRules.MinYear} to {RequestRules.MaxYear}.");
        return null;
    }

    private static IRequestSettingsGrain Settings(IGrainFactory grains) => grains.GetGrain<IRequestSettingsGrain>(IRequestSettingsGrain.Key);
}
