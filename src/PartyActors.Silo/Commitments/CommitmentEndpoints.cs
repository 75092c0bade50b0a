using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Grains;
using PartyActors.Silo.Audit;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;
using PartyActors.Silo.Lists;
using PartyActors.Silo.Members;

namespace PartyActors.Silo.Commitments;

/// <summary>
/// Commitments (承诺践诺) and their supervised handling (督办): api.md, "Commitments", and
/// docs/commitments.md. A commitment is in scope where it is counted (its <c>orgId</c>); a member
/// always reaches its own.
/// </summary>
internal static class CommitmentEndpoints
{
    public static IEndpointRouteBuilder MapCommitmentsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/members/{memberId}/commitments", MakeForMember).WithTags("Commitments")
            .WithSummary("A member commits to a specific, measurable item due on a date (China Standard Time, today or later); 201 with its id. The member itself, or a writer whose scope holds the member.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        app.MapPost("/orgs/{orgId}/commitments", MakeForOrg).WithTags("Commitments")
            .WithSummary("An organization commits to a specific, measurable item due on a date (China Standard Time, today or later); 201 with its id.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        app.MapGet("/orgs/{orgId}/commitments", ListForOrg).WithTags("Commitments")
            .WithSummary("The public list (公示) of the organization's own commitments and those of its members (counted there), by due date; ?status=open|done|overdue filters.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/orgs/{orgId}/supervision", ListSupervision).WithTags("Commitments")
            .WithSummary("The open supervised-handling items (督办) of the organization's whole subtree: overdue commitments, each held by the parent of the owner's organization.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPost("/supervision/{itemId}/close", CloseSupervision).WithTags("Commitments")
            .WithSummary("Closes a supervised-handling item with a note saying how it was handled (required); closing again changes nothing.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        var commitments = app.MapGroup("/commitments").WithTags("Commitments");
        commitments.MapGet("/{commitmentId}", GetCommitment)
            .WithSummary("A commitment: owner, target and progress, status open, done or overdue (open past the end of its due date, UTC+8), progress entries, reviews and notices.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        commitments.MapPost("/{commitmentId}/progress", ReportProgress)
            .WithSummary("Reports progress towards the target (amount > 0); refused with 409 once the commitment is done.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        commitments.MapPost("/{commitmentId}/complete", Complete)
            .WithSummary("Marks the commitment done (践诺), also when it is overdue; again changes nothing.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        commitments.MapPost("/{commitmentId}/reviews", Review)
            .WithSummary("Records a review (评议): by leader (领导点评) or public (群众评议, recorded by a worker), score 1 to 5, an optional note. Admins, organization admins and grid workers in scope.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    public static async Task<Results<Created<CommitmentCreated>, ProblemHttpResult>> MakeForMember(
        string memberId, MakeCommitmentRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, TimeProvider time, HttpContext http)
    {
        var self = caller.IsMember(memberId);
        if (!self && !caller.CanWriteMembers)
        {
            return Problems.Forbidden("Members make their own commitments; admins, organization admins and grid workers those of members in scope.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("memberId", memberId, required: true);
        if (request.Validate(errors, time.GetUtcNow()) is not { } terms)
        {
            return Problems.Validation(errors);
        }

        var member = await grains.GetGrain<IMemberGrain>(memberId).GetDetails();
        http.Audit().Concerns(member?.OrgId);
        if (await MemberEndpoints.CheckReachAsync(memberId, member, self, caller, scope) is { } refused)
        {
            return refused;
        }

        return await MakeAsync(new CommitmentOwner(CommitmentOwnerKind.Member, memberId), terms, caller, grains, http);
    }

    public static async Task<Results<Created<CommitmentCreated>, ProblemHttpResult>> MakeForOrg(
        string orgId, MakeCommitmentRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, TimeProvider time, HttpContext http)
    {
        if (!caller.CanWriteOrganizations)
        {
            return Problems.Forbidden("Only admins, organization admins and grid workers make commitments for organizations.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        if (request.Validate(errors, time.GetUtcNow()) is not { } terms)
        {
            return Problems.Validation(errors);
        }

        if (!await scope.ContainsOrgAsync(caller, orgId))
        {
            return Problems.Forbidden($"Organization '{orgId}' is outside the caller's scope.");
        }

        return await MakeAsync(new CommitmentOwner(CommitmentOwnerKind.Org, orgId), terms, caller, grains, http);
    }

    public static async Task<Results<Ok<CommitmentList>, ProblemHttpResult>> ListForOrg(
        string orgId, string? status, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        var wanted = errors.ParseEnum<CommitmentStatus>("status", status, required: false);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (await CheckOrgReadAsync(orgId, caller, scope) is { } refused)
        {
            return refused;
        }

        var ids = await grains.GetGrain<IOrganizationGrain>(orgId).GetSourceIds(SourceKind.Commitment);
        var all = await Task.WhenAll(ids.Select(id => grains.GetGrain<ICommitmentGrain>(id).GetDetails()));
        return TypedResults.Ok(new CommitmentList(orgId, [.. all
            .OfType<CommitmentDetails>()
            .Where(c => wanted is null || c.Status == wanted)
            .OrderBy(c => c.DueOn).ThenBy(c => c.Id, StringComparer.Ordinal)]));
    }

    // Walks the subtree level by level (children of every organization of a level at once) and reads
    // each organization's board: two calls per organization, about 1,600 for an 800-organization
    // district in depth-many rounds. A supervisor's page, not a hot path; an index per subtree would
    // have to follow every move. (Not a doc comment: OpenAPI would show it as the route's summary.)
    public static async Task<Results<Ok<SupervisionList>, ProblemHttpResult>> ListSupervision(
        string orgId, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        if (!Ids.IsValid(orgId))
        {
            return Problems.Invalid("orgId", "Ids are " + Ids.Rule + ".");
        }

        if (await CheckOrgReadAsync(orgId, caller, scope) is { } refused)
        {
            return refused;
        }

        var subtree = await OrganizationWalk.SubtreeIdsAsync(grains, orgId);
        var boards = await Task.WhenAll(subtree.Select(id => grains.GetGrain<ISupervisionBoardGrain>(id).GetOpenItems()));
        return TypedResults.Ok(new SupervisionList(orgId, [.. boards.SelectMany(b => b).OrderBy(i => i.OpenedAt).ThenBy(i => i.Id, StringComparer.Ordinal)]));
    }

    public static async Task<Results<Ok<SupervisionItem>, ProblemHttpResult>> CloseSupervision(
        string itemId, CloseSupervisionRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (!caller.CanWriteOrganizations)
        {
            return Problems.Forbidden("Only admins, organization admins and grid workers close supervised-handling items.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("itemId", itemId, required: true);
        errors.RequireText("note", request.Note, CommitmentRules.MaxNoteLength);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var item = grains.GetGrain<ISupervisionItemGrain>(itemId);
        if (await item.GetDetails() is not { } current)
        {
            return Problems.NotFound($"Supervision item '{itemId}' does not exist.", DomainErrors.SupervisionItemNotFound);
        }

        http.Audit().Concerns(current.OrgId);
        if (!await scope.ContainsOrgAsync(caller, current.OrgId))
        {
            return Problems.Forbidden($"Supervision item '{itemId}' is held by an organization outside the caller's scope.");
        }

        return TypedResults.Ok(await item.Close(request.Note!.Trim(), caller.Subject));
    }

    public static async Task<Results<Ok<CommitmentDetails>, ProblemHttpResult>> GetCommitment(
        string commitmentId, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var (details, refused) = await ReachAsync(commitmentId, write: false, caller, scope, grains, http: null);
        return refused ?? (Results<Ok<CommitmentDetails>, ProblemHttpResult>)TypedResults.Ok(details!);
    }

    public static async Task<Results<Ok<CommitmentDetails>, ProblemHttpResult>> ReportProgress(
        string commitmentId, ReportProgressRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        var errors = new ValidationErrors();
        errors.CheckId("commitmentId", commitmentId, required: true);
        errors.Check("amount", CommitmentRules.CheckAmount(request.Amount));
        errors.Check("note", CommitmentRules.CheckNote(request.Note));
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var (_, refused) = await ReachAsync(commitmentId, write: true, caller, scope, grains, http);
        return refused ?? (Results<Ok<CommitmentDetails>, ProblemHttpResult>)TypedResults.Ok(
            await grains.GetGrain<ICommitmentGrain>(commitmentId).ReportProgress(request.Amount!.Value, request.Note, caller.Subject));
    }

    public static async Task<Results<Ok<CommitmentDetails>, ProblemHttpResult>> Complete(
        string commitmentId, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        var (_, refused) = await ReachAsync(commitmentId, write: true, caller, scope, grains, http);
        return refused ?? (Results<Ok<CommitmentDetails>, ProblemHttpResult>)TypedResults.Ok(
            await grains.GetGrain<ICommitmentGrain>(commitmentId).Complete(caller.Subject));
    }

    public static async Task<Results<Ok<CommitmentDetails>, ProblemHttpResult>> Review(
        string commitmentId, ReviewCommitmentRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (!caller.CanWriteMembers)
        {
            return Problems.Forbidden("Only admins, organization admins and grid workers record reviews.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("commitmentId", commitmentId, required: true);
        var by = errors.ParseEnum<ReviewerKind>("by", request.By, required: true);
        errors.Check("score", CommitmentRules.CheckScore(request.Score));
        errors.Check("note", CommitmentRules.CheckNote(request.Note));
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var (_, refused) = await ReachAsync(commitmentId, write: true, caller, scope, grains, http);
        return refused ?? (Results<Ok<CommitmentDetails>, ProblemHttpResult>)TypedResults.Ok(
            await grains.GetGrain<ICommitmentGrain>(commitmentId).Review(by!.Value, request.Score!.Value, request.Note, caller.Subject));
    }

    private static async Task<Results<Created<CommitmentCreated>, ProblemHttpResult>> MakeAsync(
        CommitmentOwner owner, CommitmentTerms terms, Caller caller, IGrainFactory grains, HttpContext http)
    {
        var id = CommitmentIds.New();
        http.Audit().ResourceId = id;
        var made = await grains.GetGrain<ICommitmentGrain>(id).Make(owner, terms, caller.Subject);
        http.Audit().Concerns(made.OrgId);
        return TypedResults.Created($"/api/v1/commitments/{id}", new CommitmentCreated(id));
    }

    /// <summary>
    /// The commitment if the caller reaches it: its member owner always; otherwise readers (for reads)
    /// or writers (for writes) whose scope holds the organization where it is counted. Writes are
    /// audited at that organization.
    /// </summary>
    private static async Task<(CommitmentDetails? Details, ProblemHttpResult? Refused)> ReachAsync(
        string commitmentId, bool write, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext? http)
    {
        if (!caller.Has(Role.Member) && !(write ? caller.CanWriteMembers : caller.CanReadMembers))
        {
            return (null, Problems.Forbidden(write
                ? "Members change their own commitments; admins, organization admins and grid workers those in scope."
                : "The caller's roles do not read commitments."));
        }

        if (!Ids.IsValid(commitmentId))
        {
            return (null, Problems.Invalid("commitmentId", "Ids are " + Ids.Rule + "."));
        }

        if (await grains.GetGrain<ICommitmentGrain>(commitmentId).GetDetails() is not { } details)
        {
            return (null, Problems.NotFound($"Commitment '{commitmentId}' does not exist.", DomainErrors.CommitmentNotFound));
        }

        http?.Audit().Concerns(details.OrgId);
        var own = details.Owner.Kind == CommitmentOwnerKind.Member && caller.IsMember(details.Owner.Id);
        var role = write ? caller.CanWriteMembers : caller.CanReadMembers;
        return own || (role && await scope.ContainsOrgAsync(caller, details.OrgId))
            ? (details, null)
            : (null, Problems.Forbidden($"Commitment '{commitmentId}' is outside the caller's scope."));
    }

    /// <summary>Null when the caller reads organizations' commitments and supervision and its scope holds <paramref name="orgId"/>.</summary>
    private static async Task<ProblemHttpResult?> CheckOrgReadAsync(string orgId, Caller caller, SubtreeScope scope)
    {
        if (!caller.CanReadMembers)
        {
            return Problems.Forbidden("The caller's roles do not read commitments.");
        }

        return await scope.ContainsOrgAsync(caller, orgId) ? null : Problems.Forbidden($"Organization '{orgId}' is outside the caller's scope.");
    }
}
