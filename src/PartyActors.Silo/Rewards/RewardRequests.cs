using System.Collections.Immutable;
using System.Security.Cryptography;
using PartyActors.Grains;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Rewards;

/// <summary>
/// The body of <c>POST /api/v1/orgs/{orgId}/rewards</c> and <c>PUT /api/v1/orgs/{orgId}/rewards/{rewardId}</c>:
/// <c>stock</c> is the stock a new reward starts with (default 0; ignored for an existing one, whose
/// stock changes by restock); <c>active</c> defaults to true.
/// </summary>
internal sealed record SaveRewardRequest(string? Name, string? Description, int? Cost, int? Stock, bool? Active) : IRequestBody
{
    public RewardTerms? Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check("name", RewardRules.CheckName(Name));
        errors.Check("description", RewardRules.CheckDescription(Description));
        errors.Check("cost", RewardRules.CheckCost(Cost));
        errors.Check("stock", RewardRules.CheckInitialStock(Stock));
        return errors.IsEmpty ? new RewardTerms(Name!.Trim(), string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(), Cost!.Value, Active ?? true) : null;
    }
}

/// <summary>The body of <c>POST /api/v1/orgs/{orgId}/rewards/{rewardId}/restock</c>: items added (negative: written off).</summary>
internal sealed record RestockRequest(int? Quantity) : IRequestBody;

/// <summary>The body of <c>POST /api/v1/orgs/{orgId}/rewards/{rewardId}/redemptions</c>: who redeems, and how many items (default 1).</summary>
internal sealed record RedeemRequest(string? MemberId, int? Quantity) : IRequestBody;

/// <summary>A shop's catalogue.</summary>
internal sealed record RewardList(string OrgId, ImmutableArray<RewardItem> Items);

/// <summary>A page of a shop's redemptions in id order (the order made); <c>next</c> is the <c>after</c> of the following page, null on the last.</summary>
internal sealed record RedemptionList(string OrgId, ImmutableArray<Redemption> Items, string? Next);

/// <summary>Reward ids made by the server: <c>rw-</c> and 12 random hex digits.</summary>
internal static class RewardIds
{
    public static string New() => "rw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
