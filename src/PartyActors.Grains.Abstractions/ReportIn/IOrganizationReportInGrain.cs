namespace PartyActors.Grains;

/// <summary>
/// Where one organization is reported in (双报到 for organizations), keyed by that organization's id:
/// a unit stationed in a community (驻区单位: an agency, an institution, an enterprise, a social
/// organization, or a Party organization of one) reports in to the community it stands in. Its state
/// is the truth; the community lists it as a roll-up source that ties it there
/// (<see cref="SourceTies.StationedIn"/>), sent and made durable before this grain commits, so the
/// community's list is never missing an organization reported in to it and reconciles like any source.
/// </summary>
[Alias("PartyActors.IOrganizationReportInGrain")]
public interface IOrganizationReportInGrain : IRelocatableSource
{
    /// <summary>Reports the organization in to a community (or a village); again with another one moves the report.</summary>
    Task<OrganizationReportIn> ReportIn(string communityId);

    /// <summary>Withdraws the report-in; without one, changes nothing.</summary>
    Task WithdrawReportIn();

    /// <summary>The current report-in, or null.</summary>
    Task<OrganizationReportIn?> GetCurrent();

    /// <summary>The current report-in and every earlier one, oldest first.</summary>
    Task<OrganizationReportInHistory> GetHistory();
}
