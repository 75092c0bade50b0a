using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Grains;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;
using PartyActors.Silo.Members;

namespace PartyActors.Silo.Commitments;

/// <summary><c>GET /api/v1/members/{memberId}/commitments</c>: a member's own commitments, for the member page (docs/commitments.md).</summary>
internal static class MemberCommitmentEndpoints
{
    public static IEndpointRouteBuilder MapMemberCommitmentsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/members/{memberId}/commitments", ListForMember).WithTags("Commitments")
            .WithSummary("The commitments the member has made (from its index), by due date; ?status=open|done|overdue. The member itself, or readers of members in scope.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<MemberCommitmentList>, ProblemHttpResult>> ListForMember(
        string memberId, string? status, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        errors.CheckId("memberId", memberId, required: true);
        var wanted = errors.ParseEnum<CommitmentStatus>("status", status, required: false);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var self = caller.IsMember(memberId);
        if (!self && !caller.CanReadMembers)
        {
            return Problems.Forbidden("The caller's roles do not read members other than itself.");
        }

        var details = await grains.GetGrain<IMemberGrain>(memberId).GetDetails();
        if (await MemberEndpoints.CheckReachAsync(memberId, details, self, caller, scope) is { } refused)
        {
            return refused;
        }

        var ids = await grains.GetGrain<IMemberCommitmentsGrain>(memberId).List();
        var all = await Task.WhenAll(ids.Select(id => grains.GetGrain<ICommitmentGrain>(id).GetDetails()));
        return TypedResults.Ok(new MemberCommitmentList(memberId, [.. all
            .OfType<CommitmentDetails>()
            .Where(c => wanted is null || c.Status == wanted)
            .OrderBy(c => c.DueOn).ThenBy(c => c.Id, StringComparer.Ordinal)]));
    }
}

/// <summary>A member's commitments, by due date.</summary>
internal sealed record MemberCommitmentList(string MemberId, ImmutableArray<CommitmentDetails> Items);
