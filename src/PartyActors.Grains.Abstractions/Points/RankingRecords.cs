using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>Months <see cref="From"/> ≤ month &lt; <see cref="To"/> of China Standard Time, as month numbers (<see cref="PointsRules.MonthOf"/>).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.MonthRange")]
public readonly record struct MonthRange([property: Id(0)] int From, [property: Id(1)] int To)
{
    /// <summary>The months of [<paramref name="from"/>, <paramref name="to"/>) when both are the first instant of a month in China Standard Time; null otherwise.</summary>
    public static MonthRange? Of(DateTimeOffset from, DateTimeOffset to)
    {
        var first = PointsRules.MonthOf(from);
        var end = PointsRules.MonthOf(to);
        return PointsRules.MonthStart(first) == from && PointsRules.MonthStart(end) == to && first < end ? new MonthRange(first, end) : null;
    }
}

/// <summary>A member's points in a period, and its organization of record.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.MemberPeriodPoints")]
public sealed record MemberPeriodPoints([property: Id(0)] string MemberId, [property: Id(1)] string OrgId, [property: Id(2)] long Points);

/// <summary>
/// An organization's answer for a ranking: its own members of record (not its subtree's) in a range of
/// months, and its children, so that a walk of a subtree costs one call per organization.
/// </summary>
/// <param name="Exists">False when the organization does not exist (then everything else is empty).</param>
/// <param name="ChildIds">Its children.</param>
/// <param name="Total">The points of its members of record in the range, <see cref="Unresolved"/> left out.</param>
/// <param name="Top">Its members of record with the most points in the range, at most as many as asked, highest first, ties by member id; <see cref="Unresolved"/> left out.</param>
/// <param name="Unresolved">
/// Members of record whose months it does not hold for the range (stored before months were kept, or the
/// range starts before the years they keep): the caller asks their ledgers.
/// </param>
[GenerateSerializer, Immutable, Alias("PartyActors.PointsOfRecord")]
public sealed record PointsOfRecord(
    [property: Id(0)] bool Exists,
    [property: Id(1)] ImmutableArray<string> ChildIds,
    [property: Id(2)] long Total,
    [property: Id(3)] ImmutableArray<MemberPeriodPoints> Top,
    [property: Id(4)] ImmutableArray<string> Unresolved)
{
    public static PointsOfRecord None { get; } = new(false, [], 0, [], []);
}
