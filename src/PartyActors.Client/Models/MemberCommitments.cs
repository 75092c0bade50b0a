namespace PartyActors.Client;

/// <summary>The commitments a member has made (<c>GET /api/v1/members/{memberId}/commitments</c>), by due date.</summary>
public sealed record MemberCommitmentList(string MemberId, IReadOnlyList<Commitment>? Items)
{
    public IReadOnlyList<Commitment> Items { get; init; } = Items ?? [];
}
