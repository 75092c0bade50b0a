namespace PartyActors.Grains;

/// <summary>What a process that calls the domain grains without hosting them (a frontend) is configured with.</summary>
public static class DomainClientBuilderExtensions
{
    /// <summary>
    /// The roll-up and roster options the HTTP API reads (stream renewal, upload limits), checked as
    /// a silo checks them, so a frontend and the silos behind it agree on the same settings.
    /// </summary>
    public static IClientBuilder AddDomainClient(this IClientBuilder builder, Action<RollupOptions>? rollups = null, Action<RosterOptions>? roster = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddValidatedOptions(rollups, static o => o.Validate());
        builder.Services.AddValidatedOptions(roster, static o => o.Validate());
        return builder;
    }
}
