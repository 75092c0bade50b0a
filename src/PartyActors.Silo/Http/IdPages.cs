namespace PartyActors.Silo.Http;

/// <summary>
/// Pages of a list kept as ids in ordinal order, for routes that read each id's details from its
/// grain: <c>?limit</c> (1 to <see cref="MaxLimit"/>, default <see cref="DefaultLimit"/>) items after
/// the id <c>?after</c>, and <c>next</c>, the id to pass as <c>after</c> for the following page (null
/// on the last). Ids whose grain no longer qualifies are skipped, so a page may be followed by an
/// empty one; a cursor stays valid whatever is added or removed meanwhile.
/// </summary>
internal static class IdPages
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>How many ids are resolved at once: grain calls in flight per request.</summary>
    public const int Parallelism = 64;

    /// <summary>Records a <c>limit</c> out of range and an <c>after</c> that is no id.</summary>
    public static void Check(ValidationErrors errors, int? limit, string? after)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (limit is < 1 or > MaxLimit)
        {
            errors.Add("limit", $"'limit' must be from 1 to {MaxLimit}.");
        }

        errors.CheckId("after", after, required: false);
    }

    /// <summary>
    /// Resolves <paramref name="ids"/> (ordinal order) after <paramref name="after"/>, a chunk at a time,
    /// keeping those that resolve to an item, until <paramref name="limit"/> are kept or the ids end.
    /// </summary>
    public static async Task<(List<T> Items, string? Next)> ReadAsync<T>(IReadOnlyList<string> ids, string? after, int? limit, Func<string, Task<T?>> resolve)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(resolve);
        var wanted = limit ?? DefaultLimit;
        var start = after is null ? 0 : FirstAfter(ids, after);
        var items = new List<T>();
        var position = start;
        while (position < ids.Count && items.Count < wanted)
        {
            var chunk = ids.Skip(position).Take(Math.Min(Parallelism, wanted - items.Count)).ToArray();
            var resolved = await Task.WhenAll(chunk.Select(resolve));
            items.AddRange(resolved.OfType<T>());
            position += chunk.Length;
        }

        return (items, position < ids.Count && position > start ? ids[position - 1] : null);
    }

    /// <summary>The chunks of <paramref name="ids"/>, each resolved at once, in order: for answers streamed whole.</summary>
    public static async IAsyncEnumerable<T[]> ReadAllAsync<T>(IReadOnlyList<string> ids, Func<string, Task<T?>> resolve)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(resolve);
        foreach (var chunk in ids.Chunk(Parallelism))
        {
            yield return [.. (await Task.WhenAll(chunk.Select(resolve))).OfType<T>()];
        }
    }

    private static int FirstAfter(IReadOnlyList<string> ids, string after)
    {
        int low = 0, high = ids.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (string.CompareOrdinal(ids[middle], after) <= 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
