namespace PartyActors.Grains.Tests;

/// <summary>
/// What the tests sent, and the roll-ups a full recount of it gives: the oracle every roll-up is
/// compared with. It knows nothing of sequences, snapshots or cadences.
/// </summary>
internal sealed class RollupModel
{
    public Dictionary<string, (string? ParentId, OrganizationKind Kind)> Orgs { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ModelMember> Members { get; } = new(StringComparer.Ordinal);

    /// <summary>Commitments by id, each counted where it was made (its owner's organization then).</summary>
    public Dictionary<string, ModelCommitment> Commitments { get; } = new(StringComparer.Ordinal);

    /// <summary>Projects by id, each counted at its publishing organization.</summary>
    public Dictionary<string, ModelProject> Projects { get; } = new(StringComparer.Ordinal);

    /// <summary>Residents' requests by id, each counted at the grid or community where it was filed.</summary>
    public Dictionary<string, ModelRequest> Requests { get; } = new(StringComparer.Ordinal);

    /// <summary>Errands (全程代办) by id, each counted where it was taken or moved to.</summary>
    public Dictionary<string, ModelErrand> Errands { get; } = new(StringComparer.Ordinal);

    /// <summary>Confirmed redemptions (积分兑换) by shop and redemption id, each counted at its shop's community.</summary>
    public Dictionary<string, ModelRedemption> Redemptions { get; } = new(StringComparer.Ordinal);

    /// <summary>The organizations' own points rule tables.</summary>
    public Dictionary<string, PointsRuleTable> Rules { get; } = new(StringComparer.Ordinal);

    /// <summary>The table that applies at <paramref name="orgId"/>: its own, else the closest ancestor's, else the defaults.</summary>
    public PointsRuleTable RulesAt(string orgId) =>
        AncestorsAndSelf(orgId).Select(id => Rules.GetValueOrDefault(id)).FirstOrDefault(t => t is not null) ?? PointsRuleTable.Default;

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
                t[(int)Metric.Points] += member.Points;
            }

            if (member.ReportInGridId is { } grid && counted)
            {
                foreach (var ancestor in AncestorsAndSelf(grid))
                {
                    totals[ancestor][(int)Metric.ReportedHere]++;
                }
            }
        }

        foreach (var commitment in Commitments.Values)
        {
            foreach (var ancestor in AncestorsAndSelf(commitment.OrgId))
            {
                var t = totals[ancestor];
                t[(int)Metric.CommitmentsOpen] += commitment.Status == CommitmentStatus.Done ? 0 : 1;
                t[(int)Metric.CommitmentsOverdue] += commitment.Status == CommitmentStatus.Overdue ? 1 : 0;
                t[(int)Metric.CommitmentsDone] += commitment.Status == CommitmentStatus.Done ? 1 : 0;
            }
        }

        foreach (var project in Projects.Values)
        {
            foreach (var ancestor in AncestorsAndSelf(project.OrgId))
            {
                var t = totals[ancestor];
                t[(int)Metric.ProjectsOpen] += project.Open ? 1 : 0;
                t[(int)Metric.ClaimsCompleted] += project.Claims.Count(c => c.Minutes is not null);
                t[(int)Metric.VolunteerMinutes] += project.Claims.Sum(c => (long)(c.Minutes ?? 0));
            }
        }

        foreach (var request in Requests.Values)
        {
            var closed = request.Status == RequestStatus.Closed;
            foreach (var ancestor in AncestorsAndSelf(request.OrgId))
            {
                var t = totals[ancestor];
                t[(int)Metric.RequestsOpen] += closed ? 0 : 1;
                t[(int)Metric.RequestsOverdue] += !closed && request.Overdue ? 1 : 0;
                t[(int)Metric.RequestsClosed] += closed ? 1 : 0;
                t[(int)Metric.SatisfactionSum] += closed ? request.Satisfaction ?? 0 : 0;
                t[(int)Metric.SatisfactionCount] += closed ? 1 : 0;
            }
        }

        // A cancelled errand counts nowhere, and may name a community a merge has since dissolved.
        foreach (var errand in Errands.Values.Where(e => e.Status != ErrandStatus.Cancelled))
        {
            foreach (var ancestor in AncestorsAndSelf(errand.OrgId))
            {
                var t = totals[ancestor];
                t[(int)Metric.ErrandsOpen] += errand.Status == ErrandStatus.Open ? 1 : 0;
                t[(int)Metric.ErrandsOverdue] += errand.Status == ErrandStatus.Open && errand.Overdue ? 1 : 0;
                t[(int)Metric.ErrandsDone] += errand.Status == ErrandStatus.Done ? 1 : 0;
            }
        }

        foreach (var redemption in Redemptions.Values)
        {
            foreach (var ancestor in AncestorsAndSelf(redemption.OrgId))
            {
                var t = totals[ancestor];
                t[(int)Metric.Redemptions]++;
                t[(int)Metric.PointsRedeemed] += redemption.Points;
            }
        }

        return totals.ToDictionary(
            t => t.Key,
            t => RollupCounters.From([.. Metrics.All.Select(m => (m, t.Value[(int)m]))]),
            StringComparer.Ordinal);
    }
}

/// <param name="Points">The member's balance: counted at its organization of record while it is attached.</param>
internal sealed record ModelMember(MemberStatus Status, MemberCategory Category, string OrgId, string? ResidenceGridId, string? ReportInGridId, long Points = 0);

/// <param name="OrgId">Where it counts: the owning organization, or the member owner's organization of record when it was made.</param>
/// <param name="MemberId">The member owner; null for an organization's commitment.</param>
/// <param name="DueAt">The instant it turns overdue if still open (the midnight, UTC+8, after its due date).</param>
internal sealed record ModelCommitment(string OrgId, string? MemberId, CommitmentStatus Status, DateTimeOffset DueAt);

/// <param name="OrgId">Where it was filed and counts, whoever answers for it now.</param>
/// <param name="Overdue">Found unanswered past a deadline (stays so until closed; a reopening starts a new term).</param>
/// <param name="DueAt">The current term's deadline, while it can still be missed.</param>
internal sealed record ModelRequest(string OrgId, RequestStatus Status, bool Overdue, DateTimeOffset DueAt, int? Satisfaction = null);

/// <param name="OrgId">Where it counts: where it was taken, or where it was relocated to.</param>
/// <param name="Overdue">Found open past its deadline (counted while it stays open).</param>
internal sealed record ModelErrand(string OrgId, string CadreMemberId, ErrandStatus Status, bool Overdue, DateTimeOffset DueAt);

/// <param name="OrgId">The shop's community, where it counts.</param>
/// <param name="Points">The points it spent.</param>
internal sealed record ModelRedemption(string OrgId, int Points);

/// <param name="Claims">Claims in the order they were made.</param>
internal sealed record ModelProject(string OrgId, int Quota, bool Open, List<ModelClaim> Claims);

/// <param name="Minutes">The minutes of a completed claim; null while claimed.</param>
/// <param name="Deducted">What its no-show took from the member and a late completion would give back (0: nothing).</param>
internal sealed record ModelClaim(string Id, string MemberId, int? Minutes = null, int Deducted = 0);
