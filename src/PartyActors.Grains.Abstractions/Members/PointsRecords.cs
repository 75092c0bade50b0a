using System.Collections.Immutable;
using System.Globalization;

namespace PartyActors.Grains;

/// <summary>
/// A change of a member's points (积分) to record: an award (positive) or a deduction (negative),
/// why, what caused it (<see cref="PointsSources"/>) and that cause's id, which makes it idempotent:
/// the ledger records one entry per source and source id. <see cref="DailyCap"/>, when given, bounds
/// what the member earns from this source in one day of China Standard Time: the entry carries what
/// is left under the cap (possibly 0).
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.PointsAward")]
public sealed record PointsAward(
    [property: Id(0)] int Points,
    [property: Id(1)] string Reason,
    [property: Id(2)] string Source,
    [property: Id(3)] string SourceId,
    [property: Id(4)] int? DailyCap = null);

/// <summary>One entry of a member's append-only points ledger. <see cref="Id"/> is its sequence in the ledger.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.PointsEntry")]
public sealed record PointsEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] int Points,
    [property: Id(2)] string Reason,
    [property: Id(3)] string Source,
    [property: Id(4)] string SourceId,
    [property: Id(5)] DateTimeOffset At);

/// <summary>What an award did: the entry, and whether it was already in the ledger (a repeat, which changed nothing).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.PointsReceipt")]
public sealed record PointsReceipt([property: Id(0)] PointsEntry Entry, [property: Id(1)] bool Repeat);

/// <summary>
/// A member's ledger as read: <see cref="Total"/>, the lifetime total (points ever awarded, deductions
/// included; what the <c>points</c> roll-up, rankings and the activist threshold use, unchanged by
/// spending), the entries asked for, newest first, <see cref="Spent"/>, the points spent on rewards
/// net of refunds, and <see cref="Balance"/>, what the member can still spend (<c>total − spent</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.PointsLedger")]
public sealed record PointsLedger(
    [property: Id(0)] long Total,
    [property: Id(1)] ImmutableArray<PointsEntry> Entries,
    [property: Id(2)] long Balance = 0,
    [property: Id(3)] long Spent = 0);

/// <summary>
/// Points a member spends on a reward (积分兑换): <see cref="Points"/> &gt; 0 leave the spendable
/// balance, not the lifetime total. <see cref="SourceId"/> (the redemption's <c>{shopId}/{redemptionId}</c>)
/// makes it idempotent.
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.PointsSpend")]
public sealed record PointsSpend([property: Id(0)] int Points, [property: Id(1)] string Reason, [property: Id(2)] string SourceId);

/// <summary>What spending or a refund did: the ledger entry, whether it was a repeat (changing nothing), and the spendable balance after it.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.PointsSpendReceipt")]
public sealed record PointsSpendReceipt([property: Id(0)] PointsEntry Entry, [property: Id(1)] bool Repeat, [property: Id(2)] long Balance);

/// <summary>What causes points: the <c>source</c> of a ledger entry.</summary>
public static class PointsSources
{
    /// <summary>Awarded or deducted by hand by an organization admin.</summary>
    public const string Manual = "manual";

    /// <summary>Awarded for a rated claim on a project or wish (source id <c>{projectId}/{claimId}</c>).</summary>
    public const string Claim = "claim";

    /// <summary>
    /// Deducted for a no-show (未履约): a claim still not completed at its project's no-show deadline
    /// (source id <c>{projectId}/{claimId}</c>).
    /// </summary>
    public const string NoShow = "no-show";

    /// <summary>Given back when a claim charged as a no-show is completed after all (source id <c>{projectId}/{claimId}</c>).</summary>
    public const string NoShowReversal = "no-show-reversal";

    /// <summary>Deducted when a member's commitment turns overdue (承诺逾期; source id the commitment's id).</summary>
    public const string CommitmentOverdue = "commitment-overdue";

    /// <summary>
    /// Spent on a reward (积分兑换; source id <c>{shopId}/{redemptionId}</c>, negative points): lowers the
    /// spendable balance, not the lifetime total.
    /// </summary>
    public const string Redemption = "redemption";

    /// <summary>Given back when a redemption is cancelled (source id that of the redemption, positive points): raises the spendable balance only.</summary>
    public const string RedemptionRefund = "redemption-refund";

    /// <summary>
    /// Whether entries of <paramref name="source"/> spend or refund points (they move the spendable
    /// balance) rather than award or deduct them (they move the lifetime total, the <c>points</c>
    /// roll-up and rankings).
    /// </summary>
    public static bool IsSpending(string source) => source is Redemption or RedemptionRefund;
}

/// <summary>
/// The rules a points change must keep (checked by the member grain and, before it, by the HTTP API),
/// and the periods points are counted in.
/// </summary>
public static class PointsRules
{
    /// <summary>The largest award or deduction one entry may carry: a typing error should not become a year's points.</summary>
    public const int MaxPoints = 1000;

    public const int MaxReasonLength = 200;

    /// <summary>Months and years of points are those of China Standard Time (UTC+8), whatever the server's zone.</summary>
    public static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    public static string? CheckPoints(int? points) =>
        points is not { } p || p == 0 || Math.Abs(p) > MaxPoints ? $"'points' must be a non-zero whole number from -{MaxPoints} to {MaxPoints}." : null;

    public static string? CheckReason(string? reason) => TextRules.CheckRequired("reason", reason, MaxReasonLength);

    /// <summary>Throws the first rule <paramref name="award"/> breaks as a <see cref="DomainException"/> naming its field.</summary>
    public static void Validate(PointsAward award)
    {
        ArgumentNullException.ThrowIfNull(award);
        Throw("points", CheckPoints(award.Points));
        Throw("reason", CheckReason(award.Reason?.Trim()));
        if (string.IsNullOrEmpty(award.Source) || PointsSources.IsSpending(award.Source))
        {
            throw DomainErrors.Invalid("source", "'source' is required, and spending is not an award.");
        }

        if (string.IsNullOrEmpty(award.SourceId) || award.SourceId.Length > 200)
        {
            throw DomainErrors.Invalid("sourceId", "'sourceId' must be 1 to 200 characters.");
        }
    }

    /// <summary>The first instant of the day that <paramref name="now"/> falls in, in China Standard Time.</summary>
    public static DateTimeOffset DayStart(DateTimeOffset now)
    {
        var local = now.ToOffset(ChinaStandardTime);
        return new DateTimeOffset(local.Year, local.Month, local.Day, 0, 0, 0, ChinaStandardTime);
    }

    /// <summary>The first instant of the month and of the year that <paramref name="now"/> falls in, in China Standard Time.</summary>
    public static (DateTimeOffset Month, DateTimeOffset Year) PeriodStarts(DateTimeOffset now)
    {
        var local = now.ToOffset(ChinaStandardTime);
        return (new DateTimeOffset(local.Year, local.Month, 1, 0, 0, 0, ChinaStandardTime),
            new DateTimeOffset(local.Year, 1, 1, 0, 0, 0, ChinaStandardTime));
    }

    /// <summary>
    /// The month of China Standard Time that <paramref name="at"/> falls in, as a month number
    /// (year × 12 + month − 1: 2026-11 is 24,322), the key of <see cref="MonthlyPoints"/>.
    /// </summary>
    public static int MonthOf(DateTimeOffset at)
    {
        var local = at.ToOffset(ChinaStandardTime);
        return (local.Year * 12) + local.Month - 1;
    }

    /// <summary>The first instant of month number <paramref name="month"/> (<see cref="MonthOf"/>) in China Standard Time.</summary>
    public static DateTimeOffset MonthStart(int month) => new(month / 12, (month % 12) + 1, 1, 0, 0, 0, ChinaStandardTime);

    /// <summary>Month number <paramref name="month"/> as <c>yyyy-MM</c>.</summary>
    public static string MonthName(int month) => string.Create(CultureInfo.InvariantCulture, $"{month / 12:D4}-{(month % 12) + 1:D2}");

    /// <summary>The month number of a <c>yyyy-MM</c> name; false when it is none.</summary>
    public static bool TryParseMonth(string? name, out int month)
    {
        month = 0;
        if (name is not { Length: 7 } || name[4] != '-'
            || !int.TryParse(name.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(name.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || year < 1 || number is < 1 or > 12)
        {
            return false;
        }

        month = (year * 12) + number - 1;
        return true;
    }

    private static void Throw(string field, string? breach)
    {
        if (breach is not null)
        {
            throw DomainErrors.Invalid(field, breach);
        }
    }
}
