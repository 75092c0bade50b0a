using PartyActors.Client;
using PartyActors.Grains;
using PartyActors.Grains.Demo;

namespace PartyActors.EndToEnd;

/// <summary>
/// The membership figures of api.md recounted from what the test sent (the roster and the changes
/// made after it), knowing nothing of how the silo keeps them: the oracle roll-ups are compared with.
/// </summary>
internal sealed class ExpectedRollups
{
    public static readonly string[] Metrics =
    [
        RollupMetrics.Orgs,
        RollupMetrics.Members,
        RollupMetrics.Probationary,
        RollupMetrics.InService,
        RollupMetrics.ReportedIn,
        RollupMetrics.ReportedHere,
    ];

    private readonly Dictionary<string, string?> _parents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Member> _members = new(StringComparer.Ordinal);

    public ExpectedRollups(DemoDistrict district)
    {
        foreach (var organization in district.Organizations)
        {
            _parents[organization.Id] = organization.Definition.ParentId;
        }

        foreach (var member in district.Members)
        {
            Put(member.Id, member.Profile.Status, member.Profile.Category, member.Profile.OrgId);
        }
    }

    public void Put(string memberId, MemberStatus status, MemberCategory category, string orgId) =>
        _members[memberId] = new Member(status, category, orgId, _members.TryGetValue(memberId, out var old) ? old.ReportedInGridId : null);

    public void ReportIn(string memberId, string gridId) => _members[memberId] = _members[memberId] with { ReportedInGridId = gridId };

    /// <summary>The member leaves: out of every figure.</summary>
    public void Remove(string memberId) => _members.Remove(memberId);

    /// <summary>The figures of <paramref name="orgId"/>'s subtree, in the order of <see cref="Metrics"/>.</summary>
    public long[] For(string orgId)
    {
        var figures = new long[Metrics.Length];
        figures[0] = _parents.Keys.Count(id => IsBelowOrSelf(id, orgId));
        foreach (var member in _members.Values.Where(m => m.Status.IsCounted()))
        {
            var inService = member.Category == MemberCategory.InService;
            if (IsBelowOrSelf(member.OrgId, orgId))
            {
                figures[1]++;
                figures[2] += member.Status == MemberStatus.Probationary ? 1 : 0;
                figures[3] += inService ? 1 : 0;
                figures[4] += inService && member.ReportedInGridId is not null ? 1 : 0;
            }

            if (member.ReportedInGridId is { } grid && IsBelowOrSelf(grid, orgId))
            {
                figures[5]++;
            }
        }

        return figures;
    }

    /// <summary>The figures of each of <paramref name="orgIds"/>, in one pass over the members (for many organizations at once).</summary>
    public Dictionary<string, long[]> For(IEnumerable<string> orgIds)
    {
        var figures = orgIds.Distinct(StringComparer.Ordinal).ToDictionary(id => id, _ => new long[Metrics.Length], StringComparer.Ordinal);
        IEnumerable<long[]> UpFrom(string orgId)
        {
            for (string? id = orgId; id is not null; id = _parents[id])
            {
                if (figures.TryGetValue(id, out var f))
                {
                    yield return f;
                }
            }
        }

        foreach (var orgId in _parents.Keys)
        {
            foreach (var f in UpFrom(orgId))
            {
                f[0]++;
            }
        }

        foreach (var member in _members.Values.Where(m => m.Status.IsCounted()))
        {
            var inService = member.Category == MemberCategory.InService;
            foreach (var f in UpFrom(member.OrgId))
            {
                f[1]++;
                f[2] += member.Status == MemberStatus.Probationary ? 1 : 0;
                f[3] += inService ? 1 : 0;
                f[4] += inService && member.ReportedInGridId is not null ? 1 : 0;
            }

            if (member.ReportedInGridId is { } grid)
            {
                foreach (var f in UpFrom(grid))
                {
                    f[5]++;
                }
            }
        }

        return figures;
    }

    /// <summary>The same figures read from a roll-up (absent ones as 0).</summary>
    public static long[] Of(Client.Rollup rollup) => [.. Metrics.Select(rollup.Metric)];

    public static string Describe(long[] figures) => string.Join(", ", Metrics.Zip(figures, (name, value) => $"{name}={value}"));

    private bool IsBelowOrSelf(string orgId, string ancestorId)
    {
        for (string? id = orgId; id is not null; id = _parents[id])
        {
            if (id == ancestorId)
            {
                return true;
            }
        }

        return false;
    }

    private sealed record Member(MemberStatus Status, MemberCategory Category, string OrgId, string? ReportedInGridId);
}
