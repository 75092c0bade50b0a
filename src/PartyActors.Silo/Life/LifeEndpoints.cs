using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Grains;
using PartyActors.Silo.Audit;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Life;

/// <summary>
/// Organizational life (三会一课): templates of required activities inherited down the tree, meetings
/// with their quorum, compliance per cycle and reminders (docs/organizational-life.md). Readers of
/// organizations read in scope; admins and organization admins set templates; admins, organization
/// admins and grid workers record meetings.
/// </summary>
internal static class LifeEndpoints
{
    public static IEndpointRouteBuilder MapLifeApi(this IEndpointRouteBuilder app)
    {
        var life = app.MapGroup("/orgs/{orgId}/life").WithTags("Organizational life");
        life.MapGet("/", GetLife)
            .WithSummary("The organization's organizational life now: the activities required of it, meetingsRequired and meetingsHeld (with quorum) in the cycles under way, and its reminders of activities not yet held as a cycle's end nears, newest first.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        life.MapGet("/template", GetTemplate)
            .WithSummary("The template that applies: the activities required of the organization's kind and definedAt, the organization whose template names the kind (itself or the closest ancestor; null: the defaults), with its own template (own, null when it inherits).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        life.MapPut("/template", PutTemplate)
            .WithSummary("Sets the organization's own template { kinds: [ { kind, requirements: [ { activity, cadence: monthly|quarterly|yearly } ] } ] }, inherited by its subtree for the kinds it names (an empty list requires nothing of a kind); the figures of the whole subtree are recounted before the answer. Admins and organization admins in scope.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        life.MapDelete("/template", DeleteTemplate)
            .WithSummary("Removes the organization's own template: it and its subtree inherit again, and their figures are recounted before the answer.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        life.MapGet("/compliance", GetCompliance)
            .WithSummary("Held against required for ?period= (2026, 2026-Q4 or 2026-11, China Standard Time): per required activity, every cycle of its cadence overlapping the period, met, due (under way), missed or upcoming, under the template that applies now.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        life.MapGet("/noncompliant", ListNoncompliant)
            .WithSummary("The organizations of the subtree (the organization included) that missed a required activity in ?period= (a cycle ended without it held with quorum), most missed first, with how many organizations were asked and how many missed none.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost("/orgs/{orgId}/meetings", RecordMeeting).WithTags("Organizational life")
            .WithSummary("Records a meeting { type, date, attendees: [memberIds], minutes, topic? }; 201 with the record. Attendees must be probationary or full members of record of the organization (422 naming the others); it counts (quorum) when more than half of its own members attended. The date is not after today and within its cycle or the one after.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        app.MapGet("/orgs/{orgId}/meetings", ListMeetings).WithTags("Organizational life")
            .WithSummary("The organization's meetings by date, ?period= to those dated in it, paged with ?limit=&after= (next is the id to pass as after).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/meetings/{meetingId}", GetMeeting).WithTags("Organizational life")
            .WithSummary("A meeting as recorded: type, date, topic, minutes, attendees and the quorum check (attendees, members, needed, met).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<LifeView>, ProblemHttpResult>> GetLife(string orgId, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        if (await CheckAsync(new ValidationErrors(), orgId, caller.CanReadOrganizations, caller, scope) is { } refused)
        {
            return refused;
        }

        var life = Life(grains, orgId);
        var effective = await life.GetEffective();
        var status = await life.GetStatus();
        return TypedResults.Ok(new LifeView(orgId, effective.Kind, effective.Requirements, effective.DefinedAt,
            status.MeetingsRequired, status.MeetingsHeld, status.ChangedAt, status.Notices));
    }

    public static async Task<Results<Ok<LifeTemplateView>, ProblemHttpResult>> GetTemplate(string orgId, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        if (await CheckAsync(new ValidationErrors(), orgId, caller.CanReadOrganizations, caller, scope) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(LifeTemplateView.Of(await Life(grains, orgId).GetEffective()));
    }

    public static async Task<Results<Ok<LifeTemplateView>, ProblemHttpResult>> PutTemplate(
        string orgId, PutLifeTemplateRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        var errors = new ValidationErrors();
        var template = caller.CanWriteRules ? request.Validate(errors) : null;
        http.Audit().Concerns(orgId);
        if (await CheckAsync(errors, orgId, caller.CanWriteRules, caller, scope) is { } refused)
        {
            return refused;
        }

        var life = Life(grains, orgId);
        var refreshed = await life.SetTemplate(template);
        return TypedResults.Ok(LifeTemplateView.Of(await life.GetEffective(), refreshed));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteTemplate(string orgId, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        http.Audit().Concerns(orgId);
        if (await CheckAsync(new ValidationErrors(), orgId, caller.CanWriteRules, caller, scope) is { } refused)
        {
            return refused;
        }

        await Life(grains, orgId).SetTemplate(null);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<LifeCompliance>, ProblemHttpResult>> GetCompliance(
        string orgId, string? period, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        var asked = ParsePeriod(errors, period, required: true);
        if (await CheckAsync(errors, orgId, caller.CanReadOrganizations, caller, scope) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(await Life(grains, orgId).GetCompliance(asked!.Value));
    }

    // Walks the subtree level by level (children of every organization of a level at once), then asks
    // each organization's life for its compliance, IdPages.Parallelism at a time: a few thousand calls
    // for a district. A supervisor's page, not a hot path. (Not an XML doc: OpenAPI would show it as the summary.)
    public static async Task<Results<Ok<SubtreeCompliance>, ProblemHttpResult>> ListNoncompliant(
        string orgId, string? period, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        var asked = ParsePeriod(errors, period, required: true);
        if (await CheckAsync(errors, orgId, caller.CanReadOrganizations, caller, scope) is { } refused)
        {
            return refused;
        }

        if (await grains.GetGrain<IOrganizationGrain>(orgId).GetDetails() is not { } root)
        {
            return Problems.NotFound($"Organization '{orgId}' does not exist.", DomainErrors.OrgNotFound);
        }

        var subtree = new List<(string Id, OrganizationKind Kind)> { (root.Id, root.Kind) };
        IReadOnlyList<string> level = [orgId];
        while (level.Count > 0)
        {
            var children = new List<OrganizationSummary>();
            foreach (var chunk in level.Chunk(IdPages.Parallelism))
            {
                children.AddRange((await Task.WhenAll(chunk.Select(id => grains.GetGrain<IOrganizationGrain>(id).GetChildren()))).SelectMany(c => c));
            }

            subtree.AddRange(children.Select(c => (c.Id, c.Kind)));
            level = [.. children.Select(c => c.Id)];
        }

        var items = new List<OrganizationCompliance>();
        foreach (var chunk in subtree.Chunk(IdPages.Parallelism))
        {
            foreach (var (org, compliance) in chunk.Zip(await Task.WhenAll(chunk.Select(o => ComplianceOrNullAsync(grains, o.Id, asked!.Value)))))
            {
                if (compliance is { Missed: > 0 })
                {
                    items.Add(new OrganizationCompliance(org.Id, org.Kind, compliance.Required, compliance.Held, compliance.Missed));
                }
            }
        }

        return TypedResults.Ok(new SubtreeCompliance(orgId, asked!.Value, subtree.Count, subtree.Count - items.Count,
            [.. items.OrderByDescending(i => i.Missed).ThenBy(i => i.OrgId, StringComparer.Ordinal)]));
    }

    public static async Task<Results<Created<MeetingRecord>, ProblemHttpResult>> RecordMeeting(
        string orgId, RecordMeetingRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, TimeProvider time, HttpContext http)
    {
        var errors = new ValidationErrors();
        var draft = caller.CanWriteOrganizations ? request.Validate(errors, time.GetUtcNow()) : null;
        http.Audit().Concerns(orgId);
        if (await CheckAsync(errors, orgId, caller.CanWriteOrganizations, caller, scope) is { } refused)
        {
            return refused;
        }

        var id = MeetingIds.New(draft!.Date);
        http.Audit().ResourceId = id;
        var record = await Life(grains, orgId).RecordMeeting(id, draft, caller.Subject);
        return TypedResults.Created($"/api/v1/meetings/{id}", record);
    }

    public static async Task<Results<Ok<MeetingPage>, ProblemHttpResult>> ListMeetings(
        string orgId, string? period, int? limit, string? after, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        var asked = ParsePeriod(errors, period, required: false);
        IdPages.Check(errors, limit, after);
        if (await CheckAsync(errors, orgId, caller.CanReadOrganizations, caller, scope) is { } refused)
        {
            return refused;
        }

        var meetings = await Life(grains, orgId).GetMeetings(asked);
        var byId = meetings.ToDictionary(m => m.Id, StringComparer.Ordinal);
        var (items, next) = await IdPages.ReadAsync(meetings.Select(m => m.Id).ToArray(), after, limit, id => Task.FromResult(byId.GetValueOrDefault(id)));
        return TypedResults.Ok(new MeetingPage(orgId, asked, [.. items], next));
    }

    public static async Task<Results<Ok<MeetingRecord>, ProblemHttpResult>> GetMeeting(string meetingId, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        if (!caller.CanReadOrganizations)
        {
            return Problems.Forbidden("The caller's roles do not read organizations' meetings.");
        }

        if (!Ids.IsValid(meetingId))
        {
            return Problems.Invalid("meetingId", "Ids are " + Ids.Rule + ".");
        }

        if (await grains.GetGrain<IMeetingGrain>(meetingId).GetDetails() is not { } record)
        {
            return Problems.NotFound($"Meeting '{meetingId}' does not exist.", LifeRules.MeetingNotFound);
        }

        return await scope.ContainsOrgAsync(caller, record.OrgId)
            ? TypedResults.Ok(record)
            : Problems.Forbidden($"Meeting '{meetingId}' was held by an organization outside the caller's scope.");
    }

    /// <summary>The role, the request's fields, then the scope and the organization: null when the handler may go on.</summary>
    private static async Task<ProblemHttpResult?> CheckAsync(ValidationErrors errors, string orgId, bool allowed, Caller caller, SubtreeScope scope)
    {
        if (!allowed)
        {
            return Problems.Forbidden("The caller's roles do not reach organizational life here.");
        }

        errors.CheckId("orgId", orgId, required: true);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        return await scope.ContainsOrgAsync(caller, orgId) ? null : Problems.Forbidden($"Organization '{orgId}' is outside the caller's scope.");
    }

    private static ReportPeriod? ParsePeriod(ValidationErrors errors, string? text, bool required)
    {
        if (text is null)
        {
            if (required)
            {
                errors.Add("period", $"'period' is required; use {ReportPeriod.Forms}.");
            }

            return null;
        }

        if (ReportPeriod.TryParse(text, out var period))
        {
            return period;
        }

        errors.Add("period", $"That is not a period; use {ReportPeriod.Forms}.");
        return null;
    }

    /// <summary>Null for an organization dissolved since the walk read its parent.</summary>
    private static async Task<LifeCompliance?> ComplianceOrNullAsync(IGrainFactory grains, string orgId, ReportPeriod period)
    {
        try
        {
            return await Life(grains, orgId).GetCompliance(period);
        }
        catch (DomainException exception) when (exception.Kind == DomainErrorKind.NotFound)
        {
            return null;
        }
    }

    private static IOrganizationLifeGrain Life(IGrainFactory grains, string orgId) => grains.GetGrain<IOrganizationLifeGrain>(orgId);
}
