namespace PartyActors.Grains;

/// <summary>What an organization's report-in keeps durable: where it is reported in now, and where before.</summary>
internal sealed class OrganizationReportInState
{
    public OrganizationReportIn? Current { get; set; }

    /// <summary>Every report-in, oldest first; the current one last with no end. Moves are rare (a unit relocates), so it stays short.</summary>
    public List<OrganizationReportInPeriod> History { get; set; } = [];

    /// <summary>Grows with every committed change; stamps the contributions sent to communities.</summary>
    public long Version { get; set; }

    public OrganizationReportInState Copy()
    {
        var copy = (OrganizationReportInState)MemberwiseClone();
        copy.History = [.. History];
        return copy;
    }
}
