namespace PartyActors.Grains.Demo;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, 2014): the demo data's only source of randomness. Its own
/// algorithm rather than <see cref="Random"/>, whose sequence for a seed is not promised to stay the
/// same across .NET versions, so that a seed gives the same district on every runtime.
/// </summary>
internal sealed class DemoRandom(ulong seed)
{
    private ulong state = seed;

    public ulong NextUInt64()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>
    /// An independent stream for one part of the generation, so that changing how one part is drawn
    /// leaves the others as they were.
    /// </summary>
    public DemoRandom Fork() => new(NextUInt64());

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);

        // Lemire's multiply-and-shift with rejection: unbiased, and one multiplication in almost every call.
        var bound = (ulong)maxExclusive;
        var threshold = (0UL - bound) % bound;
        while (true)
        {
            var high = Math.BigMul(NextUInt64(), bound, out var low);
            if (low >= threshold)
            {
                return (int)high;
            }
        }
    }

    /// <summary>A uniform integer in [<paramref name="minInclusive"/>, <paramref name="maxInclusive"/>].</summary>
    public int Between(int minInclusive, int maxInclusive)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minInclusive, maxInclusive);
        return minInclusive + Next(maxInclusive - minInclusive + 1);
    }

    /// <summary>True with the given probability.</summary>
    public bool Chance(double probability) => (NextUInt64() >> 11) * (1.0 / (1UL << 53)) < probability;

    /// <summary>A uniform element of a non-empty list.</summary>
    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
}
