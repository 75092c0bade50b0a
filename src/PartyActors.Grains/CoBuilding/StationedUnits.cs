namespace PartyActors.Grains;

/// <summary>
/// The checks co-building shares: a community is an organization that takes report-ins (a community
/// or a village), and a unit is stationed in it when its report-in (双报到, the truth of
/// <see cref="IOrganizationReportInGrain"/>) names it now.
/// </summary>
internal static class StationedUnits
{
    /// <summary>Deeper ancestor chains than this mean a damaged tree, not a deep one.</summary>
    private const int MaxDepth = 256;

    /// <summary>Throws 404 when the community does not exist, 422 <c>not-a-community</c> when it is another kind.</summary>
    public static async Task RequireCommunityAsync(IGrainFactory grains, string communityId)
    {
        var community = await grains.GetGrain<IRollupNode>(communityId).GetChildRollup();
        if (!community.Exists)
        {
            throw new DomainException(DomainErrorKind.NotFound, DomainErrors.OrgNotFound, $"Organization '{communityId}' does not exist.");
        }

        if (!OrganizationReportInRules.TakesReportIns(community.Kind))
        {
            throw new DomainException(DomainErrorKind.UnknownReference, OrganizationReportInRules.NotACommunity,
                $"Organization '{communityId}' is a {WireNames<OrganizationKind>.Name(community.Kind)}, not a community or a village: units are stationed in those.")
            { Field = "communityId" };
        }
    }

    /// <summary>Throws 422 <c>unit-not-stationed</c> (naming <paramref name="field"/>) unless the unit is reported in to the community now.</summary>
    public static async Task RequireStationedAsync(IGrainFactory grains, string communityId, string unitOrgId, string field)
    {
        if (!await IsStationedAsync(grains, communityId, unitOrgId))
        {
            throw NotStationed(communityId, unitOrgId, field);
        }
    }

    public static async Task<bool> IsStationedAsync(IGrainFactory grains, string communityId, string unitOrgId) =>
        (await grains.GetGrain<IOrganizationReportInGrain>(unitOrgId).GetCurrent())?.CommunityId == communityId;

    public static DomainException NotStationed(string communityId, string unitOrgId, string field) =>
        new(DomainErrorKind.UnknownReference, CoBuildingRules.UnitNotStationed,
            $"Organization '{unitOrgId}' is not reported in to community '{communityId}' (双报到): only units stationed there take part in its co-building.")
        { Field = field };

    /// <summary>
    /// The units reported in to the community now, ordinal order: the community's ties (a superset),
    /// each checked against the unit's own report-in.
    /// </summary>
    public static async Task<List<string>> ListAsync(IGrainFactory grains, string communityId)
    {
        var tied = await grains.GetGrain<IOrganizationGrain>(communityId).GetSourceIds(SourceKind.OrganizationReportIn);
        var here = await Task.WhenAll(tied.Select(async id => await IsStationedAsync(grains, communityId, id) ? id : null));
        return [.. here.OfType<string>().Order(StringComparer.Ordinal)];
    }

    /// <summary>Whether <paramref name="orgId"/> is <paramref name="rootId"/> or lies below it.</summary>
    public static async Task<bool> LiesWithinAsync(IGrainFactory grains, string orgId, string rootId)
    {
        string? current = orgId;
        for (var depth = 0; current is not null && depth < MaxDepth; depth++)
        {
            if (current == rootId)
            {
                return true;
            }

            current = await grains.GetGrain<IRollupNode>(current).GetParentId();
        }

        return false;
    }
}
