namespace PartyActors.Grains;

/// <summary>
/// The schedule of organizational life (one grain, key <see cref="Key"/>): at each checkpoint (the
/// start of a month in China Standard Time, when cycles end, and the reminder lead before it) it
/// sweeps the tree and refreshes every organization's life; every silo start sweeps once too.
/// </summary>
[Alias("PartyActors.ILifeScheduleGrain")]
public interface ILifeScheduleGrain : IGrainWithStringKey
{
    public const string Key = "organizational-life";

    /// <summary>Sweeps the tree now (catching up whatever passed while no silo ran) and makes sure the reminder for the next checkpoint is registered.</summary>
    Task Start();

    Task<LifeScheduleStatus> GetStatus();
}
