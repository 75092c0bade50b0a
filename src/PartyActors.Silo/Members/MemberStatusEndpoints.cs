using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Grains;
using PartyActors.Silo.Audit;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Members;

/// <summary>
/// A member's status moves along the pipeline and its history (docs/member-status.md): a move or an
/// admin's correction, and the history of creation, moves and transfers, oldest first.
/// </summary>
internal static class MemberStatusEndpoints
{
    public static IEndpointRouteBuilder MapMemberStatusApi(this IEndpointRouteBuilder app)
    {
        var members = app.MapGroup("/members").WithTags("Members");
        members.MapPost("/{memberId}/status", MoveStatus)
            .WithSummary("Moves the member one step along the pipeline (applicant → activist → candidate → probationary → full; transferred and left from any; back from transferred to the status held before), with an optional reason and effectiveOn; an admin's correction (correction: true, with a reason) sets any status. The same status again changes nothing (entry null). A skip or a move back: 409 status-skips-step naming the allowed next statuses.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        members.MapGet("/{memberId}/history", GetHistory)
            .WithSummary("The member's history, oldest first: its creation, status moves and transfers of its organization of record, each { id, kind, from, to, fromOrgId, toOrgId, at, effectiveOn, by, reason, correction, batchId }; a page at a time (?limit=1..1000, default 100; ?after=<the previous page's next>).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<StatusMoveOutcome>, ProblemHttpResult>> MoveStatus(
        string memberId, MoveStatusRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, TimeProvider time, HttpContext http)
    {
        if (!caller.CanWriteMembers)
        {
            return Problems.Forbidden("Only admins, organization admins and grid workers move a member's status.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("memberId", memberId, required: true);
        var move = request.Validate(errors, caller.Subject, time.GetUtcNow());
        if (move is null)
        {
            return Problems.Validation(errors);
        }

        if (move.Value.Change.Correction && !caller.IsAdmin)
        {
            return CorrectionNotAllowed();
        }

        var member = grains.GetGrain<IMemberGrain>(memberId);
        var details = await member.GetDetails();
        http.Audit().Concerns(details?.OrgId);
        if (await MemberEndpoints.CheckReachAsync(memberId, details, self: false, caller, scope) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(await member.MoveStatus(move.Value.Status, move.Value.Change));
    }

    public static async Task<Results<Ok<MemberHistoryPage>, ProblemHttpResult>> GetHistory(
        string memberId, int? limit, string? after, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var self = caller.IsMember(memberId);
        if (!self && !caller.CanReadMembers)
        {
            return Problems.Forbidden("The caller's roles do not read the history of members other than itself.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("memberId", memberId, required: true);
        if (limit is < 1 or > IdPages.MaxLimit)
        {
            errors.Add("limit", $"'limit' must be from 1 to {IdPages.MaxLimit}.");
        }

        long from = 0;
        if (after is not null && (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out from) || from < 1))
        {
            errors.Add("after", "'after' must be the id of a history entry (a whole number from 1), as the previous page's 'next' gives it.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var member = grains.GetGrain<IMemberGrain>(memberId);
        if (await MemberEndpoints.CheckReachAsync(memberId, await member.GetDetails(), self, caller, scope) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(await member.GetHistory(from, limit ?? IdPages.DefaultLimit));
    }

    /// <summary>403 for a correction asked for by someone who is not an admin.</summary>
    internal static ProblemHttpResult CorrectionNotAllowed() =>
        Problems.Status(StatusCodes.Status403Forbidden, "Only an admin corrects a member's status past the pipeline.", DomainErrors.CorrectionNotAllowed);
}

/// <summary>
/// The body of <c>POST /api/v1/members/{memberId}/status</c>: the status, why (required for a
/// correction), when it took effect if not today, and whether it is an admin's correction.
/// </summary>
internal sealed record MoveStatusRequest(string? Status, string? Reason = null, DateOnly? EffectiveOn = null, bool? Correction = null) : IRequestBody
{
    /// <summary>The status and the change to record, or null with the errors recorded.</summary>
    public (MemberStatus Status, StatusChange Change)? Validate(ValidationErrors errors, string by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var status = errors.ParseEnum<MemberStatus>("status", Status, required: true);
        var correction = Correction ?? false;
        errors.Check("reason", MemberStatusPipeline.CheckReason(Reason, correction));
        errors.Check("effectiveOn", MemberStatusPipeline.CheckEffectiveOn(EffectiveOn, now));
        return errors.IsEmpty ? (status!.Value, new StatusChange(by, Reason?.Trim(), EffectiveOn, correction)) : null;
    }
}
