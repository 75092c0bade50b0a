namespace PartyActors.Client;

/// <summary>A member's own commitments, as the member page lists them (docs/commitments.md).</summary>
public sealed partial class PartyActorsClient
{
    /// <summary>The commitments the member has made, by due date; only those of <paramref name="status"/> (<see cref="CommitmentStatuses"/>) when given. The member itself, or readers of members in scope.</summary>
    [ApiOperation("GET /api/v1/members/{memberId}/commitments")]
    public Task<MemberCommitmentList> ListMemberCommitmentsAsync(string memberId, string? status = null, CancellationToken cancellationToken = default) =>
        GetAsync(Route("members", memberId, "commitments").WithQuery([("status", status)]), ClientJsonContext.Default.MemberCommitmentList, cancellationToken);
}
