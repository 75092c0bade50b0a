namespace PartyActors.Grains.Tests;

/// <summary>
/// What the tests sent, and the roll-ups a full recount of it gives: the oracle every roll-up is
/// compared with. It knows nothing of sequences, snapshots or cadences.
/// </summary>
internal sealed class RollupModel
{
    public Dictionary<string, (string? ParentId, OrganizationKind Kind)> Orgs { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ModelMember> Members { get; } = new(StringComparer.Ordinal);

    public bool IsBelowOrSelf(string orgId, string ancestorId)
    {
        for (string? id = orgId; id is not null; id = Orgs[id].ParentId)
        {
            if (id == ancestorId)
            {
                return true;
            }
        }

        return false;
    }

    public IEnumerable<string> AncestorsAndSelf(string orgId)
    {
        for (string? id = orgId; id is not null; id = Orgs[id].ParentId)
        {
            yield return id;
        }
    }

    public bool HasChildren(string orgId) => Orgs.Values.Any(o => o.ParentId == orgId);

    public bool HasTiedMembers(string orgId) => Members.Values.Any(m =>
        m.Status.IsAttached() && (m.OrgId == orgId || m.ResidenceGridId == orgId || m.ReportInGridId == orgId));

    /// <summary>Every organization's expected subtree figures.</summary>
    public Dictionary<string, RollupCounters> Recount()
    {
        var totals = Orgs.Keys.ToDictionary(id => id, _ => new long[Metrics.Count], StringComparer.Ordinal);
        foreach (var orgId in Orgs.Keys)
        {
            foreach (var ancestor in AncestorsAndSelf(orgId))
            {
                totals[ancestor][(int)Metric.Orgs]++;
            }
        }

        foreach (var member in Members.Values)
        {
            if (!member.Status.IsAttached())
            {
                continue;
            }

            var counted = member.Status.IsCounted();
            var inService = counted && member.Category == MemberCategory.InService;
            foreach (var ancestor in AncestorsAndSelf(member.OrgId))
            {
                var t = totals[ancestor];
                t[(int)Metric.Members] += counted ? 1 : 0;
                t[(int)Metric.Probationary] += counted && member.Status == MemberStatus.Probationary ? 1 : 0;
                t[(int)Metric.InService] += inService ? 1 : 0;
                t[(int)Metric.ReportedIn] += inService && member.ReportInGridId is not null ? 1 : 0;
            }

            if (member.ReportInGridId is { } grid && counted)
            {
                foreach (var ancestor in AncestorsAndSelf(grid))
                {
                    totals[ancestor][(int)Metric.ReportedHere]++;
                }
            }
        }

        return totals.ToDictionary(
            t => t.Key,
            t => RollupCounters.From([.. Metrics.All.Select(m => (m, t.Value[(int)m]))]),
            StringComparer.Ordinal);
    }
}

internal sealed record ModelMember(MemberStatus Status, MemberCategory Category, string OrgId, string? ResidenceGridId, string? ReportInGridId);
