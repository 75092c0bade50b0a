using System.Diagnostics;
using PartyActors.Grains;
using PartyActors.Grains.Demo;

namespace PartyActors.EndToEnd;

/// <summary>
/// What the end-to-end tests share: where in the Erqi district to look, how to read a
/// <c>partyactors watch</c> line, and how to wait for roll-ups to equal the recount.
/// </summary>
internal static class EndToEndChecks
{
    /// <summary>The district, its street with the most organizations, and that street's grid with the most counted members.</summary>
    public static (string Root, string Street, string Grid) Places(DemoDistrict district)
    {
        var parents = district.Organizations.ToDictionary(o => o.Id, o => o.Definition.ParentId, StringComparer.Ordinal);
        string StreetOf(string id)
        {
            while (parents[id] is { } parent && parents[parent] is not null)
            {
                id = parent;
            }

            return id;
        }

        var root = district.Organizations[0].Id;
        var street = district.Organizations.Where(o => o.Definition.ParentId == root)
            .MaxBy(s => district.Organizations.Count(o => o.Definition.ParentId is not null && StreetOf(o.Id) == s.Id))!.Id;
        var grid = district.Organizations
            .Where(o => o.Definition.Kind == OrganizationKind.Grid && StreetOf(o.Id) == street)
            .MaxBy(g => district.Members.Count(m => m.Profile.OrgId == g.Id && m.Profile.Status.IsCounted()))!.Id;
        return (root, street, grid);
    }

    /// <summary>Whether a <c>partyactors watch</c> line shows <c>name=value</c>.</summary>
    public static bool Shows(string line, string name, long value) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains($"{name}={value}", StringComparer.Ordinal);

    /// <summary>
    /// Reads the roll-ups of <paramref name="orgIds"/> until each equals the recount (roll-ups travel up
    /// on a cadence), or fails showing the differences. <paramref name="read"/> gets the attempt's
    /// number too, so callers can spread reads over several processes; up to
    /// <paramref name="parallelism"/> reads are in flight at once.
    /// </summary>
    public static async Task AssertRollupsSettleAsync(
        Func<string, int, Task<Client.Rollup>> read,
        ExpectedRollups expected,
        IReadOnlyList<string> orgIds,
        string when,
        TimeSpan timeout,
        Action<string> step,
        int parallelism = 1)
    {
        var want = expected.For(orgIds);
        var clock = Stopwatch.StartNew();
        var reads = 0;
        var pending = orgIds.ToList();
        while (true)
        {
            var differences = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
            var round = reads;
            await Parallel.ForEachAsync(
                pending.Select((orgId, index) => (orgId, index)),
                new ParallelOptions { MaxDegreeOfParallelism = parallelism },
                async (item, _) =>
                {
                    var actual = ExpectedRollups.Of(await read(item.orgId, round * pending.Count + item.index));
                    if (!actual.SequenceEqual(want[item.orgId]))
                    {
                        differences[item.orgId] = $"{item.orgId}: expected {ExpectedRollups.Describe(want[item.orgId])}; read {ExpectedRollups.Describe(actual)}";
                    }
                });

            reads++;
            if (differences.IsEmpty && pending.Count < orgIds.Count)
            {
                // Those that differed are exact now: read them all once more, together, to confirm.
                pending = [.. orgIds];
                continue;
            }

            if (differences.IsEmpty)
            {
                var shown = orgIds.Take(3).Select(id => $"{id} {ExpectedRollups.Describe(want[id])}");
                var what = orgIds.Count <= 3 ? string.Join(", ", orgIds) : $"{orgIds.Count} organizations";
                step($"roll-ups of {what} exact {when} (read {reads} time(s) over {clock.ElapsedMilliseconds} ms): {string.Join("; ", shown)}{(orgIds.Count > 3 ? "; …" : string.Empty)}");
                return;
            }

            Assert.True(clock.Elapsed < timeout,
                $"Roll-ups {when} still differ from the recount after {timeout.TotalSeconds:F0} s ({differences.Count} of {orgIds.Count} organizations; at most 30 shown):\n"
                + string.Join('\n', differences.Values.Order(StringComparer.Ordinal).Take(30)));

            // Only the ones that differed are read again until they are exact; then all once more.
            pending = [.. pending.Where(differences.ContainsKey)];
            await Task.Delay(100);
        }
    }
}
