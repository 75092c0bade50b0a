using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Grains;
using PartyActors.Silo.Audit;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;
using PartyActors.Silo.Organizations;

namespace PartyActors.Silo.CoBuilding;

/// <summary>
/// Co-building with stationed units (共驻共建): agreements with items and deadlines, joint meetings,
/// part-time committee members (docs/co-building.md). Admins and organization admins whose scope holds
/// the community write; an organization admin whose scope holds the unit completes the unit's items;
/// the roles that read organizations read in scope (the committee, which names members, the roles that
/// read members).
/// </summary>
internal static class CoBuildingEndpoints
{
    public static IEndpointRouteBuilder MapCoBuildingApi(this IEndpointRouteBuilder app)
    {
        var orgs = app.MapGroup("/orgs/{orgId}").WithTags("Co-building");
        orgs.MapPost("/agreements", Sign)
            .WithSummary("Signs a co-building agreement (契约化共建) of a community with a unit stationed in it (reported in, 双报到): items with an owner (the community or the unit, and/or a member of either) and a due date; 201 with the agreement.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        orgs.MapGet("/agreements", ListAgreements)
            .WithSummary("The community's agreements (or, with ?subtree=true, those of every community in the subtree), by id, a page at a time (?limit=1..1000, ?after=); ?status=active|terminated filters.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        orgs.MapPost("/joint-meetings", RecordJointMeeting)
            .WithSummary("Records a joint meeting (联席会议) of the community with units stationed in it: the day held, the topic, the units present (each stationed here), minutes and decisions; the stationed units not present are recorded as absent. 201 with the meeting.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        orgs.MapGet("/joint-meetings", ListJointMeetings)
            .WithSummary("The community's joint meetings, oldest first, a page at a time (?limit=1..1000, ?after=), each with the units present and absent.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        orgs.MapPut("/committee/{memberId}", Seat)
            .WithSummary("Seats a member of a unit stationed in the community (organization of record the unit or below it) as a part-time committee member (兼职委员); 201 when new, 200 when the seat changed.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        orgs.MapDelete("/committee/{memberId}", Unseat)
            .WithSummary("Ends a part-time committee member's seat (204); without one, changes nothing.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        orgs.MapGet("/committee", ListCommittee)
            .WithSummary("The community's part-time committee members (兼职委员): member and name, unit and name, whether the unit is still stationed here, seat and start.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var agreements = app.MapGroup("/agreements/{agreementId}").WithTags("Co-building");
        agreements.MapGet("", GetAgreement)
            .WithSummary("A co-building agreement: community, unit, status, and each item with its owner, due date and status open, overdue (past the end of its due date, UTC+8), done (late or not) or cancelled.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        agreements.MapPost("/items", AddItems)
            .WithSummary("Adds items to an agreement in force; 409 once it is terminated.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        agreements.MapPost("/items/{itemId}/complete", CompleteItem)
            .WithSummary("Marks an item done, with an optional note; an overdue item is done late. Again changes nothing. The community's writers, or an organization admin of the unit for the unit's items.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        agreements.MapPost("/terminate", Terminate)
            .WithSummary("Terminates an agreement with a note (required): its open items are cancelled, the done ones stay. Again changes nothing.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    public static async Task<Results<Created<AgreementDetails>, ProblemHttpResult>> Sign(
        string orgId, SignAgreementRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, TimeProvider time, HttpContext http)
    {
        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        if (request.Validate(errors, time.GetUtcNow()) is not { } terms)
        {
            return Problems.Validation(errors);
        }

        if (await CheckWriteAsync(orgId, caller, scope, http) is { } refused)
        {
            return refused;
        }

        var id = CoBuildingIds.NewAgreement();
        http.Audit().ResourceId = id;
        http.Audit().Concerns(terms.UnitOrgId);
        var signed = await grains.GetGrain<IAgreementGrain>(id).Sign(orgId, terms, caller.Subject);
        return TypedResults.Created($"/api/v1/agreements/{id}", signed);
    }

    public static async Task<Results<Ok<AgreementPage>, ProblemHttpResult>> ListAgreements(
        string orgId, bool? subtree, string? status, int? limit, string? after, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        var wanted = errors.ParseEnum<AgreementStatus>("status", status, required: false);
        IdPages.Check(errors, limit, after);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (await OrganizationEndpoints.CheckReadAsync(orgId, caller, scope) is { } refused)
        {
            return refused;
        }

        var root = await grains.GetGrain<IRollupNode>(orgId).GetChildRollup();
        if (!root.Exists)
        {
            return NotFound(orgId);
        }

        if (subtree != true && !OrganizationReportInRules.TakesReportIns(root.Kind))
        {
            return NotACommunity(orgId, root.Kind);
        }

        var communities = subtree == true ? await CommunitiesUnderAsync(grains, orgId, root.Kind) : [orgId];
        var lists = await Task.WhenAll(communities.Select(c => grains.GetGrain<ICommunityCoBuildingGrain>(c).GetAgreementIds()));
        string[] ids = [.. lists.SelectMany(l => l).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

        // An index entry may name an agreement that moved to another community or was never written: each is checked.
        var (items, next) = await IdPages.ReadAsync(ids, after, limit, async id =>
            await grains.GetGrain<IAgreementGrain>(id).GetDetails() is { } details && communities.Contains(details.CommunityId)
                && (wanted is null || details.Status == wanted) ? details : null);
        return TypedResults.Ok(new AgreementPage(orgId, [.. items], next));
    }

    public static async Task<Results<Ok<AgreementDetails>, ProblemHttpResult>> GetAgreement(
        string agreementId, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        if (!caller.CanReadOrganizations)
        {
            return Problems.Forbidden("The caller's roles do not read agreements.");
        }

        var (details, refused) = await FindAsync(agreementId, grains);
        if (refused is not null)
        {
            return refused;
        }

        return await scope.ContainsOrgAsync(caller, details!.CommunityId) || await scope.ContainsOrgAsync(caller, details.UnitOrgId)
            ? TypedResults.Ok(details)
            : Problems.Forbidden($"Agreement '{agreementId}' is outside the caller's scope.");
    }

    public static async Task<Results<Ok<AgreementDetails>, ProblemHttpResult>> AddItems(
        string agreementId, AddAgreementItemsRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, TimeProvider time, HttpContext http)
    {
        if (!Writes(caller))
        {
            return Problems.Forbidden("Only admins and organization admins change agreements.");
        }

        var (details, refused) = await FindAsync(agreementId, grains);
        if (refused is not null)
        {
            return refused;
        }

        var errors = new ValidationErrors();
        var items = AgreementItemRequests.Validate(errors, request.Items, details!.Items.Length, time.GetUtcNow());
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (await CheckWriteAsync(details.CommunityId, caller, scope, http) is { } outside)
        {
            return outside;
        }

        return TypedResults.Ok(await grains.GetGrain<IAgreementGrain>(agreementId).AddItems(items, caller.Subject));
    }

    public static async Task<Results<Ok<AgreementDetails>, ProblemHttpResult>> CompleteItem(
        string agreementId, string itemId, CompleteAgreementItemRequest? request, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (!Writes(caller))
        {
            return Problems.Forbidden("Only admins and organization admins (of the community, or of the unit for its own items) complete agreement items.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("itemId", itemId, required: true);
        errors.Check("note", CoBuildingRules.CheckNote("note", request?.Note));
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var (details, refused) = await FindAsync(agreementId, grains);
        if (refused is not null)
        {
            return refused;
        }

        http.Audit().Concerns(details!.CommunityId);
        http.Audit().Concerns(details.UnitOrgId);
        var item = details.Items.FirstOrDefault(i => i.Id == itemId);
        var allowed = await scope.ContainsOrgAsync(caller, details.CommunityId)
            || (item?.Party == AgreementParty.Unit && await scope.ContainsOrgAsync(caller, details.UnitOrgId));
        if (!allowed)
        {
            return Problems.Forbidden($"Agreement '{agreementId}' item '{itemId}' is outside the caller's scope: the community's admins complete every item, the unit's its own.");
        }

        return TypedResults.Ok(await grains.GetGrain<IAgreementGrain>(agreementId).CompleteItem(itemId, request?.Note, caller.Subject));
    }

    public static async Task<Results<Ok<AgreementDetails>, ProblemHttpResult>> Terminate(
        string agreementId, TerminateAgreementRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (!Writes(caller))
        {
            return Problems.Forbidden("Only admins and organization admins terminate agreements.");
        }

        var errors = new ValidationErrors();
        errors.RequireText("note", request.Note, CoBuildingRules.MaxNoteLength);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var (details, refused) = await FindAsync(agreementId, grains);
        if (refused is not null)
        {
            return refused;
        }

        http.Audit().Concerns(details!.UnitOrgId);
        if (await CheckWriteAsync(details.CommunityId, caller, scope, http) is { } outside)
        {
            return outside;
        }

        return TypedResults.Ok(await grains.GetGrain<IAgreementGrain>(agreementId).Terminate(request.Note!, caller.Subject));
    }

    public static async Task<Results<Created<JointMeeting>, ProblemHttpResult>> RecordJointMeeting(
        string orgId, RecordJointMeetingRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, TimeProvider time, HttpContext http)
    {
        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        if (request.Validate(errors, time.GetUtcNow()) is not { } terms)
        {
            return Problems.Validation(errors);
        }

        if (await CheckWriteAsync(orgId, caller, scope, http) is { } refused)
        {
            return refused;
        }

        var id = CoBuildingIds.NewJointMeeting(terms.HeldOn);
        http.Audit().ResourceId = id;
        var meeting = await grains.GetGrain<ICommunityCoBuildingGrain>(orgId).RecordJointMeeting(id, terms, caller.Subject);
        return TypedResults.Created((string?)null, meeting);
    }

    public static async Task<Results<Ok<JointMeetingPage>, ProblemHttpResult>> ListJointMeetings(
        string orgId, int? limit, string? after, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        IdPages.Check(errors, limit, after);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (await OrganizationEndpoints.CheckReadAsync(orgId, caller, scope) is { } refused)
        {
            return refused;
        }

        if (!(await grains.GetGrain<IRollupNode>(orgId).GetChildRollup()).Exists)
        {
            return NotFound(orgId);
        }

        var meetings = (await grains.GetGrain<ICommunityCoBuildingGrain>(orgId).GetJointMeetings()).ToDictionary(m => m.Id, StringComparer.Ordinal);
        var (items, next) = await IdPages.ReadAsync([.. meetings.Keys.Order(StringComparer.Ordinal)], after, limit,
            id => Task.FromResult<JointMeeting?>(meetings[id]));
        return TypedResults.Ok(new JointMeetingPage(orgId, [.. items], next));
    }

    public static async Task<Results<Ok<CommitteeSeat>, Created<CommitteeSeat>, ProblemHttpResult>> Seat(
        string orgId, string memberId, SeatCommitteeMemberRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, TimeProvider time, HttpContext http)
    {
        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        errors.CheckId("memberId", memberId, required: true);
        errors.CheckId("unitOrgId", request.UnitOrgId, required: true);
        errors.RequireText("title", request.Title, CoBuildingRules.MaxSeatTitleLength);
        errors.Check("from", CoBuildingRules.CheckFrom(request.From, time.GetUtcNow()));
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (await CheckWriteAsync(orgId, caller, scope, http) is { } refused)
        {
            return refused;
        }

        http.Audit().ResourceId = memberId;
        http.Audit().Concerns(request.UnitOrgId);
        var outcome = await grains.GetGrain<ICommunityCoBuildingGrain>(orgId).Seat(memberId, request.UnitOrgId!, request.Title!, request.From!.Value, caller.Subject);
        return outcome.Created ? TypedResults.Created($"/api/v1/orgs/{orgId}/committee", outcome.Seat) : TypedResults.Ok(outcome.Seat);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Unseat(
        string orgId, string memberId, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        errors.CheckId("memberId", memberId, required: true);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (await CheckWriteAsync(orgId, caller, scope, http) is { } refused)
        {
            return refused;
        }

        if (!(await grains.GetGrain<IRollupNode>(orgId).GetChildRollup()).Exists)
        {
            return NotFound(orgId);
        }

        http.Audit().ResourceId = memberId;
        await grains.GetGrain<ICommunityCoBuildingGrain>(orgId).Unseat(memberId);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<CommitteeList>, ProblemHttpResult>> ListCommittee(
        string orgId, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        if (await OrganizationEndpoints.CheckReadAsync(orgId, caller, scope) is { } refused)
        {
            return refused;
        }

        if (!caller.CanReadMembers)
        {
            return Problems.Forbidden("The committee names members: the caller's roles do not read members.");
        }

        if (!(await grains.GetGrain<IRollupNode>(orgId).GetChildRollup()).Exists)
        {
            return NotFound(orgId);
        }

        var seats = await grains.GetGrain<ICommunityCoBuildingGrain>(orgId).GetCommittee();
        var views = await Task.WhenAll(seats.Select(async seat =>
        {
            var member = grains.GetGrain<IMemberGrain>(seat.MemberId).GetDetails();
            var unit = grains.GetGrain<IRollupNode>(seat.UnitOrgId).GetChildRollup();
            var reportIn = grains.GetGrain<IOrganizationReportInGrain>(seat.UnitOrgId).GetCurrent();
            return new CommitteeMemberView(
                seat.MemberId, (await member)?.Name, seat.UnitOrgId, (await unit) is { Exists: true } u ? u.Name : null,
                (await reportIn)?.CommunityId == orgId, seat.Title, seat.From, seat.SeatedAt);
        }));
        return TypedResults.Ok(new CommitteeList(orgId, [.. views]));
    }

    /// <summary>Admins and organization admins write co-building (grid workers serve residents, not agreements).</summary>
    private static bool Writes(Caller caller) => caller.HasAny(Role.Admin, Role.OrgAdmin);

    /// <summary>Null when the caller writes co-building and its scope holds the community; audits the write there.</summary>
    private static async Task<ProblemHttpResult?> CheckWriteAsync(string communityId, Caller caller, SubtreeScope scope, HttpContext http)
    {
        if (!Writes(caller))
        {
            return Problems.Forbidden("Only admins and organization admins write a community's co-building.");
        }

        http.Audit().Concerns(communityId);
        return await scope.ContainsOrgAsync(caller, communityId) ? null : Problems.Forbidden($"Organization '{communityId}' is outside the caller's scope.");
    }

    private static async Task<(AgreementDetails? Details, ProblemHttpResult? Refused)> FindAsync(string agreementId, IGrainFactory grains)
    {
        if (!Ids.IsValid(agreementId))
        {
            return (null, Problems.Invalid("agreementId", "Ids are " + Ids.Rule + "."));
        }

        return await grains.GetGrain<IAgreementGrain>(agreementId).GetDetails() is { } details
            ? (details, null)
            : (null, Problems.NotFound($"Agreement '{agreementId}' does not exist.", CoBuildingRules.AgreementNotFound));
    }

    /// <summary>The communities and villages of the subtree of <paramref name="orgId"/>, walked level by level.</summary>
    private static async Task<HashSet<string>> CommunitiesUnderAsync(IGrainFactory grains, string orgId, OrganizationKind kind)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (OrganizationReportInRules.TakesReportIns(kind))
        {
            found.Add(orgId);
        }

        IReadOnlyList<string> level = [orgId];
        while (level.Count > 0)
        {
            var children = (await Task.WhenAll(level.Select(id => grains.GetGrain<IOrganizationGrain>(id).GetChildren()))).SelectMany(c => c).ToList();
            found.UnionWith(children.Where(c => OrganizationReportInRules.TakesReportIns(c.Kind)).Select(c => c.Id));
            level = [.. children.Select(c => c.Id)];
        }

        return found;
    }

    private static ProblemHttpResult NotFound(string orgId) =>
        Problems.NotFound($"Organization '{orgId}' does not exist.", DomainErrors.OrgNotFound);

    private static ProblemHttpResult NotACommunity(string orgId, OrganizationKind kind) =>
        Problems.Status(StatusCodes.Status422UnprocessableEntity,
            $"Organization '{orgId}' is a {WireNames<OrganizationKind>.Name(kind)}, not a community or a village: it signs no agreements (?subtree=true lists those below it).",
            OrganizationReportInRules.NotACommunity);
}
