using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PartyActors.Grains;
using PartyActors.Silo.Audit;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Rewards;

/// <summary>
/// Reward shops (爱心超市, 积分兑换): docs/rewards.md. A shop is its community's (or village's); it is
/// in scope where that organization is. Admins and organization admins keep the catalogue; a member
/// redeems for itself, and admins, organization admins and grid workers at the counter for any member;
/// readers in scope list the redemptions; members read any catalogue (it is the shop's notice board).
/// </summary>
internal static class RewardEndpoints
{
    public static IEndpointRouteBuilder MapRewardsApi(this IEndpointRouteBuilder app)
    {
        var shop = app.MapGroup("/orgs/{orgId}").WithTags("Rewards");
        shop.MapPost("/rewards", CreateReward)
            .WithSummary("Adds a reward to the community's catalogue (爱心超市): name, description, cost in points per item, starting stock, active; 201 with the reward. Admins and organization admins in scope; a shop is a community's or village's (else 422).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        shop.MapGet("/rewards", ListRewards)
            .WithSummary("The community's catalogue of rewards, by id, with stock. Readers in scope, and members.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        shop.MapGet("/rewards/{rewardId}", GetReward)
            .WithSummary("One reward of the community's catalogue, with its stock. Readers in scope, and members.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        shop.MapPut("/rewards/{rewardId}", PutReward)
            .WithSummary("Creates (201, with the starting stock) or changes (200; the stock stays) a reward: name, description, cost, active. Admins and organization admins in scope.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        shop.MapPost("/rewards/{rewardId}/restock", Restock)
            .WithSummary("Adds items to the reward's stock (a negative quantity writes broken or lost items off; never below 0, else 409). Admins and organization admins in scope.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        shop.MapPost("/rewards/{rewardId}/redemptions", Redeem)
            .WithSummary("A member redeems the reward with its points (积分兑换): 201 with the redemption (points spent, balance after). The member itself, or a worker in scope at the counter. 409 out-of-stock or insufficient-points; an Idempotency-Key makes a retry safe.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        shop.MapGet("/redemptions", ListRedemptions)
            .WithSummary("The community's redemptions in the order made (ids r00000001, …; refused attempts are not listed), ?limit (1 to 1000, default 100) after the id ?after. Readers in scope.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        shop.MapGet("/redemptions/{redemptionId}", GetRedemption)
            .WithSummary("One redemption of the community's shop. Readers in scope, and the member who redeemed.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        shop.MapPost("/redemptions/{redemptionId}/cancel", Cancel)
            .WithSummary("Cancels a redemption: the points go back to the member (a refund entry in its ledger) and the items to the stock; again changes nothing. Admins and organization admins in scope.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static Task<Results<Created<RewardItem>, Ok<RewardItem>, ProblemHttpResult>> CreateReward(
        string orgId, SaveRewardRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http) =>
        SaveAsync(orgId, RewardIds.New(), request, caller, scope, grains, http);

    public static Task<Results<Created<RewardItem>, Ok<RewardItem>, ProblemHttpResult>> PutReward(
        string orgId, string rewardId, SaveRewardRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http) =>
        SaveAsync(orgId, rewardId, request, caller, scope, grains, http);

    public static async Task<Results<Ok<RewardList>, ProblemHttpResult>> ListRewards(string orgId, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (await CheckCatalogueReadAsync(orgId, caller, scope, grains) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(new RewardList(orgId, await Shop(grains, orgId).GetRewards()));
    }

    public static async Task<Results<Ok<RewardItem>, ProblemHttpResult>> GetReward(string orgId, string rewardId, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        errors.CheckId("rewardId", rewardId, required: true);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (await CheckCatalogueReadAsync(orgId, caller, scope, grains) is { } refused)
        {
            return refused;
        }

        return await Shop(grains, orgId).GetReward(rewardId) is { } item
            ? TypedResults.Ok(item)
            : Problems.NotFound($"Shop '{orgId}' has no reward '{rewardId}'.", RewardRules.RewardNotFound);
    }

    public static async Task<Results<Ok<RewardItem>, ProblemHttpResult>> Restock(
        string orgId, string rewardId, RestockRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        errors.CheckId("rewardId", rewardId, required: true);
        errors.Check("quantity", RewardRules.CheckRestock(request.Quantity));
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (await CheckCatalogueWriteAsync(orgId, caller, scope, http) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(await Shop(grains, orgId).Restock(rewardId, request.Quantity!.Value, caller.Subject));
    }

    public static async Task<Results<Created<Redemption>, ProblemHttpResult>> Redeem(
        string orgId, string rewardId, RedeemRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, IOptions<RewardOptions> options, HttpContext http)
    {
        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        errors.CheckId("rewardId", rewardId, required: true);
        errors.CheckId("memberId", request.MemberId, required: true);
        errors.Check("quantity", RewardRules.CheckQuantity(request.Quantity, options.Value.MaxQuantity));
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        http.Audit().Concerns(orgId);
        if (!caller.IsMember(request.MemberId!))
        {
            if (!caller.CanWriteMembers)
            {
                return Problems.Forbidden("Members redeem for themselves; admins, organization admins and grid workers for members at the counter of a shop in scope.");
            }

            if (!await scope.ContainsOrgAsync(caller, orgId))
            {
                return Problems.Forbidden($"Organization '{orgId}' is outside the caller's scope.");
            }
        }

        if (await CheckShopAsync(orgId, grains) is { } missing)
        {
            return missing;
        }

        var key = http.Request.Headers[IdempotencyFilter.Header].ToString();
        var redemption = await Shop(grains, orgId).Redeem(
            new RedemptionOrder(rewardId, request.MemberId!, request.Quantity ?? 1, caller.Subject, key.Length == 0 ? null : key));
        http.Audit().ResourceId = redemption.Id;
        return TypedResults.Created($"/api/v1/orgs/{orgId}/redemptions/{redemption.Id}", redemption);
    }

    public static async Task<Results<Ok<RedemptionList>, ProblemHttpResult>> ListRedemptions(
        string orgId, int? limit, string? after, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        IdPages.Check(errors, limit, after);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (await CheckReadAsync(orgId, caller, scope) is { } refused)
        {
            return refused;
        }

        if (await CheckShopAsync(orgId, grains) is { } missing)
        {
            return missing;
        }

        var page = await Shop(grains, orgId).GetRedemptions(after, limit ?? IdPages.DefaultLimit);
        return TypedResults.Ok(new RedemptionList(orgId, page.Items, page.Next));
    }

    public static async Task<Results<Ok<Redemption>, ProblemHttpResult>> GetRedemption(
        string orgId, string redemptionId, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        errors.CheckId("redemptionId", redemptionId, required: true);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var redemption = await Shop(grains, orgId).GetRedemption(redemptionId);
        if (redemption is null || !caller.IsMember(redemption.MemberId))
        {
            if (await CheckReadAsync(orgId, caller, scope) is { } refused)
            {
                return refused;
            }
        }

        return redemption is null
            ? Problems.NotFound($"Shop '{orgId}' has no redemption '{redemptionId}'.", RewardRules.RedemptionNotFound)
            : TypedResults.Ok(redemption);
    }

    public static async Task<Results<Ok<Redemption>, ProblemHttpResult>> Cancel(
        string orgId, string redemptionId, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        errors.CheckId("redemptionId", redemptionId, required: true);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (await CheckCatalogueWriteAsync(orgId, caller, scope, http) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(await Shop(grains, orgId).Cancel(redemptionId, caller.Subject));
    }

    private static async Task<Results<Created<RewardItem>, Ok<RewardItem>, ProblemHttpResult>> SaveAsync(
        string orgId, string rewardId, SaveRewardRequest request, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext http)
    {
        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        errors.CheckId("rewardId", rewardId, required: true);
        if (request.Validate(errors) is not { } terms)
        {
            return Problems.Validation(errors);
        }

        if (await CheckCatalogueWriteAsync(orgId, caller, scope, http) is { } refused)
        {
            return refused;
        }

        var saved = await Shop(grains, orgId).SaveReward(rewardId, terms, request.Stock ?? 0, caller.Subject);
        http.Audit().ResourceId = rewardId;
        return saved.Created
            ? TypedResults.Created($"/api/v1/orgs/{orgId}/rewards/{rewardId}", saved.Item)
            : TypedResults.Ok(saved.Item);
    }

    /// <summary>Admins and organization admins keep a catalogue in their scope.</summary>
    private static async Task<ProblemHttpResult?> CheckCatalogueWriteAsync(string orgId, Caller caller, SubtreeScope scope, HttpContext http)
    {
        http.Audit().Concerns(orgId);
        if (!caller.HasAny(Role.Admin, Role.OrgAdmin))
        {
            return Problems.Forbidden("Only admins and organization admins keep a reward shop's catalogue and cancel redemptions.");
        }

        return await scope.ContainsOrgAsync(caller, orgId) ? null : Problems.Forbidden($"Organization '{orgId}' is outside the caller's scope.");
    }

    /// <summary>Readers in scope read a catalogue, and so does any member: it is what the shop offers.</summary>
    private static async Task<ProblemHttpResult?> CheckCatalogueReadAsync(string orgId, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        if (!caller.Has(Role.Member) && await CheckReadAsync(orgId, caller, scope) is { } refused)
        {
            return refused;
        }

        return await CheckShopAsync(orgId, grains);
    }

    private static async Task<ProblemHttpResult?> CheckReadAsync(string orgId, Caller caller, SubtreeScope scope)
    {
        if (!caller.CanReadOrganizations)
        {
            return Problems.Forbidden("The caller's roles do not read a shop's redemptions.");
        }

        return await scope.ContainsOrgAsync(caller, orgId) ? null : Problems.Forbidden($"Organization '{orgId}' is outside the caller's scope.");
    }

    /// <summary>404 for an unknown organization, 422 for one that runs no shop (neither a community nor a village).</summary>
    private static async Task<ProblemHttpResult?> CheckShopAsync(string orgId, IGrainFactory grains)
    {
        var org = await grains.GetGrain<IRollupNode>(orgId).GetChildRollup();
        if (!org.Exists)
        {
            return Problems.NotFound($"Organization '{orgId}' does not exist.", DomainErrors.OrgNotFound);
        }

        return RewardRules.HasShop(org.Kind) ? null
            : Problems.Status(StatusCodes.Status422UnprocessableEntity,
                $"Organization '{orgId}' is a {WireNames<OrganizationKind>.Name(org.Kind)}; only communities and villages run a reward shop (爱心超市).", RewardRules.NotAShop);
    }

    private static IRewardShopGrain Shop(IGrainFactory grains, string orgId) => grains.GetGrain<IRewardShopGrain>(orgId);
}
