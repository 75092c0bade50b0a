using System.Globalization;

namespace PartyActors.Grains;

/// <summary>The rules of reward shops (爱心超市), shared by the grain and the HTTP layer, and their error codes.</summary>
public static class RewardRules
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 1000;

    /// <summary>The highest cost of one item: a year of points of a very active member; more is a typo.</summary>
    public const int MaxCost = 10_000;

    /// <summary>The largest stock change by one restock, and the largest stock a new reward starts with.</summary>
    public const int MaxStockChange = 100_000;

    /// <summary>The organization is not a community or village, and has no shop (422).</summary>
    public const string NotAShop = "not-a-shop";

    public const string RewardNotFound = "reward-not-found";
    public const string RedemptionNotFound = "redemption-not-found";

    /// <summary>The reward is withdrawn from the catalogue for now (409).</summary>
    public const string RewardInactive = "reward-inactive";

    /// <summary>Fewer items in stock than asked for (409).</summary>
    public const string OutOfStock = "out-of-stock";

    /// <summary>The member's spendable balance is below the redemption's points (409).</summary>
    public const string InsufficientPoints = "insufficient-points";

    /// <summary>A restock would take the stock below zero (409).</summary>
    public const string StockBelowZero = "stock-below-zero";

    /// <summary>Only communities and villages run a shop.</summary>
    public static bool HasShop(OrganizationKind kind) => kind is OrganizationKind.Community or OrganizationKind.Village;

    /// <summary>The source id of a redemption's entries in the member's ledger.</summary>
    public static string LedgerSourceId(string shopId, string redemptionId) => shopId + "/" + redemptionId;

    /// <summary>Redemption ids: <c>r</c> and the sequence in the shop, 8 digits, so their ordinal order is the order they were made.</summary>
    public static string RedemptionId(long sequence) => "r" + sequence.ToString("D8", CultureInfo.InvariantCulture);

    public static string? CheckName(string? name) => TextRules.CheckRequired("name", name?.Trim(), MaxNameLength);

    public static string? CheckDescription(string? description) =>
        description is not null && description.Trim().Length > MaxDescriptionLength ? $"'description' must be at most {MaxDescriptionLength} characters." : null;

    public static string? CheckCost(int? cost) =>
        cost is not { } c || c < 1 || c > MaxCost ? $"'cost' must be a whole number of points from 1 to {MaxCost}." : null;

    public static string? CheckInitialStock(int? stock) =>
        stock is < 0 or > MaxStockChange ? $"'stock' must be from 0 to {MaxStockChange}." : null;

    public static string? CheckRestock(int? quantity) =>
        quantity is not { } q || q == 0 || Math.Abs(q) > MaxStockChange ? $"'quantity' must be a non-zero whole number from -{MaxStockChange} to {MaxStockChange}." : null;

    public static string? CheckQuantity(int? quantity, int max) =>
        quantity is < 1 || quantity > max ? $"'quantity' must be from 1 to {max}." : null;

    /// <summary>Throws the first rule <paramref name="terms"/> break as a <see cref="DomainException"/> naming its field.</summary>
    public static void Validate(RewardTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        Throw("name", CheckName(terms.Name));
        Throw("description", CheckDescription(terms.Description));
        Throw("cost", CheckCost(terms.Cost));
    }

    public static void Throw(string field, string? breach)
    {
        if (breach is not null)
        {
            throw DomainErrors.Invalid(field, breach);
        }
    }
}
