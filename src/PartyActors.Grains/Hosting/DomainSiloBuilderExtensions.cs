namespace PartyActors.Grains;

/// <summary>Adds the domain grains to a silo.</summary>
public static class DomainSiloBuilderExtensions
{
    /// <summary>Registers organizations, members and roll-ups, with <see cref="RollupOptions"/> configured by <paramref name="configure"/>.</summary>
    public static ISiloBuilder AddDomainGrains(this ISiloBuilder builder, Action<RollupOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddGrains(typeof(DomainSiloBuilderExtensions).Assembly);
        builder.Services.AddValidatedOptions(configure, static o => o.Validate());
        return builder;
    }
}
