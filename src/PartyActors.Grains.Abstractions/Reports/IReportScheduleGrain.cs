namespace PartyActors.Grains;

/// <summary>
/// The schedule of periodic reports (one grain, key <see cref="Key"/>): at each boundary (midnight
/// at the start of a month, China Standard Time) it sweeps the organization tree and has every
/// organization take the snapshots of the periods that just ended, whether or not anyone is online;
/// a boundary passed while no silo ran is swept when one starts (docs/reports.md).
/// </summary>
[Alias("PartyActors.IReportScheduleGrain")]
public interface IReportScheduleGrain : IGrainWithStringKey
{
    /// <summary>The key of the one schedule grain.</summary>
    public const string Key = "periodic-reports";

    /// <summary>
    /// Starts the schedule if it never ran (boundaries before now are not swept), makes sure its
    /// reminder is registered, and sweeps any boundary that passed meanwhile. Every silo calls it
    /// when it starts; calling it again changes nothing.
    /// </summary>
    Task Start();

    /// <summary>Where the schedule stands: the last boundary swept, the sweep under way.</summary>
    Task<ReportScheduleStatus> GetStatus();
}
