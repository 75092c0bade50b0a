using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Grains;
using PartyActors.Silo.Audit;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;

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

        var id = ResidentRequestIds.New(time.GetUtcNow());
        http.Audit().ResourceId = id;
        var filed = await grains.GetGrain<IResidentRequestGrain>(id).File(filing, caller.Subject);
        return TypedResults.Created($"/api/v1/requests/{id}", new ResidentRequestFiled(id, filed.DueAt));
    }

    // Walks the subtree level by level (the children of every organization of a level at once), then
    // asks each organization's ledger for its first limit + 1 entries after the cursor and merges
    // them: the page is the first limit of the merge. About two calls per organization. (A comment,
    // not an XML doc: the OpenAPI generator would show a doc comment to API users as the summary.)
    public static async Task<Results<Ok<ResidentRequestLedgerPage>, ProblemHttpResult>> Ledger(
        string orgId, string? status, int? limit, string? after, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        if (!caller.CanReadMembers)
        {
            return Problems.Forbidden("The caller's roles do not read ledgers of requests.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        var filter = errors.ParseEnum<RequestLedgerFilter>("status", status, required: false);
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
        var subtree = await SubtreeAsync(grains, orgId);
        var pages = await Task.WhenAll(subtree.Select(id => grains.GetGrain<IRequestLedgerGrain>(id).Page(filter, after, wanted + 1)));
        var merged = pages.SelectMany(p => p).OrderBy(e => e.Id, StringComparer.Ordinal).Take(wanted + 1).ToList();
        var items = merged.Take(wanted).ToList();
        return TypedResults.Ok(new ResidentRequestLedgerPage(orgId, status, [.. items], merged.Count > wanted ? items[^1].Id : null));
    }

    public static async Task<Results<Ok<RequestDetails>, ProblemHttpResult>> GetRequest(
        string requestId, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var (details, refused) = await ReachAsync(requestId, Access.Read, caller, scope, grains, http: null);
        return refused ?? (Results<Ok<RequestDetails>, ProblemHttpResult>)TypedResults.Ok(details!);
    }

    public static async Task<Results<Ok<RequestDetails>, ProblemHttpResult>> Reply(
        string requestId, ReplyResidentRequestBody body, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (Check(requestId, e => e.Check("text", RequestRules.CheckText(body.Text))) is { } invalid)
        {
            return invalid;
        }

        var (_, refused) = await ReachAsync(requestId, Access.Work, caller, scope, grains, http);
        return refused ?? (Results<Ok<RequestDetails>, ProblemHttpResult>)TypedResults.Ok(
            await grains.GetGrain<IResidentRequestGrain>(requestId).Reply(body.Text!, caller.Subject));
    }

    public static async Task<Results<Ok<RequestDetails>, ProblemHttpResult>> Assign(
        string requestId, AssignResidentRequestBody body, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        var invalid = Check(requestId, e =>
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

        var (_, refused) = await ReachAsync(requestId, Access.Work, caller, scope, grains, http);
        return refused ?? (Results<Ok<RequestDetails>, ProblemHttpResult>)TypedResults.Ok(
            await grains.GetGrain<IResidentRequestGrain>(requestId).Assign(new RequestAssignee(body.MemberId, body.OrgId), caller.Subject));
    }

    public static async Task<Results<Ok<RequestDetails>, ProblemHttpResult>> Close(
        string requestId, CloseResidentRequestBody body, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (Check(requestId, e => e.Check("satisfaction", RequestRules.CheckSatisfaction(body.Satisfaction))) is { } invalid)
        {
            return invalid;
        }

        var (_, refused) = await ReachAsync(requestId, Access.Rate, caller, scope, grains, http);
        return refused ?? (Results<Ok<RequestDetails>, ProblemHttpResult>)TypedResults.Ok(
            await grains.GetGrain<IResidentRequestGrain>(requestId).Close(body.Satisfaction!.Value, caller.Subject));
    }

    public static async Task<Results<Ok<RequestDetails>, ProblemHttpResult>> Reopen(
        string requestId, ReopenResidentRequestBody body, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (Check(requestId, e => e.Check("reason", RequestRules.CheckReason(body.Reason))) is { } invalid)
        {
            return invalid;
        }

        var (_, refused) = await ReachAsync(requestId, Access.Rate, caller, scope, grains, http);
        return refused ?? (Results<Ok<RequestDetails>, ProblemHttpResult>)TypedResults.Ok(
            await grains.GetGrain<IResidentRequestGrain>(requestId).Reopen(body.Reason!, caller.Subject));
    }

    public static async Task<Results<Ok<SlaTable>, ProblemHttpResult>> GetSla(IGrainFactory grains) =>
        TypedResults.Ok(await Settings(grains).GetSla());

    public static async Task<Results<Ok<SlaTable>, ProblemHttpResult>> PutSla(PutSlaTableBody body, Caller caller, IGrainFactory grains)
    {
        if (!caller.IsAdmin)
        {
            return Problems.Forbidden("Only admins set the SLA of requests.");
        }

        var errors = new ValidationErrors();
        return body.Validate(errors) is { } table
            ? TypedResults.Ok(await Settings(grains).SetSla(table))
            : Problems.Validation(errors);
    }

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

    private enum Access
    {
        /// <summary>Readers in scope, and the resident who filed it.</summary>
        Read,

        /// <summary>Writers in scope: reply and assign.</summary>
        Work,

        /// <summary>Writers in scope, and the resident who filed it: close with a rating, reopen.</summary>
        Rate,
    }

    /// <summary>400 for a bad id or a body breach that <paramref name="check"/> records; null when both pass.</summary>
    private static ProblemHttpResult? Check(string requestId, Action<ValidationErrors> check)
    {
        var errors = new ValidationErrors();
        errors.CheckId("requestId", requestId, required: true);
        check(errors);
        return errors.IsEmpty ? null : Problems.Validation(errors);
    }

    /// <summary>
    /// The request if the caller reaches it for <paramref name="access"/>: the resident who filed it
    /// (reads, ratings, reopenings); otherwise readers or writers whose scope holds the organization
    /// where it was filed or the one answering for it now. Writes are audited at both.
    /// </summary>
    private static async Task<(RequestDetails? Details, ProblemHttpResult? Refused)> ReachAsync(
        string requestId, Access access, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext? http)
    {
        var worker = access == Access.Read ? caller.CanReadMembers : caller.CanWriteMembers;
        var resident = access != Access.Work && caller.Has(Role.Resident);
        if (!worker && !resident)
        {
            return (null, Problems.Forbidden(access == Access.Work
                ? "Only admins, organization admins and grid workers answer and assign requests."
                : "The caller's roles do not reach requests."));
        }

        if (!Ids.IsValid(requestId))
        {
            return (null, Problems.Invalid("requestId", "Ids are " + Ids.Rule + "."));
        }

        if (await grains.GetGrain<IResidentRequestGrain>(requestId).GetDetails() is not { } details)
        {
            return (null, Problems.NotFound($"Request '{requestId}' does not exist.", RequestErrors.RequestNotFound));
        }

        http?.Audit().Concerns(details.OrgId);
        http?.Audit().Concerns(details.ResponsibleOrgId);
        var filer = resident && string.Equals(details.FiledBy, caller.Subject, StringComparison.Ordinal);
        return filer || (worker && (await scope.ContainsOrgAsync(caller, details.OrgId) || await scope.ContainsOrgAsync(caller, details.ResponsibleOrgId)))
            ? (details, null)
            : (null, Problems.Forbidden($"Request '{requestId}' is outside the caller's scope."));
    }

    internal static async Task<IReadOnlyList<string>> SubtreeAsync(IGrainFactory grains, string orgId)
    {
        var subtree = new List<string>();
        IReadOnlyList<string> level = [orgId];
        while (level.Count > 0)
        {
            subtree.AddRange(level);
            var children = await Task.WhenAll(level.Select(id => grains.GetGrain<IOrganizationGrain>(id).GetChildren()));
            level = [.. children.SelectMany(c => c).Select(c => c.Id)];
        }

        return subtree;
    }

    private static IRequestSettingsGrain Settings(IGrainFactory grains) => grains.GetGrain<IRequestSettingsGrain>(IRequestSettingsGrain.Key);
}
