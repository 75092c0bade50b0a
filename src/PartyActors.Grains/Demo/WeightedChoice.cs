namespace PartyActors.Grains.Demo;

/// <summary>Picks items in proportion to integer weights, so that a pick depends on nothing but the random stream.</summary>
internal sealed class WeightedChoice<T>
{
    private readonly T[] items;
    private readonly int[] cumulative;

    public WeightedChoice(IEnumerable<(T Item, int Weight)> choices)
    {
        var itemList = new List<T>();
        var cumulativeList = new List<int>();
        var total = 0;
        foreach (var (item, weight) in choices)
        {
            // A zero weight would make two equal bounds, and the binary search could land on the wrong one.
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(weight);
            total = checked(total + weight);
            itemList.Add(item);
            cumulativeList.Add(total);
        }

        if (itemList.Count == 0)
        {
            throw new ArgumentException("At least one choice is needed.", nameof(choices));
        }

        items = [.. itemList];
        cumulative = [.. cumulativeList];
    }

    public T Pick(DemoRandom random)
    {
        var ticket = random.Next(cumulative[^1]);
        var index = Array.BinarySearch(cumulative, ticket);

        // cumulative[i] is the first ticket past item i: an exact hit belongs to the next item.
        return items[index >= 0 ? index + 1 : ~index];
    }
}
