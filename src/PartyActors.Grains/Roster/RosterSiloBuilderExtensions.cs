using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PartyActors.Grains;

/// <summary>Adds roster batches to a silo.</summary>
public static class RosterSiloBuilderExtensions
{
    /// <summary>
    /// Configures roster batches (<see cref="RosterOptions"/>) and the signal that stops them
    /// starting lines when the silo begins to stop. The silo also needs reminders: an unfinished
    /// batch is resumed, and a finished one deleted, by a reminder.
    /// </summary>
    public static ISiloBuilder AddRosterBatches(this ISiloBuilder builder, Action<RosterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<RosterStopSignal>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<RosterStopSignal>());
        builder.Services.AddValidatedOptions(configure, static o => o.Validate());
        return builder;
    }
}
