using Microsoft.Extensions.DependencyInjection;

namespace PartyActors.Grains;

/// <summary>Adds organizational life (三会一课) to a silo.</summary>
public static class LifeSiloBuilderExtensions
{
    /// <summary>
    /// Configures organizational life (<see cref="LifeOptions"/>): every organization the tree creates,
    /// renames or moves gets its <c>meetingsRequired</c> / <c>meetingsHeld</c> at once, and the
    /// schedule sweeps the tree at each checkpoint and every silo start. The silo also needs reminders.
    /// Without this, templates and meetings can still be recorded, but an organization's figures
    /// change only when its own life is touched.
    /// </summary>
    public static ISiloBuilder AddOrganizationalLife(this ISiloBuilder builder, Action<LifeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddValidatedOptions(configure, static o => o.Validate());
        builder.Services.AddSingleton<IPlacementListener, LifePlacementListener>();
        ScheduleStarter.Register(builder.Services, "organizational life", static grains => grains.GetGrain<ILifeScheduleGrain>(ILifeScheduleGrain.Key).Start());
        return builder;
    }
}
