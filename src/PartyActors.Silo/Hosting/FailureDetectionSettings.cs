using Orleans.Configuration;

namespace PartyActors.Silo;

/// <summary>
/// How fast the cluster declares a silo dead that stopped answering (configuration section
/// <c>Cluster:FailureDetection</c>), and so how long the grains it hosted stay unreachable after a
/// crash: about <see cref="ProbeTimeout"/> × <see cref="MissedProbesLimit"/>, plus the votes. These
/// are Orleans' <see cref="ClusterMembershipOptions"/> under plainer names; the defaults are tuned
/// for a cluster of 2–10 silos (docs/operations.md; measured in docs/benchmarks.md, "A cluster of
/// silos"): a crashed silo's grains answer elsewhere after 2–3 s instead of 11–12 s, and a silo
/// frozen for about 16 s or more (instead of about 66 s) is declared dead and stops itself.
/// </summary>
internal sealed class FailureDetectionSettings
{
    /// <summary>How long a silo waits for another's answer to a probe. Orleans' default is 5 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes in a row after which a silo votes that another is dead. Orleans' default is 3.</summary>
    public int MissedProbesLimit { get; set; } = 2;

    /// <summary>Votes that declare a silo dead (fewer when fewer silos are alive). Orleans' default is 2.</summary>
    public int VotesForDeathDeclaration { get; set; } = 2;

    /// <summary>
    /// How often each silo (and each frontend, for its list of gateways) rereads the membership table,
    /// so learns of joins and deaths it was not told of. Orleans' default is 60 s.
    /// </summary>
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a silo writes that it is alive into the table (read by tooling and by silos with no connection to it). Orleans' default is 30 s.</summary>
    public TimeSpan IAmAliveTablePublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Refuses values Orleans would take but that make no sense, at start-up, naming the setting.</summary>
    public void Validate()
    {
        const string Prefix = ClusterSettings.Section + ":" + nameof(ClusterSettings.FailureDetection) + ":";
        Positive(ProbeTimeout, Prefix + nameof(ProbeTimeout));
        Positive(TableRefreshTimeout, Prefix + nameof(TableRefreshTimeout));
        Positive(IAmAliveTablePublishTimeout, Prefix + nameof(IAmAliveTablePublishTimeout));
        if (MissedProbesLimit < 1)
        {
            throw new InvalidOperationException($"{Prefix}{nameof(MissedProbesLimit)} is {MissedProbesLimit}; it must be 1 or more.");
        }

        if (VotesForDeathDeclaration < 1)
        {
            throw new InvalidOperationException($"{Prefix}{nameof(VotesForDeathDeclaration)} is {VotesForDeathDeclaration}; it must be 1 or more.");
        }
    }

    public void ApplyTo(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = ProbeTimeout;
        options.NumMissedProbesLimit = MissedProbesLimit;
        options.NumVotesForDeathDeclaration = VotesForDeathDeclaration;
        options.TableRefreshTimeout = TableRefreshTimeout;
        options.IAmAliveTablePublishTimeout = IAmAliveTablePublishTimeout;
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{name} is {value}; it must be positive.");
        }
    }
}
