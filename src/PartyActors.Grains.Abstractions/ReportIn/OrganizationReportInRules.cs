namespace PartyActors.Grains;

/// <summary>
/// Which organizations report in (双报到) and where (docs/report-in.md), and the stable codes of the
/// refusals. Checked by the report-in grain; the community's organization grain checks the target
/// kind again when it takes the tie, so a community renamed to another kind meanwhile cannot take one.
/// </summary>
public static class OrganizationReportInRules
{
    /// <summary>The community (or village) to report in to does not exist (422, field <c>communityId</c>).</summary>
    public const string CommunityNotFound = "community-not-found";

    /// <summary>The organization named to report in to is not a community or a village (422, field <c>communityId</c>).</summary>
    public const string NotACommunity = "not-a-community";

    /// <summary>The organization is part of the territorial chain (or a temporary one) and does not report in (409).</summary>
    public const string NotAStationedUnit = "not-a-stationed-unit";

    /// <summary>The organization already lies under the community it names (422, field <c>communityId</c>).</summary>
    public const string WithinCommunity = "within-community";

    /// <summary>An organization reported in somewhere cannot be dissolved before it withdraws (409).</summary>
    public const string StillReportedIn = "still-reported-in";

    /// <summary>A community with organizations reported in cannot be dissolved or stop being a community (409).</summary>
    public const string HasReportedOrgs = "has-reported-orgs";

    /// <summary>
    /// Units stationed in a community report in to it: agencies (机关), public institutions (事业单位),
    /// enterprises (国企, 两新), social organizations (社会组织), joint branches (联合党支部), and the
    /// Party organizations of such units (committee, general branch, branch, Party group). The
    /// territorial chain (district, street, township, community, village, grid) is where they report
    /// in, not what reports; a temporary Party organization (临时党组织) is set up for a task or a
    /// course, stands nowhere, and its members report in one by one.
    /// </summary>
    public static bool ReportsIn(OrganizationKind kind) => kind is
        OrganizationKind.Agency or OrganizationKind.Institution or OrganizationKind.Enterprise or OrganizationKind.SocialOrg
        or OrganizationKind.JointBranch or OrganizationKind.Committee or OrganizationKind.GeneralBranch or OrganizationKind.Branch
        or OrganizationKind.PartyGroup;

    /// <summary>
    /// Organizations report in to a community's Party organization (社区党委) or a village's (村党组织): the
    /// same level of the tree (domain.md: 102 communities and 53 villages in Erqi), and the level a
    /// member's report-in grid hangs from.
    /// </summary>
    public static bool TakesReportIns(OrganizationKind kind) => kind is OrganizationKind.Community or OrganizationKind.Village;
}
