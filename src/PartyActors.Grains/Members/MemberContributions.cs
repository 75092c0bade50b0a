namespace PartyActors.Grains;

/// <summary>
/// What a member adds to each organization it is tied to (api.md, "Rollup"): at the organization of
/// record its membership counts, its points, its points per month (for rankings) and its card (name,
/// status and category, for lists and searches); at the grid it
/// reports in to, <c>reportedHere</c>; at its residence grid only the tie. Transferred-out and
/// departed members add nothing anywhere.
/// </summary>
internal static class MemberContributions
{
    public static Dictionary<string, Contribution> Of(string memberId, MemberState state, long version)
    {
        var targets = new Dictionary<string, Contribution>(StringComparer.Ordinal);
        if (state.Profile is not { } profile || !profile.Status.IsAttached())
        {
            return targets;
        }

        var source = new SourceKey(SourceKind.Member, memberId);
        var counted = profile.Status.IsCounted();
        var inService = counted && profile.Category == MemberCategory.InService;
        Add(targets, source, version, profile.OrgId, SourceTies.OfRecord, RollupCounters.From(
            (Metric.Members, counted ? 1 : 0),
            (Metric.Probationary, counted && profile.Status == MemberStatus.Probationary ? 1 : 0),
            (Metric.InService, inService ? 1 : 0),
            (Metric.ReportedIn, inService && state.ReportedIn is not null ? 1 : 0),
            (Metric.Points, state.PointsTotal)), state.PointsByMonth, new MemberCard(profile.Name, profile.Status, profile.Category));

        if (profile.ResidenceGridId is { } residence)
        {
            Add(targets, source, version, residence, SourceTies.Resident, RollupCounters.Zero);
        }

        if (state.ReportedIn is { } reportIn)
        {
            Add(targets, source, version, reportIn.GridId, SourceTies.ReportedIn, RollupCounters.From((Metric.ReportedHere, counted ? 1 : 0)));
        }

        return targets;
    }

    private static void Add(Dictionary<string, Contribution> targets, SourceKey source, long version, string orgId, SourceTies ties, RollupCounters counters,
        MonthlyPoints? months = null, MemberCard? card = null)
    {
        targets[orgId] = targets.TryGetValue(orgId, out var existing)
            ? existing with { Ties = existing.Ties | ties, Counters = existing.Counters + counters, Months = existing.Months ?? months, Card = existing.Card ?? card }
            : new Contribution(source, counters, ties, version, months, card);
    }
}
