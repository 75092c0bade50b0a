namespace PartyActors.Grains;

/// <summary>Settings of reward shops (爱心超市, docs/rewards.md), from section <c>Rewards</c>.</summary>
public sealed class RewardOptions
{
    public const string Section = "Rewards";

    /// <summary>
    /// The most items of one reward a single redemption takes: 10. A love supermarket hands goods
    /// over a counter; a larger order is a typo or an attempt to empty the shelf.
    /// </summary>
    public int MaxQuantity { get; set; } = 10;

    /// <summary>
    /// How often a shop with a redemption or cancellation cut short (a failure or a crash between
    /// reserving the stock and confirming) retries driving it to completion or undoing it: 1 minute,
    /// Orleans' shortest reminder period in production. Every activation of the shop also catches up at once.
    /// </summary>
    public TimeSpan RecoveryPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Checks the values; throws <see cref="ArgumentOutOfRangeException"/> on nonsense.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQuantity, 1, nameof(MaxQuantity));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxQuantity, 100, nameof(MaxQuantity));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RecoveryPeriod, TimeSpan.Zero, nameof(RecoveryPeriod));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(RecoveryPeriod, TimeSpan.FromDays(1), nameof(RecoveryPeriod));
    }
}
