namespace PartyActors.Grains;

/// <summary>Adds the schedule of periodic reports to a silo.</summary>
public static class ReportsSiloBuilderExtensions
{
    /// <summary>
    /// Configures periodic reports (<see cref="ReportOptions"/>) and starts their schedule with the
    /// silo. The silo also needs reminders (the schedule ticks at each boundary) and a grain log store
    /// (each organization's snapshots are a log). Without this, nothing is ever taken, but reports
    /// already taken can still be read.
    /// </summary>
    public static ISiloBuilder AddPeriodicReports(this ISiloBuilder builder, Action<ReportOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddValidatedOptions(configure, static o => o.Validate());
        ScheduleStarter.Register(builder.Services, "periodic reports", static grains => grains.GetGrain<IReportScheduleGrain>(IReportScheduleGrain.Key).Start());
        return builder;
    }
}
