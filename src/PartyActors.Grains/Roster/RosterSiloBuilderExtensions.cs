using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PartyActors.Grains;

/// <summary>Adds roster batches to a silo.</summary>
public static class RosterSiloBuilderExtensions
{
    /// <summary>
    /// Registers the roster batch grain (with the other domain grains) and <see cref="RosterOptions"/>.
    /// The silo also needs a reminder table: an unfinished batch is resumed by a reminder. Call it
    /// inside <c>AddPartyActors</c>, so that batches stop starting lines before the silo drains.
    /// </summary>
    public static ISiloBuilder AddRosterBatches(this ISiloBuilder builder, Action<RosterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddGrains(typeof(RosterSiloBuilderExtensions).Assembly);
        builder.Services.TryAddSingleton<RosterStopSignal>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RosterStopSignal>());
        builder.Services.AddValidatedOptions(configure, static o => o.Validate());
        return builder;
    }
}
