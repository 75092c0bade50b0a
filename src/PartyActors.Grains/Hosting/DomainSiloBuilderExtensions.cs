using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PartyActors.Grains;

/// <summary>Adds the domain grains to a silo.</summary>
public static class DomainSiloBuilderExtensions
{
    /// <summary>
    /// Configures organizations, members and roll-ups (<see cref="RollupOptions"/> by
    /// <paramref name="configure"/>). Orleans finds the grain classes themselves in the referenced
    /// assembly; this adds what they are configured with.
    /// </summary>
    public static ISiloBuilder AddDomainGrains(this ISiloBuilder builder, Action<RollupOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddValidatedOptions(configure, static o => o.Validate());
        builder.Services.AddValidatedOptions<PointsOptions>(null, static o => o.Validate());
        builder.Services.AddValidatedOptions<RequestOptions>(null, static o => o.Validate());
        builder.Services.AddValidatedOptions<RewardOptions>(null, static o => o.Validate());
        builder.Services.AddValidatedOptions<ErrandOptions>(null, static o => o.Validate());
        builder.Services.AddValidatedOptions<ReshapeOptions>(null, static o => o.Validate());
        builder.Services.TryAddSingleton<OrganizationDrain>();
        builder.Services.TryAddSingleton<ReconcileGate>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<OrganizationDrain>());
        return builder;
    }
}
