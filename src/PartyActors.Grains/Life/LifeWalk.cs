namespace PartyActors.Grains;

/// <summary>
/// Refreshes the life of every organization in the subtrees of some roots, level by level,
/// <c>parallelism</c> organizations at a time, reaching children through each refresh's answer.
/// </summary>
internal static class LifeWalk
{
    /// <summary>Deeper trees than this are damaged, not deep.</summary>
    private const int MaxOrganizations = 10_000_000;

    /// <param name="failed">Told of each organization that could not be refreshed (its subtree is not reached); null: the first failure is thrown once the rest of the walk is done.</param>
    /// <returns>The organizations refreshed, and how many could not be.</returns>
    public static async Task<(int Refreshed, int Failed)> RunAsync(
        IGrainFactory grains, IEnumerable<string> roots, int parallelism, Action<string, Exception>? failed = null)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>();
        foreach (var root in roots)
        {
            if (visited.Add(root))
            {
                pending.Enqueue(root);
            }
        }

        var refreshed = 0;
        var failures = 0;
        Exception? first = null;
        while (pending.Count > 0 && visited.Count < MaxOrganizations)
        {
            var batch = new string[Math.Min(parallelism, pending.Count)];
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = pending.Dequeue();
            }

            var answers = await Task.WhenAll(batch.Select(async id =>
            {
                try
                {
                    return (id, Answer: await grains.GetGrain<IOrganizationLifeGrain>(id).Refresh(force: false), Error: (Exception?)null);
                }
                catch (Exception exception)
                {
                    return (id, Answer: (LifeRefresh?)null, Error: exception);
                }
            }));

            foreach (var (id, answer, error) in answers)
            {
                if (error is not null)
                {
                    failures++;
                    first ??= error;
                    failed?.Invoke(id, error);
                    continue;
                }

                refreshed++;
                foreach (var child in answer!.ChildIds)
                {
                    if (visited.Add(child))
                    {
                        pending.Enqueue(child);
                    }
                }
            }
        }

        if (first is not null && failed is null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }

        return (refreshed, failures);
    }
}
