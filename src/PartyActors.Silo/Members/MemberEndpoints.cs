using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Grains;
using PartyActors.Silo.Audit;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Members;

/// <summary>Members: api.md, "Members", with the points ledger (docs/points.md).</summary>
internal static class MemberEndpoints
{
    public static IEndpointRouteBuilder MapMembersApi(this IEndpointRouteBuilder app)
    {
        var members = app.MapGroup("/members").WithTags("Members");
        members.MapPut("/{memberId}", PutMember)
            .WithSummary("Creates (201) or replaces (200) a member's profile; optional fields left out are cleared. A new member starts at any status; a changed status must be the next step of the pipeline (409 status-skips-step otherwise) unless an admin sends correction: true with a reason.")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        members.MapGet("/{memberId}", GetMember)
            .WithSummary("A member's profile with phone and ID number masked, report-in and points.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        members.MapDelete("/{memberId}", RemoveMember)
            .WithSummary("The member leaves: status left, out of every roll-up, history kept.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        members.MapPost("/{memberId}/report-in", ReportIn)
            .WithSummary("Reports the member in to a grid and its community (双报到); again with another grid moves it.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        members.MapDelete("/{memberId}/report-in", WithdrawReportIn)
            .WithSummary("Withdraws the member's report-in.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        members.MapGet("/{memberId}/points", GetPoints)
            .WithSummary("The member's points balance and ledger entries, newest first; ?from and ?to (ISO 8601) bound the entries' time, to excluded.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        members.MapGet("/{memberId}/summary", MemberSummaryEndpoints.GetSummary)
            .WithSummary("The member's year (?year, China Standard Time, default this year): points awarded and deducted, services (rated claims), commitments made or due, and the report-in now.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        members.MapPost("/{memberId}/points", AwardPoints)
            .WithSummary("A manual award (points > 0) or deduction (points < 0) by an organization admin: 201 with the ledger entry; the same sourceId again answers 200 with the first entry and changes nothing.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    public static async Task<Results<Created<MemberDetails>, Ok<MemberDetails>, ProblemHttpResult>> PutMember(
        string memberId, PutMemberRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, TimeProvider time, HttpContext http)
    {
        if (!caller.CanWriteMembers)
        {
            return Problems.Forbidden("Only admins, organization admins and grid workers set member profiles.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("memberId", memberId, required: true);
        var profile = request.Validate(errors, time.GetUtcNow());
        var change = request.Change(errors, caller.Subject);
        if (profile is null || !errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (change.Correction && !caller.IsAdmin)
        {
            return MemberStatusEndpoints.CorrectionNotAllowed();
        }

        var member = grains.GetGrain<IMemberGrain>(memberId);
        var current = await member.GetDetails();
        http.Audit().Concerns(profile.OrgId);
        http.Audit().Concerns(current?.OrgId);
        if (!caller.IsAdmin)
        {
            if (current is not null && !await scope.ContainsMemberAsync(caller, current))
            {
                return Problems.Forbidden($"Member '{memberId}' is outside the caller's scope.");
            }

            if (!await scope.ContainsMemberAsync(caller, profile.OrgId, profile.ResidenceGridId))
            {
                return Problems.Forbidden("The profile would place the member outside the caller's scope: its organization of record or residence grid must be in it.");
            }
        }

        var outcome = await member.SetProfile(profile, change);
        var details = await member.GetDetails()
            ?? throw new InvalidOperationException($"Member '{memberId}' was saved but reads as missing.");
        return outcome == ProfileOutcome.Created
            ? TypedResults.Created($"/api/v1/members/{memberId}", details)
            : TypedResults.Ok(details);
    }

    public static async Task<Results<Ok<MemberDetails>, ProblemHttpResult>> GetMember(
        string memberId, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        if (!Ids.IsValid(memberId))
        {
            return Problems.Invalid("memberId", "Ids are " + Ids.Rule + ".");
        }

        var self = caller.IsMember(memberId);
        if (!self && !caller.CanReadMembers)
        {
            return Problems.Forbidden("The caller's roles do not read members other than itself.");
        }

        var details = await grains.GetGrain<IMemberGrain>(memberId).GetDetails();
        if (await CheckReachAsync(memberId, details, self, caller, scope) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(details!);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveMember(
        string memberId, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (!caller.CanWriteMembers)
        {
            return Problems.Forbidden("Only admins, organization admins and grid workers remove members.");
        }

        if (!Ids.IsValid(memberId))
        {
            return Problems.Invalid("memberId", "Ids are " + Ids.Rule + ".");
        }

        var member = grains.GetGrain<IMemberGrain>(memberId);
        var details = await member.GetDetails();
        http.Audit().Concerns(details?.OrgId);
        if (await CheckReachAsync(memberId, details, self: false, caller, scope) is { } refused)
        {
            return refused;
        }

        await member.Leave(new StatusChange(caller.Subject));
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<ReportIn>, ProblemHttpResult>> ReportIn(
        string memberId, ReportInRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        var self = caller.IsMember(memberId);
        if (!self && !caller.CanWriteMembers)
        {
            return Problems.Forbidden("Members report themselves in; admins, organization admins and grid workers report in members in scope.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("memberId", memberId, required: true);
        errors.CheckId("gridId", request.GridId, required: true);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var member = grains.GetGrain<IMemberGrain>(memberId);
        var details = await member.GetDetails();
        http.Audit().Concerns(details?.OrgId);
        http.Audit().Concerns(request.GridId);
        if (await CheckReachAsync(memberId, details, self, caller, scope) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(await member.ReportIn(request.GridId!));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> WithdrawReportIn(
        string memberId, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        var self = caller.IsMember(memberId);
        if (!self && !caller.CanWriteMembers)
        {
            return Problems.Forbidden("Members withdraw their own report-in; admins, organization admins and grid workers those of members in scope.");
        }

        if (!Ids.IsValid(memberId))
        {
            return Problems.Invalid("memberId", "Ids are " + Ids.Rule + ".");
        }

        var member = grains.GetGrain<IMemberGrain>(memberId);
        var details = await member.GetDetails();
        http.Audit().Concerns(details?.OrgId);
        http.Audit().Concerns(details?.ReportedIn?.GridId);
        if (await CheckReachAsync(memberId, details, self, caller, scope) is { } refused)
        {
            return refused;
        }

        await member.WithdrawReportIn();
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<PointsLedger>, ProblemHttpResult>> GetPoints(
        string memberId, string? from, string? to, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var self = caller.IsMember(memberId);
        if (!self && !caller.CanReadMembers)
        {
            return Problems.Forbidden("The caller's roles do not read the points of members other than itself.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("memberId", memberId, required: true);
        var since = ParseInstant(errors, "from", from);
        var until = ParseInstant(errors, "to", to);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var member = grains.GetGrain<IMemberGrain>(memberId);
        if (await CheckReachAsync(memberId, await member.GetDetails(), self, caller, scope) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(await member.GetPoints(since, until));
    }

    public static async Task<Results<Created<PointsEntry>, Ok<PointsEntry>, ProblemHttpResult>> AwardPoints(
        string memberId, AwardPointsRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        if (!caller.CanAwardPoints)
        {
            return Problems.Forbidden("Only admins and organization admins award or deduct points by hand.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("memberId", memberId, required: true);
        var award = request.Validate(errors);
        if (award is null)
        {
            return Problems.Validation(errors);
        }

        var member = grains.GetGrain<IMemberGrain>(memberId);
        var details = await member.GetDetails();
        http.Audit().Concerns(details?.OrgId);
        if (await CheckReachAsync(memberId, details, self: false, caller, scope) is { } refused)
        {
            return refused;
        }

        var receipt = await member.AwardPoints(award);
        return receipt.Repeat
            ? TypedResults.Ok(receipt.Entry)
            : TypedResults.Created($"/api/v1/members/{memberId}/points", receipt.Entry);
    }

    private static DateTimeOffset? ParseInstant(ValidationErrors errors, string field, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return instant;
        }

        errors.Add(field, $"'{field}' must be an ISO 8601 timestamp with offset, such as 2026-11-01T00:00:00+08:00.");
        return null;
    }

    /// <summary>
    /// Null when the caller reaches the member: itself, an admin, or a scope holding its organization
    /// of record or residence grid. A missing member is a 404 for those who could reach any member by
    /// that id (admins, the member itself) and a 403 for scoped callers, who learn nothing of ids
    /// outside their scope.
    /// </summary>
    internal static async Task<ProblemHttpResult?> CheckReachAsync(string memberId, MemberDetails? details, bool self, Caller caller, SubtreeScope scope)
    {
        if (details is null)
        {
            return self || caller.IsAdmin
                ? Problems.NotFound($"Member '{memberId}' does not exist.", DomainErrors.MemberNotFound)
                : Problems.Forbidden($"Member '{memberId}' is not in the caller's scope.");
        }

        return self || await scope.ContainsMemberAsync(caller, details)
            ? null
            : Problems.Forbidden($"Member '{memberId}' is outside the caller's scope.");
    }
}
